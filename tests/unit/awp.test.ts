import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../src/core/tf';
import { createMlp } from '../../src/core/models/mlp';
import { initialValues, readValues } from '../../src/core/params';
import { Rng } from '../../src/core/rng';
import { crossEntropy } from '../../src/core/objectives/loss';
import type { StepContext } from '../../src/core/train/method';
import { createOptimizer } from '../../src/core/train/optimizer';
import {
  adversarialWeightPerturbation,
  randomWeightPerturbation,
  scaleToLayerNorms,
} from '../../src/core/objectives/weight-perturbation';
import { stepAtPerturbedWeights } from '../../src/core/train/awp';
import type { WeightPerturbationResult } from '../../src/core/analysis/weight-perturbation';
import { Runner } from '../../src/core/train/runner';
import { config, leakedTensors, moons, useBackend } from './helpers';

/** A tiny MLP 2-4-3-2 on 16 moons points, its live variables, and a plain SGD optimiser (momentum 0). */
function tinySetup(lr = 0.1) {
  const cfg = config({
    seed: 7,
    data: { kind: 'moons', n: 40, noise: 0.2, testFraction: 0.5 },
    model: { kind: 'mlp', hidden: [4, 3], activation: 'tanh' },
    optimizer: { kind: 'sgd', lr, momentum: 0 },
  });
  const dataset = moons(cfg);
  const model = createMlp(2, [4, 3], 2, 'tanh');
  const values = initialValues(model, cfg.seed);
  // Non-zero biases, so "biases untouched" is not trivially true of zeros.
  const biasRng = new Rng(3);
  const vars = model.params.map((p, i) =>
    tf.variable(
      tf.tensor(p.shape.length === 1 ? biasRng.normals(p.shape[0], 0.3) : values[i], p.shape),
      true,
      `tiny${++counter}/${p.name}`,
    ),
  );
  const x = tf.tensor2d(dataset.xTrain.slice(0, 32), [16, 2]);
  const y = tf.tensor1d(dataset.yTrain.slice(0, 16), 'int32');
  const optimizer = createOptimizer(cfg.optimizer, vars);
  const ctx: StepContext = {
    model,
    vars,
    optimizer,
    config: cfg,
    dataset,
    epoch: 0,
    step: 0,
    rng: Rng.stream(cfg.seed, 'step', 0),
  };
  const loss = (params: readonly tf.Tensor[]) => crossEntropy(model.apply(params, x).logits, y);
  const dispose = () => {
    optimizer.dispose();
    tf.dispose([...vars, x, y]);
  };
  return { ctx, model, vars, x, y, loss, dispose };
}
let counter = 0;

const norm = (a: Float32Array | number[]) => Math.sqrt(Array.from(a).reduce((s, v) => s + v * v, 0));

