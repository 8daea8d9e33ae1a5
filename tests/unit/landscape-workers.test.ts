import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../src/core/tf';
import { type GridAxes, coarseAxisIndices, evaluateGrid, linspace } from '../../src/core/analysis/grid';
import type { LandscapeResult } from '../../src/core/analysis/landscape';
import { landscape1dAnalysis, landscape2dAnalysis } from '../../src/core/analysis/landscape';
import type { PointEvaluator, PointValues } from '../../src/core/analysis/point-eval';
import {
  type ChunkEvaluator,
  type PointEvaluatorPool,
  type SurfaceJob,
  jobEvaluator,
  mlpShape,
} from '../../src/core/analysis/point-eval-pool';
import { createCnn } from '../../src/core/models/cnn';
import type { Runner } from '../../src/core/train/runner';
import { leakedTensors, useBackend } from './helpers';
import { trainedRunner } from './landscape-helpers';

/** A value of the point (α, β) that no two grid points share, so a misplaced chunk shows. */
const f = (c: readonly number[]) =>
  Math.sin(3 * c[0] + 1) + 7 * Math.cos(c[1] ?? 0.5) * c[0] + 0.01 * (c[1] ?? 0);

/** Waits a few event-loop turns (0–3), so evaluators interleave in varying order. */
const turns = (n: number) => new Promise<void>((resolve) => setTimeout(resolve, n));

/**
 * A fake evaluator computing f on two "sets" after `delay(call)` ms; logs the chunks it took, and throws
 * on the calls `failOn` lists.
 */
function fakeEvaluator(name: string, log: string[], delay: (call: number) => number, failOn: number[] = []) {
  let calls = 0;
  const evaluator: PointEvaluator & { chunks: number } = {
    strategy: 'loop',
    chunkSize: 5,
    chunks: 0,
    async evaluate(coeffs): Promise<PointValues> {
      const call = calls++;
      log.push(`${name}:start:${coeffs.map((c) => c.join('/')).join(',')}`);
      await turns(delay(call));
      if (failOn.includes(call)) {
        log.push(`${name}:fail`);
        throw new Error(`${name} broke on call ${call}`);
      }
      evaluator.chunks++;
      const loss = Float32Array.from(coeffs, f);
      return { loss: [loss, loss.map((v) => 2 * v)], acc: [loss.map((v) => v / 10), loss.map((v) => -v)] };
    },
    dispose: () => undefined,
  };
  return evaluator;
}

const AXES_2D: GridAxes = { alphas: linspace(-1, 1, 21), betas: linspace(-0.5, 0.7, 17) };
const AXES_1D: GridAxes = { alphas: linspace(-1, 1, 41), betas: null };

/** The serial result: the local evaluator alone. */
async function serial(axes: GridAxes) {
  return evaluateGrid(
    fakeEvaluator('serial', [], () => 0),
    axes,
    2,
  );
}

