import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../src/core/tf';
import {
  landscape1dAnalysis,
  landscape2dAnalysis,
  type LandscapeResult,
} from '../../src/core/analysis/landscape';
import type { SurfacePartial } from '../../src/core/analysis/surface';
import { coarseSubgrid } from '../../src/core/analysis/grid';
import { computeSurface } from '../../src/core/analysis/surface';
import { randomDirections } from '../../src/core/analysis/directions';
import { ROBUST_LANDSCAPE_ATTACKS } from '../../src/core/analysis/robust-attacks';
import { ATTACKS } from '../../src/core/attacks/registry';
import type { PointObjective } from '../../src/core/analysis/point-eval';
import type { EngineEvent } from '../../src/core/events';
import { createCnn } from '../../src/core/models/cnn';
import { createMlp } from '../../src/core/models/mlp';
import { initialValues, toTensors } from '../../src/core/params';
import { Rng } from '../../src/core/rng';
import type { Runner } from '../../src/core/train/runner';
import { perExampleCrossEntropy } from '../../src/core/objectives/loss';
import { leakedTensors, useBackend } from './helpers';
import {
  directLoss,
  manualContext,
  maxAbsDiff,
  paramsOf,
  pick,
  recordingContext,
  shifted,
  trainedRunner,
} from './landscape-helpers';

let runner: Runner;

beforeAll(async () => {
  await useBackend('wasm');
  runner = await trainedRunner({
    model: { kind: 'mlp', hidden: [16, 16], activation: 'tanh' },
    training: { epochs: 4 },
  });
});
afterAll(() => runner.cancel());

const run = (id: string, settings: unknown) => runner.runAnalysis(id, settings) as Promise<LandscapeResult>;

