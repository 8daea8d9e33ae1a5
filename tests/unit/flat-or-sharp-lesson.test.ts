/**
 * The claims of the lesson "Flat or sharp?" against a fresh computation of its steps (wasm, the lesson's
 * seeds): each step's "what to look for" quotes numbers, and every quoted number is the computed one at the
 * precision it is quoted with; the relations the text states (which run is sharper, that the ranking flips
 * without filter normalisation, …) are checked on the same numbers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LandscapeResult } from '../../src/core/analysis/landscape';
import type { SharpnessResult } from '../../src/core/analysis/sharpness';
import type { TrajectoryResult } from '../../src/core/analysis/trajectory';
import type { WeightDistributionResult } from '../../src/core/analysis/weight-distribution';
import { flatOrSharp } from '../../src/core/lessons/flat-or-sharp';
import { configDifferences } from '../../src/core/config-patch';
import { stepConfig, stepPlan } from '../../src/core/lessons/lesson';
import { LessonSession, type StepOutcome, lookForOf, mean, median, resultOf } from './lesson-steps';

const SMALL = 'batch 8';
const LARGE = 'batch 150';
const lookFor = (id: string) => lookForOf(flatOrSharp, id);
/** A ratio as the text words it ("seven"). */
const times = (ratio: number) =>
  ['', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'][Math.round(ratio)];
const centreLoss = (r: LandscapeResult, split: string) =>
  r.values.find((v) => v.split === split)!.center.loss;
const rise = (r: LandscapeResult, split = 'train') => r.sharpness.find((s) => s.split === split)!.maxRise;

describe('lesson "Flat or sharp?": what each step tells the class to look for is what it computes', () => {
  const session = new LessonSession(flatOrSharp);
  let steps: Record<string, StepOutcome> = {};
  beforeAll(async () => {
    steps = await session.all();
  });
  afterAll(() => session.dispose());

  it('trains two runs for the whole lesson: every step reuses the batch-8 and batch-150 runs', () => {
    expect(session.trained).toBe(2);
    const large = stepConfig(flatOrSharp, flatOrSharp.steps[2]);
    const [small, compared] = stepPlan(flatOrSharp, flatOrSharp.steps[0]).runs.map((r) => r.config);
    expect(configDifferences(compared, large)).toEqual([]);
    expect(configDifferences(small, large)).toEqual(['training.batchSize', 'training.epochs']);
  });

  it('1: the batch-150 valley is several times sharper; lower training loss, higher test loss at α = 0', () => {
    const s = steps['batch-size'];
    const [small, large] = s.rows.map((r) => r.sharpness!.value);
    expect(large / small).toBeGreaterThan(5);
    const text = lookFor('batch-size');
    expect(text).toContain(`about ${large.toFixed(2)}`);
    expect(text).toContain(`by about ${small.toFixed(2)}`);
    const a = resultOf<LandscapeResult>(s.run(SMALL), 'landscape-1d');
    const b = resultOf<LandscapeResult>(s.run(LARGE), 'landscape-1d');
    expect(centreLoss(b, 'train')).toBeLessThan(centreLoss(a, 'train'));
    expect(centreLoss(b, 'test')).toBeGreaterThan(centreLoss(a, 'test'));
    expect(text).toContain(`(${centreLoss(b, 'train').toFixed(2)} vs ${centreLoss(a, 'train').toFixed(2)})`);
    expect(text).toContain(`(${centreLoss(b, 'test').toFixed(2)} vs ${centreLoss(a, 'test').toFixed(2)})`);
  });

  it('2: without filter normalisation the ranking flips, and the batch-150 filters are larger in every layer', () => {
    const s = steps['filter-normalisation'];
    expect(resultOf<LandscapeResult>(s.run(LARGE), 'landscape-1d').normalization).toBe('dlayer');
    const [small, large] = s.rows.map((r) => r.sharpness!.value);
    expect(large).toBeLessThan(small);
    const text = lookFor('filter-normalisation');
    expect(text).toContain(`about ${large.toFixed(3)} vs ${small.toFixed(3)}`);
    const [filterSmall, filterLarge] = steps['batch-size'].rows.map((r) => r.sharpness!.value);
    expect(text).toContain(`about ${times(filterLarge / filterSmall)} times sharper`);
    const a = resultOf<WeightDistributionResult>(s.run(SMALL), 'weight-distribution').layers;
    const b = resultOf<WeightDistributionResult>(s.run(LARGE), 'weight-distribution').layers;
    expect(b.map((l) => l.name)).toEqual(a.map((l) => l.name));
    b.forEach((l, i) => {
      expect(median(l.filterL1), l.name).toBeGreaterThan(median(a[i].filterL1));
      expect(mean(l.filterL1), l.name).toBeGreaterThan(mean(a[i].filterL1));
    });
  });

  it('3: the line is the β = 0 row of the plane, and the plane finds a larger rise within r, off the line', () => {
    const run = steps['line-or-plane'].run(flatOrSharp.steps[2].title);
    const line = resultOf<LandscapeResult>(run, 'landscape-1d');
    const plane = resultOf<LandscapeResult>(run, 'landscape-2d');
    expect(plane.directionSeed).toBe(line.directionSeed);
    const row = plane.betas!.indexOf(0);
    const nx = plane.alphas.length;
    const lineLoss = line.values[0].loss;
    plane.alphas.forEach((alpha, i) => {
      const j = line.alphas.findIndex((a) => Math.abs(a - alpha) < 1e-9);
      expect(j, `α = ${alpha} on the line`).toBeGreaterThanOrEqual(0);
      expect(plane.values[0].loss[row * nx + i]).toBeCloseTo(lineLoss[j], 4);
    });
    const r1 = rise(line);
    const r2 = rise(plane);
    expect(r2.radius).toBe(r1.radius);
    expect(r2.rise).toBeGreaterThan(r1.rise);
    expect(r2.beta).not.toBe(0);
    expect(lookFor('line-or-plane')).toContain(`about ${r2.rise.toFixed(2)} against ${r1.rise.toFixed(2)}`);
  });

  it('4: the path is almost planar, starts about 11 units away, and the random directions are orthogonal to it', () => {
    const run = steps['pca-trajectory'].run(flatOrSharp.steps[3].title);
    const t = resultOf<TrajectoryResult>(run, 'trajectory');
    expect(t.epochs.length).toBe(401);
    const [e1, e2] = t.explained.map((v) => Math.round(v * 100));
    const text = lookFor('pca-trajectory');
    expect(text).toContain(
      `about ${e1} % and ${e2} % of the path (${Math.round((t.explained[0] + t.explained[1]) * 100)} % together)`,
    );
    expect(t.explained[0]).toBeGreaterThan(0.9);
    const start = Math.hypot(t.x[0], t.y[0]);
    expect(text).toContain(`about ${Math.round(start)} units`);
    expect(Math.min(...t.surface.alphas)).toBeLessThanOrEqual(Math.min(0, ...t.x));
    expect(Math.max(...t.surface.alphas)).toBeGreaterThanOrEqual(Math.max(0, ...t.x));
    // "an angle of about 90°": |cos| < 0.1 between each random direction of step 3 and each principal one.
    const plane = resultOf<LandscapeResult>(
      steps['line-or-plane'].run(flatOrSharp.steps[2].title),
      'landscape-2d',
    );
    const flat = (v: ArrayLike<number>[]) => v.flatMap((t) => Array.from(t));
    const cos = (u: number[], v: number[]) =>
      u.reduce((s, x, i) => s + x * v[i], 0) /
      Math.sqrt(u.reduce((s, x) => s + x * x, 0) * v.reduce((s, x) => s + x * x, 0));
    const cosines = plane.directions!.flatMap((d) => t.pcs!.map((pc) => cos(flat(d), flat(pc))));
    console.log(
      `cosines between the random directions and the PCs: ${cosines.map((c) => c.toFixed(3)).join(', ')}`,
    );
    for (const c of cosines) expect(Math.abs(c)).toBeLessThan(0.1);
  });

  it('5: λ_max and the rise along the line rank the runs the same way', () => {
    const s = steps['sharpness-numbers'];
    const [small, large] = s.rows;
    expect(large.hessianTopEigenvalue!).toBeGreaterThan(small.hessianTopEigenvalue!);
    expect(large.sharpness!.value).toBeGreaterThan(small.sharpness!.value);
    expect(large.sharpness!.source).toBe('landscape-1d');
    for (const label of [SMALL, LARGE])
      expect(resultOf<SharpnessResult>(s.run(label), 'sharpness').hessian.converged, label).toBe(true);
    const text = lookFor('sharpness-numbers');
    expect(text).toContain(
      `about ${large.hessianTopEigenvalue!.toFixed(1)} for batch 150 against ${small.hessianTopEigenvalue!.toFixed(1)} for batch 8`,
    );
    expect(text).toContain(`(${large.sharpness!.value.toFixed(2)} vs ${small.sharpness!.value.toFixed(2)})`);
    expect(text).toContain(`about ${times(large.sharpness!.value / small.sharpness!.value)} times`);
  });
});
