import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../src/core/tf';
import { relativeErrorsUnder, type LsaResult } from '../../src/core/analysis/lsa';
import { lsaHeatmap, rgTable } from '../../src/core/analysis/lsa-view';
import { meanAndStd, mostVulnerableLayers, mvlFromPerSample } from '../../src/core/analysis/mvl';
import { getAnalysis } from '../../src/core/analysis/registry';
import { relativeError } from '../../src/core/analysis/relative-error';
import type { Dataset } from '../../src/core/data/dataset';
import type { EngineEvent } from '../../src/core/events';
import { createMlp } from '../../src/core/models/mlp';
import { readValues } from '../../src/core/params';
import { Rng } from '../../src/core/rng';
import { atlrName } from '../../src/core/train/at-lr-naming';
import { atLrTraining, atlrLoss, layerRegulariser } from '../../src/core/train/at-lr';
import { Runner } from '../../src/core/train/runner';
import { Trainer } from '../../src/core/train/trainer';
import { config, leakedTensors, moons, useBackend } from './helpers';

/** ‖v‖ in float64. */
const norm = (v: ArrayLike<number>) => Math.sqrt(Array.from(v).reduce((s, a) => s + a * a, 0));

/** Row-major [n, k] = [n, d] × [d, k] in float64. */
function matmul(a: ArrayLike<number>, b: ArrayLike<number>, n: number, d: number, k: number): number[] {
  const out = new Array<number>(n * k).fill(0);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < k; j++) for (let t = 0; t < d; t++) out[i * k + j] += a[i * d + t] * b[t * k + j];
  return out;
}

const close = (a: number, b: number, rel = 1e-5) => Math.abs(a - b) <= rel * Math.max(1, Math.abs(b));

describe('LSA relative error (docs/methods/lsa.md#relative-error)', () => {
  beforeAll(() => useBackend('wasm'));

  it('matches ‖W(x − x̂)‖ / ‖Wx‖ for a linear map, over the whole batch', async () => {
    const rng = new Rng(7);
    const [n, d, k] = [5, 3, 4];
    const xs = rng.normals(n * d);
    const xh = xs.map((v) => v + 0.3 * rng.normal());
    const w = rng.normals(d * k);
    const value = tf.tidy(() => {
      const W = tf.tensor2d(w, [d, k]);
      return relativeError(tf.matMul(tf.tensor2d(xs, [n, d]), W), tf.matMul(tf.tensor2d(xh, [n, d]), W));
    });
    const got = (await value.data())[0];
    value.dispose();
    const diff = Array.from(xs, (v, i) => v - xh[i]);
    const expected = norm(matmul(diff, w, n, d, k)) / norm(matmul(xs, w, n, d, k));
    console.log(`linear map: relative error ${got} vs closed form ${expected}`);
    expect(close(got, expected)).toBe(true);
  });

  it('matches the closed form through the real probe path (a ReLU layer kept in its linear region)', async () => {
    // ReLU MLP 3-4-3-2 with positive first-layer weights, bias 1 and inputs in [0, 1]: every pre-activation
    // of probe 0 is > 0, so φ_0(x) = xW + b exactly and CM_0 = ‖(X − X̂)W‖_F / ‖XW + b‖_F.
    const model = createMlp(3, [4, 3], 2, 'relu');
    const rng = new Rng(11);
    const [n, d, k] = [6, 3, 4];
    const w0 = rng.uniforms(d * k, 0.1, 1);
    const values = [
      w0,
      new Float32Array(k).fill(1),
      rng.normals(k * 3),
      rng.normals(3),
      rng.normals(6),
      rng.normals(2),
    ];
    const params = model.params.map((p, i) => tf.tensor(values[i], p.shape));
    const xs = rng.uniforms(n * d, 0, 1);
    const xh = xs.map((v) => Math.min(1, Math.max(0, v + 0.2 * rng.normal())));
    const x = tf.tensor2d(xs, [n, d]);
    const xHat = tf.tensor2d(xh, [n, d]);
    const y = tf.tensor1d(new Int32Array(n), 'int32');
    const errors = await relativeErrorsUnder(model, params, x, y, () => xHat);
    const diff = Array.from(xs, (v, i) => v - xh[i]);
    const dW = matmul(diff, w0, n, d, k);
    const clean = matmul(xs, w0, n, d, k).map((v) => v + 1);
    const expected = norm(dW) / norm(clean);
    console.log(`probe 0 of a ReLU MLP in its linear region: ${errors[0].batch} vs closed form ${expected}`);
    expect(close(errors[0].batch, expected)).toBe(true);
    for (let m = 0; m < n; m++) {
      const perSample = norm(dW.slice(m * k, (m + 1) * k)) / norm(clean.slice(m * k, (m + 1) * k));
      expect(close(errors[0].perSample[m], perSample)).toBe(true);
    }
    const mean = Array.from(errors[0].perSample).reduce((a, b) => a + b, 0) / n;
    expect(close(errors[0].sampleMean, mean)).toBe(true);
    tf.dispose([...params, x, xHat, y]);
  });

  it('is 0 with a zero (sub)gradient when the perturbed input equals the clean one', async () => {
    const t = tf.tensor2d([1, -2, 3, 0.5], [2, 2]);
    const [value, grads] = tf.tidy(() => {
      const f = (a: tf.Tensor, b: tf.Tensor) => relativeError(a, b);
      return [f(t, t), tf.grads(f)([t, t])] as const;
    });
    expect((await value.data())[0]).toBe(0);
    for (const g of grads) expect(Array.from(await g.data()).every((v) => v === 0)).toBe(true);
    tf.dispose([t, value, ...grads]);
  });
});