describe('loss landscapes (docs/methods/landscapes.md)', () => {
  it("the grid's centre equals the model's loss, evaluated directly", async () => {
    const t = runner.trainer;
    const r = await run('landscape-2d', { resolution: 7, splits: ['train', 'test'], subset: 100000 });
    const centre = 3 * 7 + 3;
    expect(r.alphas[3]).toBe(0);
    expect(r.betas![3]).toBe(0);
    for (const [v, x, y] of [
      [r.values[0], t.xTrain, t.yTrain],
      [r.values[1], t.xTest, t.yTest],
    ] as const) {
      const direct = await directLoss(t.model, t.vars, x, y);
      console.log(
        `${v.split}: grid centre ${v.loss[centre]}, direct ${direct.loss}; acc ${v.acc[centre]} vs ${direct.acc}`,
      );
      expect(v.indices).toBeNull();
      expect(v.loss[centre]).toBeCloseTo(direct.loss, 6);
      expect(v.acc[centre]).toBeCloseTo(direct.acc, 6);
      expect(v.center.loss).toBe(v.loss[centre]);
    }
    // A subset: the centre equals the direct loss on exactly the recorded examples.
    const sub = await run('landscape-1d', { resolution: 5, splits: ['train'], subset: 200 });
    expect(sub.values[0].indices!.length).toBe(200);
    const [xs, ys] = pick(t.xTrain, t.yTrain, sub.values[0].indices);
    const direct = await directLoss(t.model, t.vars, xs, ys);
    tf.dispose([xs, ys]);
    expect(sub.values[0].loss[2]).toBeCloseTo(direct.loss, 6);
    expect(sub.shape).toEqual([1, 5]);
    expect(sub.betas).toBeNull();
  });

  it('every point is the loss at θ + α·d₁ + β·d₂ with the returned directions', async () => {
    const t = runner.trainer;
    const r = await run('landscape-2d', { resolution: 5, span: 0.5, splits: ['test'], subset: 100000 });
    const theta = await paramsOf(runner);
    for (const [i, j] of [
      [0, 4],
      [3, 1],
    ]) {
      const params = shifted(
        theta,
        [
          [r.alphas[i], r.directions![0]],
          [r.betas![j], r.directions![1]],
        ],
        t.model,
      );
      const direct = await directLoss(t.model, params, t.xTest, t.yTest);
      tf.dispose(params);
      expect(r.values[0].loss[j * 5 + i]).toBeCloseTo(direct.loss, 5);
    }
  });

  it('batched and loop strategies agree to 1e-5 (ELU MLP, padded last chunk)', async () => {
    const elu = await trainedRunner({
      model: { kind: 'mlp', hidden: [32, 32, 32], activation: 'elu' },
      training: { epochs: 2 },
    });
    try {
      const settings = { resolution: 9, splits: ['train', 'test'], subset: 100000, chunk: 16 };
      const loop = (await elu.runAnalysis('landscape-2d', {
        ...settings,
        strategy: 'loop',
      })) as LandscapeResult;
      const batched = (await elu.runAnalysis('landscape-2d', {
        ...settings,
        strategy: 'batched',
      })) as LandscapeResult;
      const auto = (await elu.runAnalysis('landscape-2d', {
        ...settings,
        strategy: 'auto',
      })) as LandscapeResult;
      expect(loop.strategy).toBe('loop');
      expect(batched.strategy).toBe('batched');
      expect(auto.strategy).toBe('fused'); // wasm: batching over weights does not pay, fusing does
      for (let s = 0; s < 2; s++) {
        const dl = maxAbsDiff(loop.values[s].loss, batched.values[s].loss);
        const da = maxAbsDiff(loop.values[s].acc, batched.values[s].acc);
        console.log(
          `${loop.values[s].split}: max |loss loop − batched| = ${dl.toExponential(2)}, max |acc diff| = ${da}`,
        );
        expect(dl).toBeLessThan(1e-5);
        expect(da).toBeLessThanOrEqual(1 / elu.trainer.yTest.shape[0] + 1e-7);
      }
    } finally {
      await elu.cancel();
    }
  });

  it('progressive: the coarse picture comes first and its values equal the fine grid', async () => {
    const { ctx, partials } = recordingContext(runner, 'landscape-2d');
    const s = landscape2dAnalysis.parseSettings({ resolution: 25, subset: 100, strategy: 'loop' });
    const fine = await landscape2dAnalysis.run(ctx, s);
    const flat = await landscape2dAnalysis.run(ctx, { ...s, coarse: false });
    expect(Array.from(flat.values[0].loss)).toEqual(Array.from(fine.values[0].loss));
    const first = partials[0] as SurfacePartial;
    expect(first.stage).toBe('coarse');
    expect(first.coarse.alphaIndices).toEqual([0, 3, 6, 9, 12, 15, 18, 21, 24]);
    expect(first.evaluated).toBe(81);
    expect(first.alphas).toEqual(fine.alphas);
    const coarse = new Set(
      first.coarse.betaIndices.flatMap((j) => first.coarse.alphaIndices.map((i) => j * 25 + i)),
    );
    for (let p = 0; p < 625; p++) {
      if (coarse.has(p)) expect(first.loss[0][p]).toBe(fine.values[0].loss[p]);
      else expect(first.loss[0][p]).toBeNaN();
    }
    expect(fine.complete).toBe(true);
    expect(partials.length).toBeGreaterThanOrEqual(1);
    // The coarse picture as its own 9×9 grid (what a contour plot draws before refinement).
    const small = coarseSubgrid(first, first);
    expect(small.shape).toEqual([9, 9]);
    expect(small.alphas).toEqual(first.coarse.alphaIndices.map((i) => fine.alphas[i]));
    expect(small.loss[9 * 2 + 3]).toBe(fine.values[0].loss[6 * 25 + 9]);
  });

  it('cancelling stops early, returns the partial grid, and leaks nothing', async () => {
    let calls = 0;
    const ctx = { ...runner.analysisContext('landscape-2d'), progress: async () => ++calls < 2 };
    const s = landscape2dAnalysis.parseSettings({ resolution: 25, subset: 200, strategy: 'loop' });
    let r: LandscapeResult | undefined;
    const leaked = await leakedTensors(async () => (r = await landscape2dAnalysis.run(ctx, s)));
    expect(leaked).toBe(0);
    expect(r!.complete).toBe(false);
    const evaluated = Array.from(r!.values[0].loss).filter(Number.isFinite).length;
    expect(evaluated).toBeGreaterThan(0);
    expect(evaluated).toBeLessThan(625);
    expect(r!.metrics).toEqual({});
  });

  it('analyses leak no tensors and leave the parameters bit-identical', async () => {
    const small = {
      'landscape-1d': { resolution: 7, subset: 200 },
      'landscape-2d': { resolution: 5, subset: 200, orthogonalize: true },
      interpolation: { points: 9, subset: 200 },
      trajectory: { resolution: 5, subset: 200 },
      sharpness: { points: 5, subset: 200, hessian: { iterations: 3, subset: 100 } },
    };
    for (const [id, settings] of Object.entries(small)) {
      const before = await paramsOf(runner);
      const leaked = await leakedTensors(() => runner.runAnalysis(id, settings));
      const after = await paramsOf(runner);
      expect(leaked, id).toBe(0);
      after.forEach((v, i) => expect(Array.from(v), `${id} param ${i}`).toEqual(Array.from(before[i])));
    }
  });
});

