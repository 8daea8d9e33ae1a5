import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../src/core/tf';
import { forwardOf } from '../../src/core/attacks/attack';
import { pgdLinf } from '../../src/core/attacks/pgd-linf';
import { tradesAttack, tradesLoss } from '../../src/core/attacks/trades';
import type { ExperimentConfigInput } from '../../src/core/config';
import { type ParamValues, readValues } from '../../src/core/params';
import { Rng } from '../../src/core/rng';
import { crossEntropy } from '../../src/core/objectives/loss';
import { Trainer } from '../../src/core/train/trainer';
import { config, epochLeaks, moons, useBackend } from './helpers';

/** A tiny AT setting: 2-6-5-2 tanh MLP on 24 moons points, plain SGD (momentum 0), PGD-5 with ε = 0.2. */
function tinyConfig(method: string, extra: ExperimentConfigInput = {}): ExperimentConfigInput {
  return {
    seed: 11,
    data: { kind: 'moons', n: 32, noise: 0.2, testFraction: 0.25 },
    model: { kind: 'mlp', hidden: [6, 5], activation: 'tanh' },
    optimizer: { kind: 'sgd', lr: 0.5, momentum: 0 },
    training: { epochs: 3, batchSize: 8, method: method as never, snapshots: false },
    attack: { kind: 'pgd', norm: 'linf', epsilon: 0.2, steps: 5, stepSize: null, restarts: 1 },
    ...extra,
  };
}

async function train(input: ExperimentConfigInput, epochs: number) {
  const cfg = config(input);
  const trainer = new Trainer(cfg, moons(cfg));
  const metrics: Record<string, number>[] = [];
  for (let e = 0; e < epochs; e++) {
    await trainer.trainEpoch();
    if (trainer.method.epochMetrics) metrics.push(await trainer.method.epochMetrics(trainer.epochContext()));
  }
  const values = await trainer.snapshot();
  trainer.dispose();
  return { values, metrics };
}

const sameBits = (a: ParamValues, b: ParamValues) =>
  a.length === b.length &&
  a.every((t, i) => t.length === b[i].length && t.every((v, e) => Object.is(v, b[i][e])));
const maxDiff = (a: ParamValues, b: ParamValues) =>
  Math.max(...a.flatMap((t, i) => Array.from(t, (v, e) => Math.abs(v - b[i][e]))));
const norm = (a: ArrayLike<number>) => Math.sqrt(Array.from(a).reduce((s, v) => s + v * v, 0));