describe('MVL rule (docs/methods/lsa.md#most-vulnerable-layers)', () => {
  it('picks exactly the layers above μ + η·σ of the layer scores', () => {
    // scores 0.1, 0.5, 0.2, 0.9: μ = 0.425, σ² = (0.325² + 0.075² + 0.225² + 0.475²)/4 = 0.096875.
    const scores = [0.1, 0.5, 0.2, 0.9];
    const sigma = Math.sqrt(0.096875);
    const at = (eta: number) => mostVulnerableLayers(scores, scores, eta);
    expect(at(0.5).mu).toBeCloseTo(0.425, 12);
    expect(at(0.5).sigma).toBeCloseTo(sigma, 12);
    expect(at(0.5).threshold).toBeCloseTo(0.425 + 0.5 * sigma, 12);
    expect(at(0.5).mvl).toEqual([3]); // threshold 0.5806
    expect(at(0).mvl).toEqual([1, 3]); // threshold 0.425
    expect(at(0.24).mvl).toEqual([1, 3]); // threshold 0.4997 < 0.5
    expect(at(0.25).mvl).toEqual([3]); // threshold 0.5028 > 0.5
    expect(at(1.6).mvl).toEqual([]); // threshold 0.923
    expect(at(-1).mvl).toEqual([1, 2, 3]); // threshold 0.114: only 0.1 is below
  });

  it('takes μ and σ over (sample, layer) pairs and scores each layer by its per-sample mean', () => {
    // Pairs 0.1 0.3 | 0.2 0.2 | 0.9 0.7: μ = 0.4, σ² = (0.09 + 0.01 + 0.04 + 0.04 + 0.25 + 0.09)/6 = 0.52/6.
    const perSample = [
      [0.1, 0.3],
      [0.2, 0.2],
      [0.9, 0.7],
    ];
    const sigma = Math.sqrt(0.52 / 6);
    const r = mvlFromPerSample(perSample, 1);
    expect(r.scores.map((s) => +s.toFixed(12))).toEqual([0.2, 0.2, 0.8]);
    expect(r.mu).toBeCloseTo(0.4, 12);
    expect(r.sigma).toBeCloseTo(sigma, 12);
    expect(r.mvl).toEqual([2]);
    expect(mvlFromPerSample(perSample, 1.4).mvl).toEqual([]); // threshold 0.812 > 0.8
    expect(mvlFromPerSample(perSample, 1.35).mvl).toEqual([2]); // threshold 0.797
    // Undefined per-sample values (NaN: a silent layer) are left out of the scores and the statistics.
    const withGap = [
      [0.1, 0.3, NaN],
      [0.2, 0.2],
      [0.9, NaN, 0.7],
    ];
    expect(mvlFromPerSample(withGap, 1)).toEqual(r);
    expect(meanAndStd([NaN]).mean).toBeNaN();
  });
});