describe('AWP perturbation (docs/methods/awp.md#the-update steps 2–4)', () => {
  beforeAll(() => useBackend('cpu'));

  it('‖v_l‖ = γ‖w_l‖ for every kernel, biases untouched, v_l ∥ ∇_{w_l}ρ', async () => {
    const { vars, loss, dispose } = tinySetup();
    const gamma = 0.01;
    const w = await readValues(vars);
    const v = adversarialWeightPerturbation(loss, vars, gamma);
    const grads = tf.grads((...p: tf.Tensor[]) => loss(p))(vars);
    const g = await readValues(grads);
    for (let i = 0; i < vars.length; i++) {
      const vi = v[i];
      if (vars[i].rank < 2) {
        expect(vi, `bias ${i} must not be perturbed`).toBeNull();
        continue;
      }
      expect(vi).not.toBeNull();
      const vv = (await vi!.data()) as Float32Array;
      expect(norm(vv) / (gamma * norm(w[i]))).toBeCloseTo(1, 5);
      // Same direction as the weight gradient: cosine 1.
      const dot = Array.from(vv).reduce((s, a, e) => s + a * g[i][e], 0);
      expect(dot / (norm(vv) * norm(g[i]))).toBeCloseTo(1, 5);
    }
    tf.dispose([...grads, ...v.filter((t): t is tf.Tensor => t !== null)]);
    dispose();
  });

  it('scaleToLayerNorms normalises per tensor, not per filter, and ignores rank-1 tensors', async () => {
    const w = [
      tf.tensor2d([
        [3, 0],
        [4, 0],
      ]),
      tf.tensor1d([1, 2]),
    ];
    const d = [
      tf.tensor2d([
        [1, 1],
        [0, 0],
      ]),
      tf.tensor1d([5, 5]),
    ];
    const v = scaleToLayerNorms(w, d, 0.5);
    expect(v[1]).toBeNull();
    // ‖w_0‖ = 5, ‖d_0‖ = √2 → v_0 = 0.5·5·d/√2: every non-zero entry 2.5/√2 (one layer-wide factor).
    const got = Array.from(await v[0]!.data());
    const expected = [2.5 / Math.SQRT2, 2.5 / Math.SQRT2, 0, 0];
    got.forEach((a, k) => expect(a).toBeCloseTo(expected[k], 6));
    tf.dispose([...w, ...d, v[0]!]);
  });

  it('K₂ ascent steps stay inside the ball: ‖v_l‖ ≤ γ‖w_l‖, equal when K₂ = 1', async () => {
    const { vars, loss, dispose } = tinySetup();
    const w = await readValues(vars);
    for (const steps of [1, 3]) {
      const v = adversarialWeightPerturbation(loss, vars, 0.05, steps);
      for (let i = 0; i < vars.length; i++) {
        if (v[i] === null) continue;
        const ratio = norm((await v[i]!.data()) as Float32Array) / (0.05 * norm(w[i]));
        if (steps === 1) expect(ratio).toBeCloseTo(1, 5);
        else {
          expect(ratio).toBeLessThanOrEqual(1 + 1e-6);
          expect(ratio).toBeGreaterThan(0.5); // consecutive gradients point roughly the same way
        }
      }
      tf.dispose(v.filter((t): t is tf.Tensor => t !== null));
    }
    dispose();
  });

  it('RWP: ‖v_l‖ = γ‖w_l‖ per kernel, biases untouched, deterministic in the stream', async () => {
    const { vars, dispose } = tinySetup();
    const w = await readValues(vars);
    const a = randomWeightPerturbation(vars, 0.02, Rng.stream(1, 'step', 5));
    const b = randomWeightPerturbation(vars, 0.02, Rng.stream(1, 'step', 5));
    for (let i = 0; i < vars.length; i++) {
      if (vars[i].rank < 2) {
        expect(a[i]).toBeNull();
        continue;
      }
      const av = (await a[i]!.data()) as Float32Array;
      expect(norm(av) / (0.02 * norm(w[i]))).toBeCloseTo(1, 5);
      expect(Array.from(av)).toEqual(Array.from(await b[i]!.data()));
    }
    tf.dispose([...a, ...b].filter((t): t is tf.Tensor => t !== null));
    dispose();
  });
});

describe('AWP step (docs/methods/awp.md#the-update steps 5–7)', () => {
  beforeAll(() => useBackend('cpu'));

  it('plain SGD: w_new = w − lr·∇L(w + v), computed independently; v is subtracted, the update kept', async () => {
    const lr = 0.5;
    const gamma = 0.05;
    const { ctx, vars, loss, dispose } = tinySetup(lr);
    const w = await readValues(vars);

    // Independent computation: v from the gradient at w, normalised per layer in float64 on the host.
    const g0 = await readValues(tf.tidy(() => tf.grads((...p: tf.Tensor[]) => loss(p))(vars)) as tf.Tensor[]);
    const wPlusV = w.map((wi, i) => {
      if (ctx.model.params[i].shape.length < 2) return wi;
      const scale = (gamma * norm(wi)) / (norm(g0[i]) + 1e-20);
      return wi.map((a, e) => a + scale * g0[i][e]);
    });
    const pert = wPlusV.map((a, i) => tf.tensor(a, ctx.model.params[i].shape));
    const gAtPert = tf.grads((...p: tf.Tensor[]) => loss(p))(pert);
    const g1 = await readValues(gAtPert);
    const expected = w.map((wi, i) => wi.map((a, e) => a - lr * g1[i][e]));
    // The gradient at w + v differs from the one at w (otherwise the test would not tell them apart).
    expect(
      Math.max(...g1.flatMap((gi, i) => Array.from(gi, (a, e) => Math.abs(a - g0[i][e])))),
    ).toBeGreaterThan(1e-4);

    const v = adversarialWeightPerturbation(loss, vars, gamma);
    const value = stepAtPerturbedWeights(ctx, v, loss);
    const after = await readValues(vars);
    for (let i = 0; i < w.length; i++)
      for (let e = 0; e < w[i].length; e++) expect(after[i][e]).toBeCloseTo(expected[i][e], 5);
    // The returned value is the loss at w + v.
    const atPert = loss(pert);
    expect((await value.data())[0]).toBeCloseTo((await atPert.data())[0], 6);

    tf.dispose([...pert, ...gAtPert, value, atPert, ...v.filter((t): t is tf.Tensor => t !== null)]);
    dispose();
  });

  it('a perturbation and a perturbed step leak no tensors', async () => {
    const { ctx, vars, loss, dispose } = tinySetup();
    // The optimiser creates its accumulators on the first step.
    tf.dispose(
      tf.tidy(() => stepAtPerturbedWeights(ctx, adversarialWeightPerturbation(loss, vars, 0.01), loss)),
    );
    const leaked = await leakedTensors(() => {
      tf.dispose(
        tf.tidy(() => stepAtPerturbedWeights(ctx, adversarialWeightPerturbation(loss, vars, 0.01, 2), loss)),
      );
      const r = randomWeightPerturbation(vars, 0.01, new Rng(1));
      tf.dispose(r.filter((t): t is tf.Tensor => t !== null));
    });
    expect(leaked).toBe(0);
    dispose();
  });
});