describe('a CNN landscape (conv filters on the last axis)', () => {
  it('evaluates through the loop, centre = direct loss, corners match a direct evaluation', async () => {
    const model = createCnn(
      [8, 8, 1],
      [{ type: 'conv', filters: 3, kernel: 3 }, { type: 'pool' }],
      3,
      'tiny',
    );
    const rng = Rng.stream(2, 'cnn-data');
    const x = tf.tensor4d(rng.uniforms(40 * 64, 0, 1), [40, 8, 8, 1]);
    const y = tf.tensor1d(
      Int32Array.from({ length: 40 }, (_, i) => i % 3),
      'int32',
    );
    const theta = initialValues(model, 5);
    const params = toTensors(model.params, theta);
    const ctx = manualContext(model, params, x, y);
    const leaked = await leakedTensors(async () => {
      const s = landscape2dAnalysis.parseSettings({
        resolution: 5,
        strategy: 'batched',
        examplesPerForward: 16,
      });
      const r = await landscape2dAnalysis.run(ctx, s);
      expect(r.strategy).toBe('loop'); // CNNs have no stacked forward pass
      const centre = await directLoss(model, params, x, y);
      expect(r.values[0].loss[12]).toBeCloseTo(centre.loss, 6);
      const corner = shifted(
        theta,
        [
          [r.alphas[4], r.directions![0]],
          [r.betas![0], r.directions![1]],
        ],
        model,
      );
      const direct = await directLoss(model, corner, x, y);
      tf.dispose(corner);
      expect(r.values[0].loss[4]).toBeCloseTo(direct.loss, 5);
    });
    expect(leaked).toBe(0);
    tf.dispose([...params, x, y]);
  });
});