describe('AT-LR regulariser and loss (docs/methods/lsa.md#lsa-and-at-lr)', () => {
  beforeAll(() => useBackend('wasm'));

  /** A tanh MLP 2-3-3-2 with random parameters, a batch and a fixed perturbed copy of it. */
  function tinySetup() {
    const model = createMlp(2, [3, 3], 2, 'tanh');
    const rng = new Rng(3);
    const values = model.params.map((p) =>
      rng.normals(
        p.shape.reduce((a, b) => a * b, 1),
        0.8,
      ),
    );
    const xs = rng.normals(8);
    const x = tf.tensor2d(xs, [4, 2]);
    const xAdv = tf.tensor2d(
      xs.map((v) => v + 0.3 * rng.normal()),
      [4, 2],
    );
    const y = tf.tensor1d([0, 1, 1, 0], 'int32');
    return { model, values, x, xAdv, y };
  }

  /** Analytic gradient vs central differences (h = 1e-2) of f at `values`, every coordinate. */
  async function checkGradient(
    specs: { shape: number[] }[],
    values: Float32Array[],
    f: (params: tf.Tensor[]) => tf.Scalar,
  ) {
    const params = specs.map((p, i) => tf.tensor(values[i], p.shape));
    const grads = tf.tidy(() => tf.grads((...ps: tf.Tensor[]) => f(ps))(params));
    const analytic = await Promise.all(grads.map((g) => g.data()));
    tf.dispose([...params, ...grads]);
    const evalAt = async (i: number, j: number, delta: number) => {
      const v = values.map((a) => a.slice());
      v[i][j] += delta;
      const out = tf.tidy(() => f(specs.map((p, k) => tf.tensor(v[k], p.shape))));
      const r = (await out.data())[0];
      out.dispose();
      return r;
    };
    const h = 1e-2;
    let worst = 0;
    for (let i = 0; i < values.length; i++)
      for (let j = 0; j < values[i].length; j++) {
        const fd = ((await evalAt(i, j, h)) - (await evalAt(i, j, -h))) / (2 * h);
        const g = analytic[i][j];
        worst = Math.max(worst, Math.abs(g - fd) / Math.max(1, Math.abs(g)));
        expect(Math.abs(g - fd)).toBeLessThanOrEqual(2e-3 + 1e-2 * Math.abs(g));
      }
    return worst;
  }

  it("Σ γ_l·CM_l's gradient matches central finite differences (through φ(x) and φ(x̂))", async () => {
    const { model, values, x, xAdv, y } = tinySetup();
    // The probes do not depend on the output layer (params 4, 5): differentiate w.r.t. the hidden layers.
    const hidden = 4;
    const tail = model.params.slice(hidden).map((p, i) => tf.tensor(values[hidden + i], p.shape));
    const withTail = (ps: tf.Tensor[]) => [...ps, ...tail];
    const f = (ps: tf.Tensor[]) =>
      layerRegulariser(
        model.apply(withTail(ps), x, { probes: true }).probes,
        model.apply(withTail(ps), xAdv, { probes: true }).probes,
        [1, 0.5],
      );
    const worst = await checkGradient(model.params.slice(0, hidden), values.slice(0, hidden), f);
    console.log(
      `AT-LR regulariser: worst |analytic − finite difference| / max(1, |g|) = ${worst.toExponential(2)}`,
    );
    tf.dispose([x, xAdv, y, ...tail]);
  });

  it("the whole AT-LR objective's gradient matches finite differences (PGD and TRADES bases)", async () => {
    const { model, values, x, xAdv, y } = tinySetup();
    for (const base of ['pgd', 'trades'] as const) {
      const f = (ps: tf.Tensor[]) => atlrLoss(model, ps, x, xAdv, y, base, [0, 2], 1.5);
      const worst = await checkGradient(model.params, values, f);
      console.log(`AT-${base}-LR-L1 objective: worst relative gradient error ${worst.toExponential(2)}`);
    }
    tf.dispose([x, xAdv, y]);
  });

  it('with no regularised layer it is the base loss; with x̂ = x the regulariser and its gradient are 0', async () => {
    const { model, values, x, xAdv, y } = tinySetup();
    const params = model.params.map((p, i) => tf.tensor(values[i], p.shape));
    const [plain, logits, zero, grads] = tf.tidy(() => {
      const reg = (ps: tf.Tensor[]) =>
        layerRegulariser(
          model.apply(ps, x, { probes: true }).probes,
          model.apply(ps, x, { probes: true }).probes,
          [1, 1],
        );
      return [
        atlrLoss(model, params, x, xAdv, y, 'pgd', [0, 0], 1),
        model.apply(params, xAdv).logits,
        reg(params),
        tf.grads((...ps: tf.Tensor[]) => reg([...ps, ...params.slice(4)]))(params.slice(0, 4)),
      ] as const;
    });
    // Mean cross-entropy of the adversarial batch, in float64 from the logits.
    const z = await logits.data();
    const labels = await y.data();
    const ce =
      [0, 1, 2, 3].reduce((s, m) => {
        const [a, b] = [z[2 * m], z[2 * m + 1]];
        const top = Math.max(a, b);
        return s + top + Math.log(Math.exp(a - top) + Math.exp(b - top)) - z[2 * m + labels[m]];
      }, 0) / 4;
    expect(Math.abs((await plain.data())[0] - ce)).toBeLessThan(1e-5);
    expect((await zero.data())[0]).toBe(0);
    for (const g of grads) expect(Array.from(await g.data()).every((v) => v === 0)).toBe(true);
    tf.dispose([plain, logits, zero, ...grads, ...params, x, xAdv, y]);
  });

  it('names runs as the paper does', () => {
    const a = { base: 'pgd', layers: [2], gamma: 1, gammaPerLayer: [] } as const;
    expect(atlrName(a)).toBe('AT-PGD-LR-L2');
    expect(atlrName({ ...a, layers: [2, 0, 2] })).toBe('AT-PGD-LR-L0-L2');
    expect(atlrName({ ...a, base: 'trades', layers: 'mvl' })).toBe('AT-TRADE-LR-MVL');
    expect(atlrName({ ...a, base: 'fast', layers: [0], gammaPerLayer: [0] })).toBe('AT-FAST');
    expect(atlrName({ ...a, base: 'fgsm', layers: [1] })).toBe('AT-FGSM-LR-L1');
  });
});