describe('worst-case vs random weight perturbation analysis', () => {
  beforeAll(() => useBackend('wasm'));

  it('γ = 0 is the clean loss for every direction; the worst case rises fastest; matches a hand-built w + γ·d', async () => {
    const cfg = config({
      seed: 5,
      data: { kind: 'moons', n: 120, noise: 0.2, testFraction: 0.25 },
      model: { kind: 'mlp', hidden: [8, 8], activation: 'tanh' },
      training: { epochs: 5, snapshots: false },
    });
    const runner = await Runner.create(cfg, moons(cfg), 'wasm', () => {});
    await runner.play();
    const trainer = runner.trainer;
    const gammaMax = 0.02;
    // size ≥ the split: the whole training split, in order.
    const settings = { gammaMax, points: 3, randomDraws: 4, split: 'train', size: 1000 };
    let result: WeightPerturbationResult | undefined;
    const leaked = await leakedTensors(async () => {
      result = (await runner.runAnalysis('weight-perturbation', settings)) as WeightPerturbationResult;
    });
    expect(leaked).toBe(0);
    const r = result!;
    expect(r.gammas).toEqual([0, gammaMax / 2, gammaMax]);
    const clean = await trainer.evaluate(trainer.xTrain, trainer.yTrain);
    expect(r.adversarial.loss[0]).toBeCloseTo(clean.loss, 5);
    for (const c of r.random.each) expect(c.loss[0]).toBeCloseTo(clean.loss, 5);
    // To first order, the gradient direction is the steepest among all with the same per-layer sizes.
    for (const c of r.random.each)
      expect(r.adversarial.loss[2] - r.adversarial.loss[0]).toBeGreaterThan(c.loss[2] - c.loss[0]);
    expect(r.metrics.adversarialRise).toBeGreaterThan(0);

    // Independently: d_l = ‖w_l‖·g_l/‖g_l‖ on the host, loss at w + γ·d.
    const w = await readValues(trainer.vars);
    const loss = (p: readonly tf.Tensor[]) =>
      crossEntropy(trainer.model.apply(p, trainer.xTrain).logits, trainer.yTrain);
    const g = await readValues(tf.tidy(() => tf.grads((...p: tf.Tensor[]) => loss(p))(trainer.vars)));
    const moved = w.map((wi, i) => {
      if (trainer.model.params[i].shape.length < 2) return tf.tensor(wi, trainer.model.params[i].shape);
      const scale = (gammaMax * norm(wi)) / norm(g[i]);
      return tf.tensor(
        wi.map((a, e) => a + scale * g[i][e]),
        trainer.model.params[i].shape,
      );
    });
    const expected = loss(moved);
    expect(r.adversarial.loss[2]).toBeCloseTo((await expected.data())[0], 4);
    tf.dispose([...moved, expected]);

    // The robust version runs PGD at every point, from the same stream: all curves still meet at γ = 0.
    const robustResult = (await runner.runAnalysis('weight-perturbation', {
      ...settings,
      robust: { epsilon: 0.1, steps: 3 },
    })) as WeightPerturbationResult;
    expect(robustResult.robust).toBe(true);
    for (const c of robustResult.random.each) expect(c.loss[0]).toBe(robustResult.adversarial.loss[0]);
    expect(robustResult.adversarial.loss[0]).toBeGreaterThan(clean.loss);
    await runner.cancel();
  });
});