describe('robust landscape plumbing (docs/methods/awp.md#robust-landscape)', () => {
  /** A hand-written FGSM in the registry's shape: x + ε·sign(∇ₓ CE), moons never clipped. */
  const fgsm = (forward: (x: tf.Tensor) => tf.Tensor2D, x: tf.Tensor, y: tf.Tensor1D, epsilon: number) =>
    tf.tidy(() => {
      const g = tf.grad((xx: tf.Tensor) => tf.mean(perExampleCrossEntropy(forward(xx), y)))(x);
      return tf.add(x, tf.mul(tf.sign(g), epsilon));
    });
  beforeAll(() => {
    ROBUST_LANDSCAPE_ATTACKS['test-fgsm'] = (forward, x, y, settings) =>
      fgsm(forward, x, y, settings.epsilon);
  });
  afterAll(() => {
    delete ROBUST_LANDSCAPE_ATTACKS['test-fgsm'];
  });

  it('re-runs the attack against every perturbed model', async () => {
    const t = runner.trainer;
    const robust = { attack: 'test-fgsm', epsilon: 0.1, steps: 1, size: 100 };
    const r = await run('landscape-1d', {
      resolution: 5,
      splits: ['train'],
      subset: 1000,
      robust,
      strategy: 'batched',
    });
    expect(r.strategy).toBe('loop'); // an attack per point cannot be batched over weights
    expect(r.robust).toMatchObject({ attack: 'test-fgsm', epsilon: 0.1, steps: 1, size: 100 });
    const v = r.values[0];
    expect(v.indices!.length).toBe(100);
    const [x, y] = pick(t.xTrain, t.yTrain, v.indices);
    const theta = await paramsOf(runner);
    const lossAt = async (alpha: number, attackAgainst: number) => {
      const attacked = shifted(theta, [[attackAgainst, r.directions![0]]], t.model);
      const evaluated = shifted(theta, [[alpha, r.directions![0]]], t.model);
      const xAdv = fgsm((xx) => t.model.apply(attacked, xx).logits, x, y, 0.1);
      const out = await directLoss(t.model, evaluated, xAdv, y);
      tf.dispose([...attacked, ...evaluated, xAdv]);
      return out.loss;
    };
    const clean = await directLoss(t.model, t.vars, x, y);
    const centre = await lossAt(0, 0);
    const rerun = await lossAt(1, 1);
    const reused = await lossAt(1, 0);
    console.log(
      `robust centre ${v.center.loss} (direct ${centre}, clean ${clean.loss}); α = 1: grid ${v.loss[4]}, ` +
        `attack re-run ${rerun}, attack reused from θ ${reused}`,
    );
    expect(v.center.loss).toBeCloseTo(centre, 5);
    expect(v.center.loss).toBeGreaterThan(clean.loss);
    expect(v.loss[4]).toBeCloseTo(rerun, 5);
    expect(Math.abs(rerun - reused)).toBeGreaterThan(1e-4);
    tf.dispose([x, y]);
  });

  it('uses PGD from the attack registry by default, re-run at each point', async () => {
    const t = runner.trainer;
    const r = await run('landscape-1d', { resolution: 3, splits: ['test'], robust: { size: 64 } });
    expect(r.robust).toMatchObject({
      attack: 'pgd-linf',
      epsilon: runner.config.attack.epsilon,
      steps: 10,
      size: 64,
    });
    const v = r.values[0];
    const [x, y] = pick(t.xTest, t.yTest, v.indices);
    const theta = await paramsOf(runner);
    const settings = { epsilon: runner.config.attack.epsilon, steps: 10, stepSize: null, restarts: 1 };
    for (const i of [0, 1]) {
      const params = shifted(theta, [[r.alphas[i], r.directions![0]]], t.model);
      const forward = (xx: tf.Tensor) => t.model.apply(params, xx).logits;
      const xAdv = ATTACKS['pgd-linf'].run(
        forward,
        x,
        y,
        settings,
        Rng.stream(runner.config.seed, 'attack', 'landscape'),
        null,
      );
      const direct = await directLoss(t.model, params, xAdv, y);
      const clean = await directLoss(t.model, params, x, y);
      console.log(
        `PGD-10 robust landscape at α = ${r.alphas[i]}: grid ${v.loss[i]}, direct ${direct.loss}, clean ${clean.loss}`,
      );
      expect(v.loss[i]).toBeCloseTo(direct.loss, 5);
      expect(v.loss[i]).toBeGreaterThan(clean.loss);
      tf.dispose([...params, xAdv]);
    }
    tf.dispose([x, y]);
  });

  it('names a missing attack', async () => {
    const leaked = await leakedTensors(() =>
      expect(run('landscape-1d', { resolution: 3, robust: { attack: 'nope' } })).rejects.toThrow(/"nope"/),
    );
    expect(leaked).toBe(0);
  });
});