describe('LSA analysis and AT-LR in training', () => {
  beforeAll(() => useBackend('wasm'));

  const small = (extra: Record<string, unknown> = {}) =>
    config({
      data: { kind: 'moons', n: 200, noise: 0.15, testFraction: 0.3 },
      training: { epochs: 2, batchSize: 32 },
      ...extra,
    });

  it('every relative error is 0 when every perturbation is the identity (ε = 0, zero noise)', async () => {
    const cfg = small();
    const runner = await Runner.create(cfg, moons(cfg), 'wasm', () => {});
    await runner.stepEpoch();
    const r = (await runner.runAnalysis('lsa', {
      epsilon: 0,
      variance: 0,
      amount: 0,
      size: 40,
    })) as LsaResult;
    expect(r.perturbations.map((p) => p.kind)).toEqual([
      'fgsm',
      'pgd',
      'gaussian',
      'salt',
      'pepper',
      'speckle',
    ]);
    for (const p of r.perturbations) {
      expect(p.batch).toEqual([0, 0]);
      expect(p.sampleMean).toEqual([0, 0]);
      expect(p.mvl.mvl).toEqual([]);
    }
    await runner.cancel();
  });

  it('leaves the parameters bit-identical and leaks no tensors', async () => {
    const cfg = small();
    const runner = await Runner.create(cfg, moons(cfg), 'wasm', () => {});
    await runner.stepEpoch();
    const before = await readValues(runner.trainer.vars);
    let result: LsaResult | undefined;
    const leaked = await leakedTensors(async () => {
      result = (await runner.runAnalysis('lsa', { size: 60 })) as LsaResult;
    });
    const after = await readValues(runner.trainer.vars);
    expect(leaked).toBe(0);
    after.forEach((v, i) => expect(Buffer.from(v.buffer).equals(Buffer.from(before[i].buffer))).toBe(true));
    // Same weights, same streams: the same numbers on a second run.
    const again = (await runner.runAnalysis('lsa', { size: 60 })) as LsaResult;
    expect(again.perturbations.map((p) => p.batch)).toEqual(result!.perturbations.map((p) => p.batch));
    const pgd = result!.perturbations.find((p) => p.kind === 'pgd')!;
    console.log(
      `LSA after 1 epoch (MLP 2-16-16-2): PGD relative errors ${pgd.relativeError.map((v) => v.toFixed(4))}`,
    );
    expect(pgd.relativeError.every((v) => v > 0 && Number.isFinite(v))).toBe(true);
    await runner.cancel();
  });

  it('runs per epoch when configured, and the epochs × layers heat-map fills in', async () => {
    const cfg = small({
      lsa: { every: 1, perturbations: ['pgd', 'gaussian'], size: 50 },
      training: { epochs: 3, batchSize: 32 },
    });
    expect(lsaPerEpochs(cfg)).toEqual([1, 2, 3]);
    expect(lsaPerEpochs(small({ lsa: { every: 2 }, training: { epochs: 5 } }))).toEqual([2, 4, 5]);
    expect(lsaPerEpochs(small())).toEqual([]);
    const events: EngineEvent[] = [];
    const runner = await Runner.create(cfg, moons(cfg), 'wasm', (e) => events.push(e));
    await runner.play();
    const analyses = events.filter((e) => e.type === 'analysis' && e.id === 'lsa');
    expect(analyses.map((e) => (e as { epoch: number }).epoch)).toEqual([1, 2, 3]);
    const map = lsaHeatmap(runner.analyses, 'pgd');
    expect(map.epochs).toEqual([1, 2, 3]);
    expect(map.layers).toEqual(runner.trainer.model.probeNames);
    expect(map.values).toHaveLength(3);
    expect(map.values.every((row) => row.length === 2)).toBe(true);
    console.log(`heat-map (PGD) rows: ${JSON.stringify(map.values.map((r) => r.map((v) => +v.toFixed(4))))}`);
    await runner.cancel();
  });

  it('AT-LR on the current MVL refreshes it at epoch ends, and an epoch leaks no tensors', async () => {
    const cfg = small({
      training: { epochs: 3, batchSize: 32, method: 'at-lr' },
      atlr: { layers: 'mvl', eta: 0, subsetSize: 64 },
    });
    const trainer = new Trainer(cfg, moons(cfg));
    await trainer.trainEpoch();
    const first = await atLrTraining.epochMetrics!(trainer.epochContext());
    expect(Object.keys(first)).toEqual(['atlrMvlL0', 'atlrMvlL1']);
    console.log(`AT-LR current MVL after epoch 1 (η = 0): ${JSON.stringify(first)}`);
    const leaked = await leakedTensors(async () => {
      await trainer.trainEpoch();
      await atLrTraining.epochMetrics!(trainer.epochContext());
    });
    expect(leaked).toBe(0);
    trainer.dispose();
  });

  it('AT-LR trains on every base (FGSM, FAST, PGD, TRADES), by hand and on the current MVL', async () => {
    for (const base of ['fgsm', 'fast', 'pgd', 'trades'] as const) {
      for (const layers of [[0], 'mvl'] as const) {
        const cfg = small({
          data: { kind: 'moons', n: 100, noise: 0.15, testFraction: 0.3 },
          training: { epochs: 2, batchSize: 35, method: 'at-lr' },
          atlr: { base, layers, eta: -10, statistic: 'layers', subsetSize: 32 },
        });
        const trainer = new Trainer(cfg, moons(cfg));
        const ctx = () => trainer.epochContext();
        const objectives = [(await trainer.trainEpoch())!.objective];
        const flags = await atLrTraining.epochMetrics!(ctx());
        objectives.push((await trainer.trainEpoch())!.objective);
        expect(objectives.every(Number.isFinite), `${base} ${layers}`).toBe(true);
        // η = −10 puts every layer above μ + ησ: the MVL is all probes.
        if (layers === 'mvl') expect(flags).toEqual({ atlrMvlL0: 1, atlrMvlL1: 1 });
        trainer.dispose();
      }
    }
  });

  it('AT-LR with hand-picked layers trains, and rejects a probe the model lacks', async () => {
    const ok = small({
      training: { epochs: 1, batchSize: 32, method: 'at-lr' },
      atlr: { layers: [1], base: 'trades' },
    });
    const trainer = new Trainer(ok, moons(ok));
    const stats = await trainer.trainEpoch();
    expect(Number.isFinite(stats!.objective)).toBe(true);
    expect(await atLrTraining.epochMetrics!(trainer.epochContext())).toEqual({});
    trainer.dispose();
    const bad = small({ training: { epochs: 1, batchSize: 32, method: 'at-lr' }, atlr: { layers: [5] } });
    const t2 = new Trainer(bad, moons(bad));
    await expect(t2.trainEpoch()).rejects.toThrow(/atlr\.layers: probe 5/);
    t2.dispose();
  });
});