describe('AWP methods (docs/methods/awp.md#the-update)', () => {
  beforeAll(() => useBackend('cpu'));

  it('γ = 0 reproduces PGD-AT and TRADES bit for bit; so does a warm-up longer than the run', async () => {
    const at = await train(tinyConfig('pgd-at'), 2);
    const awpOff = await train(tinyConfig('awp-at', { awp: { gamma: 0 } }), 2);
    const awpWarm = await train(tinyConfig('awp-at', { awp: { warmup: 5 } }), 2);
    const awpOn = await train(tinyConfig('awp-at'), 2);
    expect(sameBits(awpOff.values, at.values)).toBe(true);
    expect(sameBits(awpWarm.values, at.values)).toBe(true);
    // …while γ = 0.01 does change the weights.
    expect(maxDiff(awpOn.values, at.values)).toBeGreaterThan(1e-5);

    const trades = await train(tinyConfig('trades', { trades: { beta: 3 } }), 2);
    const tradesOff = await train(tinyConfig('awp-trades', { trades: { beta: 3 }, awp: { gamma: 0 } }), 2);
    expect(sameBits(tradesOff.values, trades.values)).toBe(true);
  });

  // One full step (batch = the whole training set, one step per epoch) recomputed independently: the attack
  // against w with the step's stream, v from the loss gradient at w (or from N(0, I) for RWP) scaled per layer
  // on the host, then w − lr·∇L(w + v) with tf.grads at w + v built by hand.
  for (const method of ['awp-at', 'awp-trades', 'rwp'] as const) {
    it(`${method}, plain SGD: w_new = w − lr·∇L(w + v), with v subtracted again`, async () => {
      const gamma = 0.05;
      const lr = 0.5;
      const cfg = config(
        tinyConfig(method, {
          awp: { gamma },
          trades: { beta: 2 },
          training: { epochs: 1, batchSize: 64, method },
        }),
      );
      const dataset = moons(cfg);
      const trainer = new Trainer(cfg, dataset);
      const model = trainer.model;
      const w = await readValues(trainer.vars);
      const n = dataset.yTrain.length;

      const order = Rng.stream(cfg.seed, 'shuffle', 0).permutation(n);
      const idx = tf.tensor1d(order, 'int32');
      const x = tf.gather(trainer.xTrain, idx);
      const y = tf.gather(trainer.yTrain, idx) as tf.Tensor1D;
      const rng = Rng.stream(cfg.seed, 'step', 0);
      const settings = { epsilon: 0.2, steps: 5, stepSize: null, restarts: 1 };
      const wT = w.map((a, i) => tf.tensor(a, model.params[i].shape));
      const xAdv = (method === 'awp-trades' ? tradesAttack : pgdLinf)(
        forwardOf(model, wT),
        x,
        y,
        settings,
        rng,
        null,
      );
      const loss = (p: tf.Tensor[]) =>
        method === 'awp-trades'
          ? tradesLoss(forwardOf(model, p), x, xAdv, y, 2)
          : crossEntropy(model.apply(p, xAdv).logits, y);
      const isKernel = (i: number) => model.params[i].shape.length >= 2;
      const dirs =
        method === 'rwp'
          ? w.map((a, i) => (isKernel(i) ? rng.normals(a.length) : new Float32Array(a.length)))
          : await readValues(tf.grads((...p: tf.Tensor[]) => loss(p))(wT));
      const wPlusV = w.map((a, i) => {
        if (!isKernel(i)) return a;
        const scale = (gamma * norm(a)) / (norm(dirs[i]) + 1e-20);
        return a.map((v, e) => v + scale * dirs[i][e]);
      });
      const pert = wPlusV.map((a, i) => tf.tensor(a, model.params[i].shape));
      const g = await readValues(tf.grads((...p: tf.Tensor[]) => loss(p))(pert));
      const expected = w.map((a, i) => a.map((v, e) => v - lr * g[i][e]));
      const gAtW = await readValues(tf.grads((...p: tf.Tensor[]) => loss(p))(wT));

      await trainer.trainEpoch();
      const after = await trainer.snapshot();
      const notPerturbedStep = w.map((a, i) => a.map((v, e) => v - lr * gAtW[i][e]));
      // The two candidates differ by more than the tolerance, so the check tells them apart.
      expect(maxDiff(expected, notPerturbedStep)).toBeGreaterThan(1e-4);
      expect(maxDiff(after, expected)).toBeLessThan(2e-6);
      const metrics = await trainer.method.epochMetrics!(trainer.epochContext());
      console.log(`${method}: max |w_new − (w − lr·∇L(w+v))| = ${maxDiff(after, expected).toExponential(2)}`);
      expect(metrics[`${method}/active`]).toBe(1);
      trainer.dispose();
      tf.dispose([idx, x, y, xAdv, ...wT, ...pert]);
    });
  }

  it('records per-layer ‖v_l‖/‖w_l‖ per epoch: 0 in warm-up, γ after (K₂ = 1), ≤ γ with K₂ = 3', async () => {
    const { metrics } = await train(tinyConfig('awp-at', { awp: { gamma: 0.02, warmup: 1 } }), 2);
    const kernels = ['dense0/kernel', 'dense1/kernel', 'dense2/kernel'];
    expect(metrics[0]['awp-at/active']).toBe(0);
    expect(metrics[1]['awp-at/active']).toBe(1);
    for (const k of kernels) {
      expect(metrics[0][`awp-at/${k}/relative`]).toBe(0);
      expect(metrics[1][`awp-at/${k}/relative`]).toBeCloseTo(0.02, 6);
      expect(metrics[1][`awp-at/${k}/norm`]).toBeGreaterThan(0);
    }
    expect(Object.keys(metrics[1]).some((k) => k.includes('bias'))).toBe(false);
    const multi = await train(tinyConfig('awp-at', { awp: { gamma: 0.02, steps: 3 } }), 1);
    for (const k of kernels) {
      expect(multi.metrics[0][`awp-at/${k}/relative`]).toBeLessThanOrEqual(0.02 + 1e-7);
      expect(multi.metrics[0][`awp-at/${k}/relative`]).toBeGreaterThan(0.01);
    }
    const random = await train(tinyConfig('rwp', { awp: { gamma: 0.03 } }), 1);
    for (const k of kernels) expect(random.metrics[0][`rwp/${k}/relative`]).toBeCloseTo(0.03, 6);
  });

  it('an AWP / RWP epoch and its metrics leak no tensors', async () => {
    for (const method of ['awp-at', 'awp-trades', 'rwp']) {
      const cfg = config(tinyConfig(method, { awp: { steps: 2 } }));
      const trainer = new Trainer(cfg, moons(cfg));
      expect(await epochLeaks(trainer), method).toBe(0);
      trainer.dispose();
    }
  });
});