describe('the grid scheduler with helper evaluators (docs/engine-notes.md#landscape-workers)', () => {
  for (const [dims, axes] of [
    ['2-D', AXES_2D],
    ['1-D', AXES_1D],
  ] as const) {
    it(`${dims}: local + 2 helpers give the serial values, every point once, the coarse picture first`, async () => {
      const log: string[] = [];
      const local = fakeEvaluator('local', log, (c) => c % 3);
      const helpers = [
        fakeEvaluator('h1', log, (c) => (c + 1) % 4),
        fakeEvaluator('h2', log, (c) => (c * 7) % 3),
      ];
      const partials: { stage: string; evaluated: number; loss: Float32Array; at: number }[] = [];
      const fractions: number[] = [];
      const grid = await evaluateGrid(local, axes, 2, {
        helpers,
        partialEveryMs: 0,
        progress: async (fraction, partial) => {
          fractions.push(fraction);
          if (partial)
            partials.push({
              stage: partial.stage,
              evaluated: partial.evaluated,
              loss: partial.loss[0],
              at: log.length,
            });
          return true;
        },
      });
      const reference = await serial(axes);
      expect(grid.complete).toBe(true);
      expect(grid.helperErrors).toEqual([]);
      for (let s = 0; s < 2; s++) {
        expect(Array.from(grid.loss[s])).toEqual(Array.from(reference.loss[s]));
        expect(Array.from(grid.acc[s])).toEqual(Array.from(reference.acc[s]));
      }
      // Every point evaluated exactly once, by whichever evaluator; all three took chunks.
      const points = log.flatMap((l) => l.split(':')[2].split(','));
      expect(points.length).toBe(grid.loss[0].length);
      expect(new Set(points).size).toBe(points.length);
      expect(grid.evaluated).toBe(points.length);
      expect([local, ...helpers].map((e) => e.chunks > 0)).toEqual([true, true, true]);
      expect(fractions.at(-1)).toBe(1);
      expect(fractions.every((x, i) => i === 0 || x > fractions[i - 1])).toBe(true);

      // The first partial is the whole coarse grid, reported before any refinement chunk started.
      const nx = axes.alphas.length;
      const coarseA = new Set(coarseAxisIndices(nx).map((i) => axes.alphas[i]));
      const coarseB = axes.betas
        ? new Set(coarseAxisIndices(axes.betas.length).map((j) => axes.betas![j]))
        : null;
      const isCoarse = (point: string) => {
        const [a, b] = point.split('/').map(Number);
        return coarseA.has(a) && (!coarseB || coarseB.has(b));
      };
      const coarseCount = coarseA.size * (coarseB?.size ?? 1);
      const first = partials[0];
      expect(first.stage).toBe('coarse');
      expect(first.evaluated).toBe(coarseCount);
      expect(Array.from(first.loss).filter(Number.isFinite).length).toBe(coarseCount);
      expect(partials.filter((p) => p.stage === 'coarse').length).toBe(1);
      const startedBefore = log.slice(0, first.at).flatMap((l) => l.split(':')[2].split(','));
      expect(startedBefore.every(isCoarse)).toBe(true);
      expect(startedBefore.length).toBe(coarseCount);
    });
  }

  it('helpers still starting join the grid when ready; ready too late, they change nothing', async () => {
    const reference = await serial(AXES_2D);
    for (const readyAfterMs of [15, 10_000]) {
      const local = fakeEvaluator('local', [], () => 1);
      const late = fakeEvaluator('late', [], () => 1);
      let ready = (): void => undefined;
      const joining = new Promise<ChunkEvaluator[]>((resolve) => (ready = () => resolve([late])));
      const timer = setTimeout(ready, readyAfterMs);
      const grid = await evaluateGrid(local, AXES_2D, 2, { helpers: joining });
      clearTimeout(timer);
      ready();
      expect(Array.from(grid.loss[0])).toEqual(Array.from(reference.loss[0]));
      expect(grid.complete).toBe(true);
      expect(late.chunks > 0).toBe(readyAfterMs < 1000);
      expect(grid.helpers).toBe(readyAfterMs < 1000 ? 1 : 0);
      expect(grid.evaluated).toBe(reference.evaluated);
    }
  });

  it('cancelling stops handing out chunks: none once the answer is in, a few while it is pending', async () => {
    const log: string[] = [];
    const local = fakeEvaluator('local', log, () => 1);
    const helpers = [fakeEvaluator('h1', log, () => 2), fakeEvaluator('h2', log, () => 3)];
    let calls = 0;
    let startedAtCancel = -1;
    const grid = await evaluateGrid(local, AXES_2D, 2, {
      helpers,
      progress: async () => {
        if (++calls < 4) return true;
        if (startedAtCancel < 0) startedAtCancel = log.length;
        await turns(1);
        return false;
      },
    });
    const startedAtReturn = log.length;
    await turns(30);
    expect(log.length).toBe(startedAtReturn);
    // While the answer is pending: a chunk for each of the local loop and the helpers' two loops each.
    expect(startedAtReturn - startedAtCancel).toBeLessThanOrEqual(1 + 2 * helpers.length);
    expect(grid.complete).toBe(false);
    const evaluated = Array.from(grid.loss[0]).filter(Number.isFinite).length;
    expect(evaluated).toBe(grid.evaluated);
    expect(evaluated).toBeGreaterThan(0);
    expect(evaluated).toBeLessThan(AXES_2D.alphas.length * AXES_2D.betas!.length);
  });

  it('a helper that throws leaves its chunk to the others: same values, its error reported', async () => {
    const log: string[] = [];
    const local = fakeEvaluator('local', log, (c) => c % 2);
    const bad = fakeEvaluator('bad', log, () => 1, [2]);
    const good = fakeEvaluator('good', log, (c) => c % 3);
    const grid = await evaluateGrid(local, AXES_2D, 2, { helpers: [bad, good] });
    const reference = await serial(AXES_2D);
    expect(grid.complete).toBe(true);
    expect(Array.from(grid.loss[1])).toEqual(Array.from(reference.loss[1]));
    expect(grid.helperErrors).toEqual(['bad broke on call 2']);
    // It took no chunk after failing (the one asked for alongside may still have finished).
    const failedAt = log.indexOf('bad:fail');
    expect(failedAt).toBeGreaterThan(0);
    expect(log.slice(failedAt).filter((l) => l.startsWith('bad:start')).length).toBe(0);
    expect(bad.chunks).toBeGreaterThanOrEqual(2);
  });

  it('helpers that fail after the local evaluator ran out of chunks: the local one finishes theirs', async () => {
    const local = fakeEvaluator('local', [], () => 0);
    // Slow helpers: their first chunks (two each, asked for at once) fail long after the local one is done.
    const slow = [fakeEvaluator('s1', [], () => 30, [0, 1]), fakeEvaluator('s2', [], () => 40, [0, 1])];
    const grid = await evaluateGrid(local, AXES_2D, 2, { helpers: slow });
    const reference = await serial(AXES_2D);
    expect(grid.complete).toBe(true);
    expect(Array.from(grid.loss[0])).toEqual(Array.from(reference.loss[0]));
    expect(grid.helperErrors.length).toBe(2);
    expect(slow.map((s) => s.chunks)).toEqual([0, 0]);
  });

  /**
   * A helper whose calls listed in `hangOn` never answer (a hung or starved worker); the others are passed on
   * to a fake evaluator (`failOn` counts those).
   */
  const hanging = (hangOn: number[], ms = 1, failOn: number[] = []) => {
    const inner = fakeEvaluator('hung', [], () => ms, failOn);
    let calls = 0;
    return {
      inner,
      evaluate: (coeffs: number[][]) =>
        hangOn.includes(calls++) ? new Promise<PointValues>(() => undefined) : inner.evaluate(coeffs),
    };
  };

  it('a helper that stops answering: after lateAfterMs its chunks are computed here, the grid completes', async () => {
    const reference = await serial(AXES_2D);
    for (const hangOn of [[0, 1], [3]]) {
      const local = fakeEvaluator('local', [], () => 1);
      const hung = hanging(hangOn);
      const fractions: number[] = [];
      const grid = await evaluateGrid(local, AXES_2D, 2, {
        helpers: [hung],
        lateAfterMs: 40,
        progress: async (fraction) => (fractions.push(fraction), true),
      });
      expect(grid.complete).toBe(true);
      expect(Array.from(grid.loss[0])).toEqual(Array.from(reference.loss[0]));
      expect(Array.from(grid.acc[1])).toEqual(Array.from(reference.acc[1]));
      expect(grid.evaluated).toBe(reference.evaluated);
      expect(fractions.at(-1)).toBe(1);
      expect(grid.helperErrors).toHaveLength(1);
      expect(grid.helperErrors[0]).toMatch(/^it did not answer for \d+\.\d s$/);
      expect(grid.helpers).toBe(0);
    }
  });

  it('a late helper whose answers come after all: each point counted once, same values', async () => {
    const reference = await serial(AXES_2D);
    const local = fakeEvaluator('local', [], () => 1);
    // Slower than lateAfterMs on its third call: let go, then its answer arrives (and is dropped or first).
    const slow = fakeEvaluator('slow', [], (c) => (c === 2 ? 120 : 1));
    const grid = await evaluateGrid(local, AXES_2D, 2, { helpers: [slow], lateAfterMs: 30 });
    await turns(150);
    expect(grid.complete).toBe(true);
    expect(Array.from(grid.loss[1])).toEqual(Array.from(reference.loss[1]));
    expect(grid.evaluated).toBe(reference.evaluated);
    expect(Array.from(grid.loss[0]).filter(Number.isFinite).length).toBe(reference.evaluated);
    expect(grid.helperErrors).toEqual([expect.stringMatching(/^it did not answer/)]);
  });

  it('a helper that fails while its other request hangs: that chunk goes back too', async () => {
    const reference = await serial(AXES_1D);
    const local = fakeEvaluator('local', [], () => 3);
    // Its first two calls go out together: the first never answers, the second throws.
    const grid = await evaluateGrid(local, AXES_1D, 2, { helpers: [hanging([0], 1, [0])] });
    expect(grid.complete).toBe(true);
    expect(Array.from(grid.loss[0])).toEqual(Array.from(reference.loss[0]));
    expect(grid.helperErrors).toEqual(['hung broke on call 0']);
  });

  it('cancelling does not wait for a helper that stopped answering', async () => {
    const local = fakeEvaluator('local', [], () => 1);
    let calls = 0;
    const grid = await evaluateGrid(local, AXES_2D, 2, {
      helpers: [hanging([1, 2, 3, 4])],
      lateAfterMs: 40,
      progress: async () => ++calls < 3,
    });
    expect(grid.complete).toBe(false);
    expect(grid.evaluated).toBe(Array.from(grid.loss[0]).filter(Number.isFinite).length);
  });

  it("the local evaluator's error rejects the grid (after the helpers' chunks under way settle)", async () => {
    const log: string[] = [];
    const local = fakeEvaluator('local', log, () => 1, [3]);
    const helpers = [fakeEvaluator('h1', log, () => 5)];
    await expect(evaluateGrid(local, AXES_2D, 2, { helpers })).rejects.toThrow('local broke on call 3');
    const started = log.length;
    await turns(20);
    expect(log.length).toBe(started);
  });
});