/** The epochs after which the LSA analysis runs for `cfg`. */
function lsaPerEpochs(cfg: ReturnType<typeof config>): number[] {
  return Array.from({ length: cfg.training.epochs }, (_, i) => i + 1).filter(
    (e) => getAnalysis('lsa').perEpoch!(cfg, e) !== null,
  );
}

describe('R&G table for several runs (docs/methods/lsa.md#rg-score)', () => {
  it('puts runs in rows, ε in columns (accuracy in %) and keeps each run’s R&G', () => {
    const t = rgTable([
      { name: 'AT-PGD', sweep: { epsilons: [0, 0.1, 0.2], accuracy: [1, 0.5, 0.25], rg: 175 } },
      { name: 'AT-PGD-LR-L2', sweep: { epsilons: [0, 0.1, 0.2], accuracy: [0.9, 0.6, 0.3], rg: 180 } },
    ]);
    expect(t.epsilons).toEqual([0, 0.1, 0.2]);
    expect(t.rows.map((r) => r.name)).toEqual(['AT-PGD', 'AT-PGD-LR-L2']);
    expect(t.rows[0].accuracy).toEqual([100, 50, 25]);
    expect(t.rows[1].rg).toBe(180);
    expect(t.comparable).toBe(true);
    const mixed = rgTable([
      { name: 'a', sweep: { epsilons: [0, 0.2], accuracy: [1, 0.5], rg: 150 } },
      { name: 'b', sweep: { epsilons: [0, 0.1], accuracy: [1, 0.7], rg: 170 } },
    ]);
    expect(mixed.epsilons).toEqual([0, 0.1, 0.2]);
    expect(mixed.rows[0].accuracy).toEqual([100, null, 50]);
    expect(mixed.comparable).toBe(false);
  });
});