describe('linear least squares: the 1-D curve is the parabola of its Hessian', () => {
  /**
   * A linear model (an MLP with no hidden layer: out = x·W + b) under a mean squared error objective, passed
   * as the evaluation's loss function. The classification models' cross-entropy is not quadratic, so this
   * uses the same surface pipeline with a dedicated loss: for L(W) = mean((xW + b − y)²),
   * L(W + αD) = L + α·gᵀD + ½α²·DᵀHD exactly, with g = (2/N)Xᵀr and H = (2/N)XᵀX, computed here in float64.
   */
  const squaredError: PointObjective = {
    prepare: (y) => tf.clone(y),
    totals: (out, _y, target) => {
      const last = out.rank - 1; // out: [N, 1] or [K, N, 1]
      const error = tf.sub(tf.squeeze(out, [last]), target);
      return [tf.sum(tf.square(error), last - 1), tf.zeros(out.shape.slice(0, -2))];
    },
  };

  for (const strategy of ['loop', 'batched'] as const) {
    it(`${strategy}`, async () => {
      const N = 64;
      const dim = 3;
      const rng = Rng.stream(5, 'lsq');
      const X = rng.normals(N * dim);
      const Y = rng.normals(N);
      const model = createMlp(dim, [], 1, 'tanh');
      const theta = [rng.normals(dim), new Float32Array([0.3])];
      const params = [tf.tensor2d(theta[0], [dim, 1]), tf.tensor1d(theta[1])];
      const x = tf.tensor2d(X, [N, dim]);
      const y = tf.tensor1d(Y);
      const ctx = manualContext(model, params, x, y);
      const [d] = randomDirections(
        theta,
        model.params.map((p) => p.shape),
        {
          seed: 3,
          count: 1,
          normalization: 'filter',
          includeBiases: false,
          orthogonalize: false,
        },
      );
      const alphas = [-1, -0.5, -0.1, 0, 0.2, 0.7, 1];
      const leaked = await leakedTensors(async () => {
        const surface = await computeSurface(ctx, {
          directions: [d],
          axes: { alphas, betas: null },
          splits: ['train'],
          subset: N,
          strategy,
          robust: null,
          objective: squaredError,
        });
        expect(surface.strategy).toBe(strategy);
        // The prediction, in float64: residuals r, gradient g = (2/N)Xᵀr, Hessian H = (2/N)XᵀX.
        const r = Array.from({ length: N }, (_, n) => {
          let out = theta[1][0] - Y[n];
          for (let k = 0; k < dim; k++) out += X[n * dim + k] * theta[0][k];
          return out;
        });
        const L0 = r.reduce((s, v) => s + v * v, 0) / N;
        const g = Array.from(
          { length: dim },
          (_, k) => (2 / N) * r.reduce((s, v, n) => s + X[n * dim + k] * v, 0),
        );
        const H = Array.from({ length: dim }, (_, a) =>
          Array.from(
            { length: dim },
            (_, b) => (2 / N) * r.reduce((s, _v, n) => s + X[n * dim + a] * X[n * dim + b], 0),
          ),
        );
        const D = Array.from(d[0]);
        const gd = g.reduce((s, v, k) => s + v * D[k], 0);
        const dHd = H.reduce((s, row, a) => s + D[a] * row.reduce((t, h, b) => t + h * D[b], 0), 0);
        const curve = surface.values[0].loss;
        alphas.forEach((alpha, i) => {
          const predicted = L0 + alpha * gd + 0.5 * alpha * alpha * dHd;
          expect(Math.abs(curve[i] - predicted)).toBeLessThan(2e-5 * Math.max(1, predicted));
        });
        console.log(
          `${strategy}: L(α) = ${L0.toFixed(5)} + ${gd.toFixed(5)}α + ½·${dHd.toFixed(5)}α²; at α=1 measured ${curve[6]}, predicted ${L0 + gd + dHd / 2}`,
        );
      });
      expect(leaked).toBe(0);
      tf.dispose([...params, x, y]);
    });
  }
});

