import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../src/core/tf';
import { forwardOf } from '../../src/core/attacks/attack';
import { ATTACKS } from '../../src/core/attacks/registry';
import type { ExamplesResult } from '../../src/core/analysis/adversarial-examples';
import type { SweepResult } from '../../src/core/analysis/fgsm-sweep';
import { type RobustResult, fixedSubset } from '../../src/core/analysis/robust';
import type { ExperimentConfigInput } from '../../src/core/config';
import type { Dataset } from '../../src/core/data/dataset';
import type { EngineEvent } from '../../src/core/events';
import { Rng } from '../../src/core/rng';
import { crossEntropy } from '../../src/core/objectives/loss';
import { METHOD_IDS } from '../../src/core/train/cards';
import { METHODS } from '../../src/core/train/registry';
import { Runner } from '../../src/core/train/runner';
import { Trainer } from '../../src/core/train/trainer';
import { config, leakedTensors, moons, useBackend } from './helpers';

const ADVERSARIAL = ['fgsm-at', 'fast-at', 'pgd-at', 'trades'] as const;

/** A small MNIST-like dataset: random 12×12 images in [0, 1] (many pixels at 0), 3 classes. */
function tinyImages(seed: number): Dataset {
  const rng = new Rng(seed);
  const make = (n: number) => ({
    x: Float32Array.from({ length: n * 144 }, () => (rng.next() < 0.5 ? 0 : rng.next())),
    y: Int32Array.from({ length: n }, () => rng.int(3)),
  });
  const train = make(48);
  const test = make(24);
  return {
    name: 'tiny images',
    inputShape: [12, 12, 1],
    numClasses: 3,
    xTrain: train.x,
    yTrain: train.y,
    xTest: test.x,
    yTest: test.y,
    inputRange: [0, 1],
  };
}

const imagesConfig = (over: ExperimentConfigInput = {}) =>
  config({ model: { kind: 'cnn', preset: 'small' }, training: { epochs: 1, batchSize: 16 }, ...over });

describe('adversarial training methods', () => {
  beforeAll(() => useBackend('wasm'));

  it('are registered under their ids', () => {
    for (const id of ADVERSARIAL) {
      expect(METHOD_IDS).toContain(id);
      expect(METHODS[id].id).toBe(id);
    }
  });

  it('an adversarial epoch leaks no tensors and is deterministic (moons and [0, 1] images)', async () => {
    for (const method of ADVERSARIAL) {
      const cfg = config({ data: { kind: 'moons', n: 160 }, training: { method, epochs: 2 } });
      const trainer = new Trainer(cfg, moons(cfg));
      await trainer.trainEpoch(); // Adam creates its moment variables on the first step.
      expect(await leakedTensors(() => trainer.trainEpoch()), method).toBe(0);
      const twin = new Trainer(cfg, moons(cfg));
      await twin.trainEpoch();
      await twin.trainEpoch();
      expect(await twin.snapshot(), method).toEqual(await trainer.snapshot());
      trainer.dispose();
      twin.dispose();

      const icfg = imagesConfig({
        training: { method, epochs: 2, batchSize: 16 },
        attack: { epsilon: 0.1, steps: 2 },
      });
      const images = new Trainer(icfg, tinyImages(1));
      await images.trainEpoch();
      expect(await leakedTensors(() => images.trainEpoch()), `${method} on images`).toBe(0);
      images.dispose();
    }
  });
});

