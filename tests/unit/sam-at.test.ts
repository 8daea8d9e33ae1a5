/**
 * AT-SAM (src/core/train/methods/sam-at.ts, docs/methods/awp.md#global-perturbation-sam): one step recomputed
 * independently on the host, the global-norm invariant, the first-order ascent of v by finite differences,
 * γ = 0 as PGD-AT, and no leaks.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../src/core/tf';
import { forwardOf } from '../../src/core/attacks/attack';
import { pgdLinf } from '../../src/core/attacks/pgd-linf';
import type { ExperimentConfigInput } from '../../src/core/config';
import { crossEntropy } from '../../src/core/objectives/loss';
import { type ParamValues, readValues } from '../../src/core/params';
import { Rng } from '../../src/core/rng';
import { pgdAt } from '../../src/core/train/methods/pgd-at';
import { samAt } from '../../src/core/train/methods/sam-at';
import { Trainer } from '../../src/core/train/trainer';
import { config, epochLeaks, moons, useBackend } from './helpers';

/** 2-6-5-2 tanh MLP on 24 moons training points, plain SGD, PGD-5 with ε = 0.2; one step per epoch. */
const tiny = (method: string, extra: ExperimentConfigInput = {}, batchSize = 64): ExperimentConfigInput => ({
  seed: 11,
  data: { kind: 'moons', n: 32, noise: 0.2, testFraction: 0.25 },
  model: { kind: 'mlp', hidden: [6, 5], activation: 'tanh' },
  optimizer: { kind: 'sgd', lr: 0.5, momentum: 0 },
  training: { epochs: 2, batchSize, method: method as never, snapshots: false },
  attack: { kind: 'pgd', norm: 'linf', epsilon: 0.2, steps: 5, stepSize: null, restarts: 1 },
  ...extra,
});

const sq = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v * v, 0);
const maxDiff = (a: ParamValues, b: ParamValues) =>
  Math.max(...a.flatMap((t, i) => Array.from(t, (v, e) => Math.abs(v - b[i][e]))));

async function trained(input: ExperimentConfigInput, epochs = 1) {
  const cfg = config(input);
  const trainer = new Trainer(cfg, moons(cfg));
  for (let e = 0; e < epochs; e++) await trainer.trainEpoch();
  const metrics = await trainer.method.epochMetrics?.(trainer.epochContext());
  const values = await trainer.snapshot();
  trainer.dispose();
  return { values, metrics };
}