describe('per-epoch landscapes (config.landscape)', () => {
  it('run every k-th epoch and at the end, with the same directions', async () => {
    const events: EngineEvent[] = [];
    const r = await trainedRunner(
      {
        model: { kind: 'mlp', hidden: [8, 8], activation: 'tanh' },
        training: { epochs: 5 },
        landscape: { every: 2, kind: '2d', resolution: 5, subset: 200, splits: ['train'] },
      },
      (e) => events.push(e),
    );
    try {
      const done = events.filter((e) => e.type === 'analysis') as Extract<
        EngineEvent,
        { type: 'analysis' }
      >[];
      expect(done.map((e) => [e.id, e.epoch])).toEqual([
        ['landscape-2d', 2],
        ['landscape-2d', 4],
        ['landscape-2d', 5],
      ]);
      const [a, b] = done.map((e) => e.result as LandscapeResult);
      // The path reaches the epoch the picture is of (its θ, at the origin).
      expect(a.path!.epochs).toEqual([0, 1, 2]);
      expect(b.path!.epochs).toEqual([0, 1, 2, 3, 4]);
      // Same raw draw, normalised against each epoch's weights: every filter points the same way.
      for (let k = 0; k < 2; k++)
        r.trainer.model.params.forEach((p, i) => {
          if (p.shape.length < 2) return;
          const out = p.shape[1];
          for (let j = 0; j < out; j++) {
            const col = (d: Float32Array) => Array.from({ length: p.shape[0] }, (_, row) => d[row * out + j]);
            const unit = (v: number[]) => v.map((x) => x / Math.hypot(...v));
            expect(maxAbsDiff(unit(col(a.directions![k][i])), unit(col(b.directions![k][i])))).toBeLessThan(
              1e-5,
            );
          }
        });
      const epochs = events.filter((e) => e.type === 'epoch') as Extract<EngineEvent, { type: 'epoch' }>[];
      expect(epochs[1].metrics.extra.landscape2dMaxRise).toBe(a.sharpness[0].maxRise.rise);
      expect(epochs[0].metrics.extra.landscape2dMaxRise).toBeUndefined();
      expect(landscape1dAnalysis.perEpoch!(r.config, 2)).toBeNull();
    } finally {
      await r.cancel();
    }
  });

  it('are off by default', () => {
    const cfg = runner.config;
    expect(cfg.landscape.every).toBe(0);
    for (let e = 1; e <= 4; e++) {
      expect(landscape1dAnalysis.perEpoch!(cfg, e)).toBeNull();
      expect(landscape2dAnalysis.perEpoch!(cfg, e)).toBeNull();
    }
  });
});

describe('interpolation (docs/methods/landscapes.md#interpolation-between-two-models)', () => {
  it('α = 0 is θ_A and α = 1 is θ_B', async () => {
    const t = runner.trainer;
    const r = (await runner.runAnalysis('interpolation', { points: 21, subset: 100000 })) as LandscapeResult;
    expect(r.alphas[0]).toBe(-0.5);
    expect(r.alphas[20]).toBe(1.5);
    const initial = runner.snapshots[0].map((v, i) => tf.tensor(v, t.model.params[i].shape));
    const atA = await directLoss(t.model, initial, t.xTrain, t.yTrain);
    tf.dispose(initial);
    const atB = await directLoss(t.model, t.vars, t.xTrain, t.yTrain);
    expect(r.values[0].loss[5]).toBeCloseTo(atA.loss, 5); // α = 0
    expect(r.values[0].loss[15]).toBeCloseTo(atB.loss, 5); // α = 1
    expect(r.values.map((v) => v.split)).toEqual(['train', 'test']);
    console.log(
      `interpolation initial → epoch 4: L(0) = ${r.values[0].loss[5]}, L(1) = ${r.values[0].loss[15]}, L(1.5) = ${r.values[0].loss[20]}`,
    );
  });
});