describe('attacks and robust evaluation of a trained moons model', () => {
  let runner: Runner;
  const events: EngineEvent[] = [];
  const cfg = config({
    training: { epochs: 25 },
    robustEval: { enabled: true, every: 10 },
  });
  beforeAll(async () => {
    await useBackend('wasm');
    runner = await Runner.create(cfg, moons(cfg), 'wasm', (e) => events.push(e));
    await runner.play();
  });
  afterAll(() => runner.cancel());

  it("PGD's loss is ≥ FGSM's on the same batch", async () => {
    const t = runner.trainer;
    const forward = forwardOf(t.model, t.vars);
    const x = t.xTest;
    const y = t.yTest;
    const losses: Record<string, number> = {};
    const s = { epsilon: 0.2, steps: 10, stepSize: null, restarts: 1 };
    for (const id of ['fgsm', 'pgd-linf'] as const) {
      const loss = tf.tidy(() =>
        crossEntropy(forward(ATTACKS[id].run(forward, x, y, s, new Rng(1), null)), y),
      );
      losses[id] = (await loss.data())[0];
      loss.dispose();
    }
    console.log(
      `trained moons MLP, ε = 0.2, ${y.shape[0]} test points: FGSM loss ${losses.fgsm}, PGD-10 loss ${losses['pgd-linf']}`,
    );
    expect(losses['pgd-linf']).toBeGreaterThanOrEqual(losses.fgsm);
  });

  it('robust metrics land in the epochs it was due (every 10 and the last) and in analysis events', () => {
    const robustEpochs = runner.history.filter((m) => 'robustTestAcc' in m.extra).map((m) => m.epoch);
    expect(robustEpochs).toEqual([10, 20, 25]);
    const last = runner.history[runner.history.length - 1].extra;
    for (const key of ['robustTestAcc', 'robustTrainAcc', 'robustTestLoss', 'robustTrainLoss', 'robustGap'])
      expect(Number.isFinite(last[key]), key).toBe(true);
    expect(last.robustGap).toBeCloseTo(last.robustTrainAcc - last.robustTestAcc, 12);
    const results = events.filter((e) => e.type === 'analysis' && e.id === 'robust');
    expect(results).toHaveLength(3);
    const result = (results[2] as { result: RobustResult }).result;
    expect(result).toMatchObject({
      attack: 'pgd-linf',
      epsilon: 0.2,
      steps: 20,
      testSize: 256,
      trainSize: 256,
    });
    expect(result.stepSize).toBeCloseTo(0.025, 10);
    expect(structuredClone(result)).toEqual(result);
  });

  it('robust accuracy at ε = 0 equals the clean accuracy on the same fixed subsets; it is deterministic', async () => {
    const t = runner.trainer;
    const at0 = (await runner.runAnalysis('robust', {
      epsilon: 0,
      testSize: 100,
      trainSize: 120,
    })) as RobustResult;
    for (const [split, size] of [
      ['test', 100],
      ['train', 120],
    ] as const) {
      const [x, y] = split === 'test' ? [t.xTest, t.yTest] : [t.xTrain, t.yTrain];
      const idx = tf.tensor1d(fixedSubset(cfg.seed, split, y.shape[0], size), 'int32');
      const xs = tf.gather(x, idx);
      const ys = tf.gather(y, idx) as tf.Tensor1D;
      const clean = await t.evaluate(xs, ys);
      tf.dispose([idx, xs, ys]);
      const key = split === 'test' ? 'Test' : 'Train';
      expect(at0.metrics[`robust${key}Acc`]).toBeCloseTo(clean.acc, 10);
      expect(at0.metrics[`robust${key}Loss`]).toBeCloseTo(clean.loss, 5);
    }
    const a = (await runner.runAnalysis('robust', {})) as RobustResult;
    const b = (await runner.runAnalysis('robust', {})) as RobustResult;
    expect(a.metrics).toEqual(b.metrics);
    expect(a.metrics.robustTestAcc).toBeLessThan(at0.metrics.robustTestAcc);
  });

  it('FGSM sweep: accuracy at ε = 0 is the clean accuracy, R&G sums the accuracies in %', async () => {
    const sweep = (await runner.runAnalysis('fgsm-sweep', {})) as SweepResult;
    const clean = await runner.trainer.evaluate(runner.trainer.xTest, runner.trainer.yTest);
    console.log(
      `FGSM sweep of the standard moons MLP: ${sweep.epsilons.map((e, i) => `ε=${e}: ${(100 * sweep.accuracy[i]).toFixed(1)}%`).join(', ')}; R&G ${sweep.rg.toFixed(1)}`,
    );
    expect(sweep.epsilons).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5]);
    expect(sweep.size).toBe(runner.trainer.yTest.shape[0]);
    expect(sweep.accuracy[0]).toBeCloseTo(clean.acc, 10);
    expect(sweep.rg).toBeCloseTo(
      sweep.accuracy.reduce((s, a) => s + 100 * a, 0),
      8,
    );
    expect(sweep.accuracy[5]).toBeLessThan(sweep.accuracy[0]);
    expect(structuredClone(sweep)).toEqual(sweep);
  });

  it('adversarial examples: x_adv = x + δ with ‖δ‖∞ ≤ ε, predictions = argmax of the probabilities', async () => {
    const r = (await runner.runAnalysis('adversarial-examples', { count: 40 })) as ExamplesResult;
    expect(r).toMatchObject({ attack: 'pgd-linf', epsilon: 0.2, steps: 10, inputShape: [2], numClasses: 2 });
    expect(r.indices).toHaveLength(40);
    const data = moons(cfg);
    for (let i = 0; i < 40; i++) {
      expect(r.labels[i]).toBe(data.yTest[r.indices[i]]);
      expect(r.perturbationLinf[i]).toBeLessThanOrEqual(0.2 + 1e-6);
      for (let j = 0; j < 2; j++) {
        const k = 2 * i + j;
        expect(r.clean[k]).toBe(data.xTest[2 * r.indices[i] + j]);
        expect(r.adversarial[k] - r.clean[k]).toBeCloseTo(r.perturbation[k], 6);
      }
      const argmax = (p: Float32Array) => (p[2 * i + 1] > p[2 * i] ? 1 : 0);
      expect(r.cleanPred[i]).toBe(argmax(r.cleanProbs));
      expect(r.adversarialPred[i]).toBe(argmax(r.adversarialProbs));
    }
    const l2 = (await runner.runAnalysis('adversarial-examples', {
      attack: 'pgd-l2',
      epsilon: 0.3,
      indices: [0, 5, 7],
    })) as ExamplesResult;
    expect(Array.from(l2.indices)).toEqual([0, 5, 7]);
    l2.perturbationL2.forEach((n) => expect(n).toBeLessThanOrEqual(0.3 * (1 + 1e-5)));
    expect(structuredClone(l2)).toEqual(l2);
  });

  it('the analyses leak no tensors', async () => {
    for (const [id, settings] of [
      ['robust', { testSize: 64, trainSize: 64 }],
      ['fgsm-sweep', {}],
      ['adversarial-examples', { attack: 'trades' }],
    ] as const)
      expect(await leakedTensors(() => runner.runAnalysis(id, settings)), id).toBe(0);
  });
});

describe('adversarial examples on [0, 1] images', () => {
  beforeAll(() => useBackend('wasm'));

  it('stay in [0, 1] and in the ε-ball', async () => {
    const cfg = imagesConfig();
    const runner = await Runner.create(cfg, tinyImages(2), 'wasm', () => {});
    for (const attack of ['fgsm', 'pgd-linf', 'trades'] as const) {
      const r = (await runner.runAnalysis('adversarial-examples', {
        attack,
        epsilon: 0.3,
        count: 6,
      })) as ExamplesResult;
      expect(r.inputShape).toEqual([12, 12, 1]);
      expect(r.adversarial).toHaveLength(6 * 144);
      expect(Math.min(...r.adversarial)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...r.adversarial)).toBeLessThanOrEqual(1);
      r.perturbationLinf.forEach((n) => expect(n).toBeLessThanOrEqual(0.3 + 1e-6));
    }
    await runner.cancel();
  });
});