describe('AT-SAM', () => {
  beforeAll(() => useBackend('cpu'));

  it('one SGD step is w − lr·∇L(w + v), v = γ‖w‖·g/‖g‖ over all kernels together', async () => {
    const gamma = 0.05;
    const lr = 0.5;
    const cfg = config(tiny(samAt.id, { awp: { gamma } }));
    const dataset = moons(cfg);
    const trainer = new Trainer(cfg, dataset);
    const model = trainer.model;
    const w = await readValues(trainer.vars);
    const n = dataset.yTrain.length;

    // The step's batch and attack, as the trainer draws them.
    const idx = tf.tensor1d(Rng.stream(cfg.seed, 'shuffle', 0).permutation(n), 'int32');
    const x = tf.gather(trainer.xTrain, idx);
    const y = tf.gather(trainer.yTrain, idx) as tf.Tensor1D;
    const wT = w.map((a, i) => tf.tensor(a, model.params[i].shape));
    const settings = { epsilon: 0.2, steps: 5, stepSize: null, restarts: 1 };
    const xAdv = pgdLinf(forwardOf(model, wT), x, y, settings, Rng.stream(cfg.seed, 'step', 0), null);
    const loss = (p: tf.Tensor[]) => crossEntropy(model.apply(p, xAdv).logits, y);
    const gradAt = async (p: tf.Tensor[]) => readValues(tf.grads((...q: tf.Tensor[]) => loss(q))(p));

    // v on the host: one norm over every kernel (rank ≥ 2); biases unperturbed.
    const isKernel = (i: number) => model.params[i].shape.length >= 2;
    const g = await gradAt(wT);
    const kernels = w.map((_, i) => i).filter(isKernel);
    const wNorm = Math.sqrt(kernels.reduce((s, i) => s + sq(w[i]), 0));
    const gNorm = Math.sqrt(kernels.reduce((s, i) => s + sq(g[i]), 0));
    const v = w.map((a, i) => (isKernel(i) ? g[i].map((d) => (gamma * wNorm * d) / gNorm) : a.map(() => 0)));
    const pert = w.map((a, i) =>
      tf.tensor(
        a.map((e, k) => e + v[i][k]),
        model.params[i].shape,
      ),
    );
    const gv = await gradAt(pert);
    const expected = w.map((a, i) => a.map((e, k) => e - lr * gv[i][k]));

    // AWP's per-layer v of the same γ gives another step: the check tells the two rules apart.
    const perLayer = w.map((a, i) => {
      const s = isKernel(i) ? (gamma * Math.sqrt(sq(a))) / Math.sqrt(sq(g[i])) : 0;
      return tf.tensor(
        a.map((e, k) => e + s * g[i][k]),
        model.params[i].shape,
      );
    });
    const gl = await gradAt(perLayer);
    const awpStep = w.map((a, i) => a.map((e, k) => e - lr * gl[i][k]));
    expect(maxDiff(expected, awpStep)).toBeGreaterThan(1e-4);

    await trainer.trainEpoch();
    const after = await trainer.snapshot();
    console.log(`AT-SAM: max |w_new − (w − lr·∇L(w+v))| = ${maxDiff(after, expected).toExponential(2)}`);
    expect(maxDiff(after, expected)).toBeLessThan(2e-6);
    trainer.dispose();
    tf.dispose([idx, x, y, xAdv, ...wT, ...pert, ...perLayer]);
  });

  it('v is the first-order steepest ascent of size ρ: (L(w + v) − L(w)) / (ρ‖g‖) → 1 as γ → 0', async () => {
    const cfg = config(tiny(samAt.id));
    const trainer = new Trainer(cfg, moons(cfg));
    const { model } = trainer;
    const w = await readValues(trainer.vars);
    const loss = (p: tf.Tensor[]) => crossEntropy(model.apply(p, trainer.xTrain).logits, trainer.yTrain);
    const wT = w.map((a, i) => tf.tensor(a, model.params[i].shape));
    const g = await readValues(tf.grads((...q: tf.Tensor[]) => loss(q))(wT));
    const kernels = w.map((_, i) => i).filter((i) => model.params[i].shape.length >= 2);
    const wNorm = Math.sqrt(kernels.reduce((s, i) => s + sq(w[i]), 0));
    const gNorm = Math.sqrt(kernels.reduce((s, i) => s + sq(g[i]), 0));
    const l0 = (await loss(wT).data())[0];
    const ratios: number[] = [];
    for (const gamma of [1e-2, 1e-3]) {
      const rho = gamma * wNorm;
      const moved = w.map((a, i) =>
        tf.tensor(
          kernels.includes(i) ? a.map((e, k) => e + (rho * g[i][k]) / gNorm) : a,
          model.params[i].shape,
        ),
      );
      ratios.push(((await loss(moved).data())[0] - l0) / (rho * gNorm));
      tf.dispose(moved);
    }
    // The second-order term shrinks with γ: the ratio approaches 1.
    expect(Math.abs(ratios[1] - 1)).toBeLessThan(Math.abs(ratios[0] - 1) + 1e-3);
    expect(Math.abs(ratios[1] - 1)).toBeLessThan(0.05);
    trainer.dispose();
    tf.dispose(wT);
  });

  it('‖v‖ = γ‖w‖ over all kernels together, while the per-layer ratios differ (unlike AWP)', async () => {
    const gamma = 0.03;
    const { metrics } = await trained(tiny(samAt.id, { awp: { gamma } }));
    const kernels = ['dense0/kernel', 'dense1/kernel', 'dense2/kernel'];
    const norms = kernels.map((k) => metrics![`${samAt.id}/${k}/norm`]);
    const relative = kernels.map((k) => metrics![`${samAt.id}/${k}/relative`]);
    const wNorms = norms.map((v, l) => v / relative[l]);
    expect(Math.sqrt(sq(norms)) / Math.sqrt(sq(wNorms))).toBeCloseTo(gamma, 6);
    expect(Math.max(...relative) - Math.min(...relative)).toBeGreaterThan(1e-3);
    expect(metrics![`${samAt.id}/active`]).toBe(1);
  });

  it('γ = 0 is PGD-AT bit for bit, and an epoch leaks no tensors', async () => {
    const at = await trained(tiny(pgdAt.id, {}, 8), 2);
    const off = await trained(tiny(samAt.id, { awp: { gamma: 0 } }, 8), 2);
    const on = await trained(tiny(samAt.id, {}, 8), 2);
    expect(maxDiff(off.values, at.values)).toBe(0);
    expect(maxDiff(on.values, at.values)).toBeGreaterThan(1e-5);

    const cfg = config(tiny(samAt.id, {}, 8));
    const trainer = new Trainer(cfg, moons(cfg));
    expect(await epochLeaks(trainer)).toBe(0);
    trainer.dispose();
  });
});
