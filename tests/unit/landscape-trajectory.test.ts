import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectOnPlane, trajectoryPca, type TrajectoryResult } from '../../src/core/analysis/trajectory';
import { createMlp } from '../../src/core/models/mlp';
import { type ParamValues, initialValues } from '../../src/core/params';
import { Rng } from '../../src/core/rng';
import type { Runner } from '../../src/core/train/runner';
import { useBackend } from './helpers';
import { directLoss, trainedRunner } from './landscape-helpers';

const model = createMlp(2, [6, 5], 2, 'tanh');
const shapes = model.params.map((p) => p.shape);
const isWeight = (i: number) => shapes[i].length >= 2;

/** A random unit vector on the weight entries (biases 0), as a parameter list. */
function unitWeightVector(seed: number): ParamValues {
  const rng = Rng.stream(seed, 'test-vector');
  const v = shapes.map((s, i) =>
    isWeight(i) ? rng.normals(s.reduce((a, b) => a * b, 1)) : new Float32Array(s[0]),
  );
  const norm = Math.sqrt(v.reduce((s, t) => s + t.reduce((u, x) => u + x * x, 0), 0));
  return v.map((t) => t.map((x) => x / norm));
}

const dot = (a: ParamValues, b: ParamValues) =>
  a.reduce((s, t, i) => s + t.reduce((u, x, e) => u + x * b[i][e], 0), 0);
const along = (theta: ParamValues, terms: [number, ParamValues][]) =>
  theta.map((t, i) => t.map((x, e) => terms.reduce((s, [c, d]) => s + c * d[i][e], x)));

describe('PCA trajectory (docs/methods/landscapes.md#optimisation-trajectory)', () => {
  const theta0 = initialValues(model, 3);

  it('a path along one axis gives that axis with ~100% explained variance', () => {
    const u = unitWeightVector(1);
    const t = [0, 0.3, 0.5, 0.9, 1.4, 2];
    const snapshots = t.map((ti) => along(theta0, [[ti, u]]));
    const pca = trajectoryPca(snapshots, shapes, { includeBiases: false, seed: 1 });
    const cos = dot(pca.pcs[0], u);
    console.log(
      `one axis: explained ${pca.explained.map((r) => r.toFixed(8)).join(', ')}, |cos(pc1, u)| = ${Math.abs(cos)}`,
    );
    expect(pca.explained[0]).toBeGreaterThan(0.999999);
    expect(pca.explained[1]).toBeLessThan(1e-6);
    expect(Math.abs(cos)).toBeGreaterThan(0.999999);
    // x_i = ⟨θ_i − θ_n, pc1⟩ = ±(t_i − t_n); y ≈ 0; the final point is the origin.
    t.forEach((ti, i) => expect(pca.x[i]).toBeCloseTo(Math.sign(cos) * (ti - 2), 5));
    for (const y of pca.y) expect(Math.abs(y)).toBeLessThan(1e-5);
    expect(pca.x[5]).toBe(0);
    // pc2 is a unit vector orthogonal to pc1; bias entries are 0 in both.
    expect(dot(pca.pcs[1], pca.pcs[1])).toBeCloseTo(1, 5);
    expect(Math.abs(dot(pca.pcs[0], pca.pcs[1]))).toBeLessThan(1e-6);
    for (const pc of pca.pcs)
      shapes.forEach((_, i) => !isWeight(i) && expect(Array.from(pc[i]).every((v) => v === 0)).toBe(true));
  });

  it('two orthogonal axes with variances 10 : 1 give ratios 10/11 and 1/11', () => {
    const u = unitWeightVector(2);
    let w = unitWeightVector(3);
    const c = dot(w, u);
    w = along(w, [[-c, u]]);
    const wn = Math.sqrt(dot(w, w));
    w = w.map((t) => t.map((x) => x / wn));
    // Centred, uncorrelated coefficients: Σa = Σb = Σab = 0, Σa² = 10, Σb² = 1.
    const a = [-2, -1, 0, 1, 2];
    const b = [0.5, -0.5, 0, -0.5, 0.5];
    const snapshots = a.map((ai, i) =>
      along(theta0, [
        [ai, u],
        [b[i], w],
      ]),
    );
    const pca = trajectoryPca(snapshots, shapes, { includeBiases: false, seed: 1 });
    console.log(`two axes: explained ${pca.explained.join(', ')} (expected ${10 / 11}, ${1 / 11})`);
    expect(pca.explained[0]).toBeCloseTo(10 / 11, 5);
    expect(pca.explained[1]).toBeCloseTo(1 / 11, 5);
    expect(Math.abs(dot(pca.pcs[0], u))).toBeCloseTo(1, 5);
    expect(Math.abs(dot(pca.pcs[1], w))).toBeCloseTo(1, 5);
    // Uncentred projections relative to the last snapshot.
    a.forEach((ai, i) => expect(Math.abs(pca.x[i])).toBeCloseTo(Math.abs(ai - a[4]), 4));
  });

  it('projectOnPlane recovers the coefficients of non-orthogonal directions', () => {
    const d1 = unitWeightVector(4);
    const d2 = along(unitWeightVector(5), [[0.6, d1]]); // far from orthogonal
    const points = [
      [0.3, -0.7],
      [-1.2, 0.25],
    ].map(([x, y]) =>
      along(theta0, [
        [x, d1],
        [y, d2],
      ]),
    );
    const { x, y } = projectOnPlane(points, theta0, d1, d2);
    expect(x[0]).toBeCloseTo(0.3, 5);
    expect(y[0]).toBeCloseTo(-0.7, 5);
    expect(x[1]).toBeCloseTo(-1.2, 5);
    expect(y[1]).toBeCloseTo(0.25, 5);
  });
});

describe('trajectory analysis on a real run', () => {
  let runner: Runner;
  beforeAll(async () => {
    await useBackend('wasm');
    runner = await trainedRunner({
      model: { kind: 'mlp', hidden: [12, 12], activation: 'tanh' },
      training: { epochs: 6 },
    });
  });
  afterAll(() => runner.cancel());

  it('projects every snapshot, ends at the origin, and its contours are centred on the final model', async () => {
    const r = (await runner.runAnalysis('trajectory', { resolution: 9, subset: 100000 })) as TrajectoryResult;
    const t = runner.trainer;
    console.log(
      `trajectory of ${r.epochs.length} snapshots: explained ${r.explained.map((v) => (100 * v).toFixed(2) + '%').join(', ')}, ` +
        `x ${r.x.map((v) => v.toFixed(3)).join(' ')}`,
    );
    expect(r.epochs).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(r.x[6]).toBe(0);
    expect(r.y[6]).toBe(0);
    expect(r.explained[0]).toBeGreaterThanOrEqual(r.explained[1]);
    expect(r.explained[0] + r.explained[1]).toBeLessThanOrEqual(1 + 1e-9);
    const { alphas, betas } = r.surface;
    expect(Math.min(...alphas)).toBeLessThanOrEqual(Math.min(...r.x));
    expect(Math.max(...alphas)).toBeGreaterThanOrEqual(Math.max(...r.x));
    expect(Math.min(...betas!)).toBeLessThanOrEqual(Math.min(...r.y));
    expect(Math.max(...betas!)).toBeGreaterThanOrEqual(Math.max(...r.y));
    // The surface's centre is θ_n, the final snapshot = the current parameters.
    const direct = await directLoss(t.model, t.vars, t.xTrain, t.yTrain);
    expect(r.surface.values[0].center.loss).toBeCloseTo(direct.loss, 6);
  });
});