/** An in-process pool: `count` helpers built from the job on the same backend, each yielding before its chunk. */
function inProcessPool(count: number, failing = false) {
  const opened: { job: SurfaceJob; helpers: PointEvaluator[] }[] = [];
  let closed = 0;
  const pool: PointEvaluatorPool = {
    async open(job) {
      if (failing) throw new Error('no worker here');
      const helpers = Array.from({ length: count }, () => jobEvaluator(job));
      opened.push({ job, helpers });
      const lent: ChunkEvaluator[] = helpers.map((h) => ({
        evaluate: async (coeffs) => {
          await turns(1);
          return h.evaluate(coeffs);
        },
      }));
      return { helpers: lent, note: null, close: () => (closed++, helpers.forEach((h) => h.dispose())) };
    },
  };
  return { pool, opened, closed: () => closed };
}

describe('surfaces with helper evaluators on the same backend', () => {
  let runner: Runner;
  beforeAll(async () => {
    await useBackend('wasm');
    runner = await trainedRunner({
      model: { kind: 'mlp', hidden: [24, 24], activation: 'elu' },
      training: { epochs: 2 },
    });
  });
  afterAll(() => runner.cancel());

  const run = async (
    helpers: PointEvaluatorPool | undefined,
    analysis = landscape2dAnalysis,
    settings = {},
  ) => {
    const ctx = { ...runner.analysisContext('landscape'), helpers };
    const s = analysis.parseSettings({ resolution: 15, subset: 300, chunk: 8, ...settings });
    return (await analysis.run(ctx, s)) as LandscapeResult;
  };

  // Enough chunks that the helpers, which join once they have started, get some.
  for (const [dims, analysis, settings] of [
    ['2-D', landscape2dAnalysis, {}],
    ['1-D', landscape1dAnalysis, { resolution: 41, chunk: 2 }],
  ] as const) {
    it(`${dims}: two helpers give the serial values exactly and leak nothing`, async () => {
      const alone = await run(undefined, analysis, settings);
      const { pool, opened, closed } = inProcessPool(2);
      let helped: LandscapeResult | undefined;
      const leaked = await leakedTensors(async () => (helped = await run(pool, analysis, settings)));
      expect(leaked).toBe(0);
      expect(closed()).toBe(1);
      expect(opened[0].job.strategy).toBe(alone.strategy);
      expect(helped!.workers).toBe(3);
      expect(alone.workers).toBe(1);
      expect(helped!.workersNote).toBeNull();
      for (let s = 0; s < alone.values.length; s++) {
        expect(Array.from(helped!.values[s].loss)).toEqual(Array.from(alone.values[s].loss));
        expect(Array.from(helped!.values[s].acc)).toEqual(Array.from(alone.values[s].acc));
      }
    });
  }

  it('a pool that cannot start: the surface computes here, and says why', async () => {
    const alone = await run(undefined);
    const r = await run(inProcessPool(2, true).pool);
    expect(r.workers).toBe(1);
    expect(r.workersNote).toMatch(/could not start \(no worker here\)/);
    expect(Array.from(r.values[0].loss)).toEqual(Array.from(alone.values[0].loss));
  });

  it('a robust landscape stays in one worker (its attack runs per point)', async () => {
    const { pool, opened } = inProcessPool(2);
    const r = await run(pool, landscape1dAnalysis, {
      resolution: 5,
      robust: { attack: 'fgsm', size: 20 },
    });
    expect(opened.length).toBe(0);
    expect(r.workers).toBe(1);
  });

  it('helpers serve plain MLPs only: a CNN is not described to them', () => {
    const cnn = createCnn([8, 8, 1], [{ type: 'conv', filters: 3, kernel: 3 }, { type: 'pool' }], 3, 'tiny');
    expect(mlpShape(cnn)).toBeNull();
    expect(mlpShape(runner.analysisContext('x').model)).toEqual({
      inputDim: 2,
      hidden: [24, 24],
      numClasses: 2,
      activation: 'elu',
    });
  });

  it("a helper's evaluator frees every tensor it made", async () => {
    const { pool, opened } = inProcessPool(1);
    await run(pool);
    const job = opened[0].job;
    const leaked = await leakedTensors(async () => {
      const e = jobEvaluator(job);
      await e.evaluate([
        [0.1, 0.2],
        [0.3, -0.4],
      ]);
      e.dispose();
    });
    expect(leaked).toBe(0);
    expect(tf.getBackend()).toBe('wasm');
  });
});