describe('LSA and AT-LR on a CNN (image probes, inputs clipped to [0, 1])', () => {
  beforeAll(() => useBackend('wasm'));

  /** 12×12 grey images of two classes (a bright left or right half plus noise): small and fast. */
  function images(): Dataset {
    const rng = new Rng(5);
    const make = (n: number) => {
      const x = new Float32Array(n * 144);
      const y = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        y[i] = i % 2;
        for (let p = 0; p < 144; p++) {
          const left = p % 12 < 6;
          const bright = (y[i] === 0) === left ? 0.8 : 0.1;
          x[i * 144 + p] = Math.min(1, Math.max(0, bright + 0.1 * rng.normal()));
        }
      }
      return [x, y] as const;
    };
    const [xTrain, yTrain] = make(64);
    const [xTest, yTest] = make(32);
    return {
      name: 'halves',
      inputShape: [12, 12, 1],
      numClasses: 2,
      xTrain,
      yTrain,
      xTest,
      yTest,
      inputRange: [0, 1],
    };
  }

  const cnnConfig = (extra: Record<string, unknown> = {}) =>
    config({
      data: { kind: 'mnist', trainSize: 100, testSize: 100 },
      model: { kind: 'cnn', preset: 'small' },
      training: { epochs: 1, batchSize: 16, method: 'at-lr' },
      attack: { epsilon: 0.1, steps: 3 },
      robustEval: { steps: 3 },
      atlr: { layers: [0, 1] },
      ...extra,
    });

  it('gives finite relative errors for every perturbation (noise extremes = the [0, 1] range), and leaks nothing', async () => {
    const cfg = cnnConfig();
    const runner = await Runner.create(cfg, images(), 'wasm', () => {});
    const stats = await runner.trainer.trainEpoch();
    expect(Number.isFinite(stats!.objective)).toBe(true);
    let r: LsaResult | undefined;
    const leaked = await leakedTensors(async () => {
      r = (await runner.runAnalysis('lsa', { size: 32 })) as LsaResult;
    });
    expect(leaked).toBe(0);
    expect(r!.resolved.noise.extremes).toEqual([0, 1]);
    for (const p of r!.perturbations) {
      expect(p.batch).toHaveLength(2);
      expect(p.batch.every((v) => Number.isFinite(v) && v > 0)).toBe(true);
    }
    console.log(
      `CNN LSA after one AT-LR epoch: ${r!.perturbations.map((p) => `${p.kind} [${p.batch.map((v) => v.toFixed(3))}]`).join(' ')}`,
    );
    await runner.cancel();
  });
});
