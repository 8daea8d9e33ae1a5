import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../src/core/tf';
import { type AttackSettings, type Forward, type InputRange, forwardOf } from '../../src/core/attacks/attack';
import { ATTACK_IDS, type AttackId } from '../../src/core/attacks/attack-ids';
import { fgsm } from '../../src/core/attacks/fgsm';
import { NOISES, NOISE_DEFAULTS, type NoiseSettings } from '../../src/core/attacks/noise';
import { ATTACKS } from '../../src/core/attacks/registry';
import { perExampleKl, tradesLoss } from '../../src/core/attacks/trades';
import { inputGradient } from '../../src/core/attacks/attack';
import { attackDefaults, defaultConfig, parseConfig } from '../../src/core/config';
import { ATTACK_PRESETS } from '../../src/core/presets/attacks';
import { createCnn } from '../../src/core/models/cnn';
import { createMlp } from '../../src/core/models/mlp';
import type { Model } from '../../src/core/models/model';
import { initialValues, toTensors } from '../../src/core/params';
import { Rng } from '../../src/core/rng';
import { crossEntropy, perExampleCrossEntropy } from '../../src/core/objectives/loss';
import { leakedTensors, useBackend } from './helpers';

const read = async (t: tf.Tensor) => Float32Array.from(await t.data());

/** A classifier with its parameters on the device, data and labels: one attack playground. */
interface Setup {
  name: string;
  model: Model;
  params: tf.Tensor[];
  forward: Forward;
  x: tf.Tensor;
  y: tf.Tensor1D;
  range: InputRange;
  /** One example's size. */
  dim: number;
}

function setup(name: string, model: Model, x: Float32Array, labels: Int32Array, range: InputRange): Setup {
  const params = toTensors(model.params, initialValues(model, 7));
  const dim = model.inputShape.reduce((a, b) => a * b, 1);
  return {
    name,
    model,
    params,
    forward: forwardOf(model, params),
    x: tf.tensor(x, [labels.length, ...model.inputShape]),
    y: tf.tensor1d(labels, 'int32'),
    range,
    dim,
  };
}

/** Unbounded 2-D points (moons-like: never clipped) and an MLP 2-8-2. */
function pointsSetup(): Setup {
  const rng = new Rng(11);
  const n = 32;
  return setup(
    'points (unbounded, MLP)',
    createMlp(2, [8], 2, 'tanh'),
    rng.normals(n * 2),
    Int32Array.from({ length: n }, () => rng.int(2)),
    null,
  );
}

/** [0, 1] images with many pixels exactly at 0 or 1 (MNIST-like) and a tiny random CNN. */
function imagesSetup(): Setup {
  const rng = new Rng(12);
  const n = 8;
  const size = 8 * 8;
  const x = Float32Array.from({ length: n * size }, () => {
    const u = rng.next();
    return u < 0.4 ? 0 : u > 0.8 ? 1 : rng.next();
  });
  return setup(
    'images in [0, 1] (CNN)',
    createCnn([8, 8, 1], [{ type: 'conv', filters: 3, kernel: 3 }, { type: 'pool' }], 3, 'tiny'),
    x,
    Int32Array.from({ length: n }, () => rng.int(3)),
    [0, 1],
  );
}

const settings = (epsilon: number, over: Partial<AttackSettings> = {}): AttackSettings => ({
  epsilon,
  steps: 5,
  stepSize: null,
  restarts: 1,
  ...over,
});

describe('attacks', () => {
  let setups: Setup[];
  beforeAll(async () => {
    await useBackend('wasm');
    setups = [pointsSetup(), imagesSetup()];
  });
  afterAll(() => setups.forEach((s) => tf.dispose([...s.params, s.x, s.y])));

  it('FGSM on 2-logit logistic regression equals x + ε·sign(w·(p − y))', async () => {
    // logits = x·W + b with W [d, 2]: ∂CE/∂x = Σ_c W[:, c](p_c − [c = y]) = (W[:, 1] − W[:, 0])(p₁ − y), since
    // p₀ − [y = 0] = −(p₁ − y); p₁ = σ(x·w + b₁ − b₀) with w = W[:, 1] − W[:, 0].
    const d = 3;
    const n = 16;
    const model = createMlp(d, [], 2, 'tanh');
    const rng = new Rng(5);
    const W = rng.normals(d * 2);
    const b = rng.normals(2);
    const w = Array.from({ length: d }, (_, j) => W[j * 2 + 1] - W[j * 2]);
    for (const range of [null, [0, 1]] as InputRange[]) {
      const x = range ? rng.uniforms(n * d, 0, 1) : rng.normals(n * d, 2);
      const y = Int32Array.from({ length: n }, () => rng.int(2));
      const epsilon = 0.3;
      const expected: number[] = [];
      for (let i = 0; i < n; i++) {
        let z = b[1] - b[0];
        for (let j = 0; j < d; j++) z += x[i * d + j] * w[j];
        const p = 1 / (1 + Math.exp(-z));
        for (let j = 0; j < d; j++) {
          const v = x[i * d + j] + epsilon * Math.sign(w[j] * (p - y[i]));
          expected.push(range ? Math.min(range[1], Math.max(range[0], v)) : v);
        }
      }
      const params = [tf.tensor2d(W, [d, 2]), tf.tensor1d(b)];
      const xt = tf.tensor2d(x, [n, d]);
      const yt = tf.tensor1d(y, 'int32');
      const adv = fgsm(forwardOf(model, params), xt, yt, settings(epsilon), new Rng(1), range);
      const got = await read(adv);
      expected.forEach((e, k) => expect(got[k]).toBeCloseTo(e, 6));
      tf.dispose([...params, xt, yt, adv]);
    }
  });

  it('with ε = 0 every attack returns the input exactly', async () => {
    for (const s of setups)
      for (const id of ATTACK_IDS) {
        const adv = ATTACKS[id].run(s.forward, s.x, s.y, settings(0, { restarts: 2 }), new Rng(3), s.range);
        expect(Array.from(await read(adv)), `${id} on ${s.name}`).toEqual(Array.from(await read(s.x)));
        adv.dispose();
      }
  });

  it('every iterate stays in its ε-ball (L∞ / L2) and, for images, in [0, 1]', async () => {
    const cases: { id: AttackId; epsilon: number; iterates: (s: AttackSettings) => number }[] = [
      { id: 'pgd-linf', epsilon: 0.2, iterates: (s) => s.steps * s.restarts },
      { id: 'pgd-l2', epsilon: 0.5, iterates: (s) => s.steps * s.restarts },
      { id: 'fgsm-rs', epsilon: 0.2, iterates: () => 1 },
      { id: 'fgsm', epsilon: 0.2, iterates: () => 1 },
      { id: 'trades', epsilon: 0.2, iterates: (s) => s.steps },
    ];
    for (const s of setups)
      for (const c of cases) {
        const attack = ATTACKS[c.id];
        const opts = settings(c.epsilon, { steps: 6, restarts: 2 });
        const iterates: tf.Tensor[] = [];
        const final = attack.run(s.forward, s.x, s.y, opts, new Rng(4), s.range, {
          onIterate: (xAdv) => iterates.push(tf.keep(tf.clone(xAdv))),
        });
        expect(iterates.length, `${c.id} iterates`).toBe(c.iterates(opts));
        const x = await read(s.x);
        let largest = 0;
        for (const t of [...iterates, final]) {
          const xa = await read(t);
          for (let i = 0; i < xa.length / s.dim; i++) {
            let linf = 0;
            let l2 = 0;
            for (let j = i * s.dim; j < (i + 1) * s.dim; j++) {
              const dlt = xa[j] - x[j];
              linf = Math.max(linf, Math.abs(dlt));
              l2 += dlt * dlt;
              if (s.range) {
                expect(xa[j]).toBeGreaterThanOrEqual(s.range[0]);
                expect(xa[j]).toBeLessThanOrEqual(s.range[1]);
              }
            }
            const size = attack.norm === 'linf' ? linf : Math.sqrt(l2);
            expect(size, `${c.id} on ${s.name}`).toBeLessThanOrEqual(c.epsilon * (1 + 1e-5) + 1e-6);
            largest = Math.max(largest, size);
          }
        }
        // The attack does move: some sample reaches the ball's boundary.
        expect(largest, `${c.id} on ${s.name} moves`).toBeGreaterThan(0.9 * c.epsilon);
        tf.dispose([...iterates, final]);
      }
  });

  it('PGD restarts keep, per sample, the restart with the largest final loss', async () => {
    for (const s of setups)
      for (const id of ['pgd-linf', 'pgd-l2'] as const) {
        const opts = settings(0.3, { steps: 3, restarts: 3 });
        const finals: tf.Tensor[] = [];
        const adv = ATTACKS[id].run(s.forward, s.x, s.y, opts, new Rng(9), s.range, {
          onIterate: (xAdv, { step }) => {
            if (step === opts.steps - 1) finals.push(tf.keep(tf.clone(xAdv)));
          },
        });
        const lossOf = (t: tf.Tensor) => read(tf.tidy(() => perExampleCrossEntropy(s.forward(t), s.y)));
        const perRestart = await Promise.all(finals.map(lossOf));
        const kept = await lossOf(adv);
        kept.forEach((l, i) => expect(l).toBeCloseTo(Math.max(...perRestart.map((r) => r[i])), 5));
        tf.dispose([...finals, adv]);
      }
  });

  it('PGD raises the loss above the clean loss', async () => {
    for (const s of setups) {
      const clean = await read(tf.tidy(() => crossEntropy(s.forward(s.x), s.y)));
      for (const id of ['pgd-linf', 'pgd-l2'] as const) {
        const adv = ATTACKS[id].run(s.forward, s.x, s.y, settings(0.3, { steps: 10 }), new Rng(2), s.range);
        const attacked = await read(tf.tidy(() => crossEntropy(s.forward(adv), s.y)));
        expect(attacked[0], `${id} on ${s.name}`).toBeGreaterThan(clean[0]);
        adv.dispose();
      }
    }
  });

  it('random starts are deterministic: the same stream gives the same x_adv, another stream another', async () => {
    for (const s of setups)
      for (const id of ['fgsm-rs', 'pgd-linf', 'pgd-l2', 'trades'] as const) {
        const run = async (seed: number) => {
          const adv = ATTACKS[id].run(
            s.forward,
            s.x,
            s.y,
            settings(0.2),
            Rng.stream(seed, 'attack'),
            s.range,
          );
          const v = Array.from(await read(adv));
          adv.dispose();
          return v;
        };
        expect(await run(1), `${id} on ${s.name}`).toEqual(await run(1));
        expect(await run(1), `${id} on ${s.name}`).not.toEqual(await run(2));
      }
  });

  it('no attack leaks tensors', async () => {
    for (const s of setups)
      for (const id of ATTACK_IDS) {
        const leaked = await leakedTensors(() =>
          ATTACKS[id].run(s.forward, s.x, s.y, settings(0.2, { restarts: 2 }), new Rng(1), s.range).dispose(),
        );
        expect(leaked, `${id} on ${s.name}`).toBe(0);
      }
  });

  it('the attack registry lists every attack id under its own id', () => {
    expect(Object.keys(ATTACKS).sort()).toEqual([...ATTACK_IDS].sort());
    for (const id of ATTACK_IDS) expect(ATTACKS[id].id).toBe(id);
    expect(ATTACKS['pgd-linf'].defaultStepSize(0.3, 10)).toBeCloseTo(0.075, 10);
    expect(ATTACKS['fgsm-rs'].defaultStepSize(0.2, 1)).toBeCloseTo(0.25, 10);
  });
});

describe('TRADES', () => {
  beforeAll(() => useBackend('wasm'));

  it('KL(p‖q) matches its definition Σ p (log p − log q)', async () => {
    const rng = new Rng(21);
    const [n, c] = [5, 4];
    const a = rng.normals(n * c, 2);
    const b = rng.normals(n * c, 2);
    const softmax = (v: Float32Array, i: number) => {
      const row = Array.from(v.subarray(i * c, (i + 1) * c));
      const m = Math.max(...row);
      const e = row.map((z) => Math.exp(z - m));
      const s = e.reduce((u, w) => u + w, 0);
      return e.map((z) => z / s);
    };
    const kl = await read(tf.tidy(() => perExampleKl(tf.tensor2d(a, [n, c]), tf.tensor2d(b, [n, c]))));
    for (let i = 0; i < n; i++) {
      const p = softmax(a, i);
      const q = softmax(b, i);
      expect(kl[i]).toBeCloseTo(
        p.reduce((s, pc, k) => s + pc * (Math.log(pc) - Math.log(q[k])), 0),
        5,
      );
    }
  });

  it('the outer loss gradient matches finite differences, through both p(x) and p(x_adv)', async () => {
    const model = createMlp(2, [3], 2, 'tanh');
    const values = initialValues(model, 3);
    const rng = new Rng(8);
    const n = 6;
    const xv = rng.normals(n * 2);
    const x = tf.tensor2d(xv, [n, 2]);
    const xAdv = tf.tensor2d(
      xv.map((v) => v + rng.uniform(-0.3, 0.3)),
      [n, 2],
    );
    const y = tf.tensor1d(
      Int32Array.from({ length: n }, () => rng.int(2)),
      'int32',
    );
    const beta = 3;
    const lossAt = (vals: Float32Array[]) =>
      tf.tidy(() => tradesLoss(forwardOf(model, toTensors(model.params, vals)), x, xAdv, y, beta));
    const params = toTensors(model.params, values);
    const analytic = await Promise.all(
      tf
        .grads((...p: tf.Tensor[]) => tradesLoss(forwardOf(model, p), x, xAdv, y, beta))(params)
        .map(read),
    );
    // The same loss with p(x) held constant inside the KL: what a gradient through p(x_adv) only would give.
    const naturalConst = tf.tidy(() => model.apply(params, x).logits);
    const oneSided = await Promise.all(
      tf
        .grads((...p: tf.Tensor[]) => {
          const f = forwardOf(model, p);
          const ce = crossEntropy(f(x), y);
          return tf.add(ce, tf.mul(tf.mean(perExampleKl(naturalConst, f(xAdv))), beta)) as tf.Scalar;
        })(params)
        .map(read),
    );
    const h = 1e-2;
    let largestGap = 0;
    for (let t = 0; t < values.length; t++)
      for (let k = 0; k < values[t].length; k++) {
        const plus = values.map((v) => v.slice());
        const minus = values.map((v) => v.slice());
        plus[t][k] += h;
        minus[t][k] -= h;
        const [lp, lm] = [lossAt(plus), lossAt(minus)];
        const fd = ((await read(lp))[0] - (await read(lm))[0]) / (2 * h);
        tf.dispose([lp, lm]);
        expect(Math.abs(fd - analytic[t][k]), `${model.params[t].name}[${k}]`).toBeLessThan(
          2e-3 + 1e-2 * Math.abs(fd),
        );
        largestGap = Math.max(largestGap, Math.abs(fd - oneSided[t][k]));
      }
    // Dropping the gradient through p(x) would be caught: it is off by far more than the tolerance.
    expect(largestGap).toBeGreaterThan(1e-2);
    tf.dispose([x, xAdv, y, naturalConst, ...params]);
  });

  it("the inner objective's input gradient (summed KL) matches finite differences", async () => {
    const model = createMlp(2, [4], 3, 'tanh');
    const params = toTensors(model.params, initialValues(model, 4));
    const forward = forwardOf(model, params);
    const rng = new Rng(31);
    const n = 3;
    const xv = rng.normals(n * 2);
    const x = tf.tensor2d(xv, [n, 2]);
    const natural = forward(x);
    const av = xv.map((v) => v + rng.uniform(-0.5, 0.5));
    const objective = (logits: tf.Tensor2D) => perExampleKl(natural, logits);
    const g = await read(tf.tidy(() => inputGradient(forward, objective, tf.tensor2d(av, [n, 2]))));
    const h = 1e-2;
    for (let k = 0; k < av.length; k++) {
      const at = (shift: number) =>
        tf.tidy(() => {
          const v = av.slice();
          v[k] += shift;
          return tf.sum(objective(forward(tf.tensor2d(v, [n, 2]))));
        });
      const [lp, lm] = [at(h), at(-h)];
      const fd = ((await read(lp))[0] - (await read(lm))[0]) / (2 * h);
      tf.dispose([lp, lm]);
      expect(Math.abs(fd - g[k])).toBeLessThan(2e-3 + 1e-2 * Math.abs(fd));
    }
    tf.dispose([x, natural, ...params]);
  });
});

describe('input noise (LSA baselines)', () => {
  beforeAll(() => useBackend('wasm'));
  const n = 20000;

  const stats = (v: Float32Array) => {
    const mean = v.reduce((s, a) => s + a, 0) / v.length;
    return { mean, variance: v.reduce((s, a) => s + (a - mean) ** 2, 0) / v.length };
  };

  it('Gaussian adds N(0, variance); speckle adds x·N(0, variance)', async () => {
    const x = tf.fill([n], 0.5);
    const g = await read(NOISES.gaussian(x, NOISE_DEFAULTS, new Rng(1), null));
    const gs = stats(g);
    expect(gs.mean).toBeCloseTo(0.5, 2);
    expect(gs.variance / 0.01).toBeGreaterThan(0.95);
    expect(gs.variance / 0.01).toBeLessThan(1.05);
    const sp = stats(await read(NOISES.speckle(x, NOISE_DEFAULTS, new Rng(1), [0, 1])));
    expect(sp.mean).toBeCloseTo(0.5, 2);
    expect(sp.variance / (0.25 * 0.01)).toBeGreaterThan(0.95);
    expect(sp.variance / (0.25 * 0.01)).toBeLessThan(1.05);
    const zeros = tf.zeros([100]);
    expect(Array.from(await read(NOISES.speckle(zeros, NOISE_DEFAULTS, new Rng(1), null)))).toEqual(
      Array.from({ length: 100 }, () => 0),
    );
    tf.dispose([x, zeros]);
  });

  it('salt / pepper set a Bernoulli(amount) share of the elements to the top / bottom of the range', async () => {
    const x = tf.fill([n], 0.5);
    const salt = await read(NOISES.salt(x, NOISE_DEFAULTS, new Rng(2), [0, 1]));
    const pepper = await read(NOISES.pepper(x, NOISE_DEFAULTS, new Rng(3), [0, 1]));
    expect(salt.every((v) => v === 1 || v === 0.5)).toBe(true);
    expect(pepper.every((v) => v === 0 || v === 0.5)).toBe(true);
    expect(salt.filter((v) => v === 1).length / n).toBeCloseTo(0.05, 2);
    expect(pepper.filter((v) => v === 0).length / n).toBeCloseTo(0.05, 2);
    // Unbounded data (moons) has no range to take the values from: they must be given.
    expect(() => NOISES.salt(x, NOISE_DEFAULTS, new Rng(2), null)).toThrow(/extremes/);
    const custom: NoiseSettings = { ...NOISE_DEFAULTS, amount: 1, extremes: [-2, 3] };
    expect((await read(NOISES.salt(x, custom, new Rng(2), null))).every((v) => v === 3)).toBe(true);
    x.dispose();
  });

  it('clips to [0, 1] images only; zero strength returns the input; no leaks; deterministic', async () => {
    const rng = new Rng(4);
    const x = tf.tensor(rng.uniforms(1000, 0, 1));
    const loud: NoiseSettings = { ...NOISE_DEFAULTS, variance: 1 };
    const clipped = await read(NOISES.gaussian(x, loud, new Rng(5), [0, 1]));
    expect(Math.min(...clipped)).toBe(0);
    expect(Math.max(...clipped)).toBe(1);
    const free = await read(NOISES.gaussian(x, loud, new Rng(5), null));
    expect(Math.min(...free)).toBeLessThan(-0.5);
    expect(Math.max(...free)).toBeGreaterThan(1.5);
    const quiet: NoiseSettings = { variance: 0, amount: 0, extremes: null };
    const original = Array.from(await read(x));
    for (const [id, noise] of Object.entries(NOISES)) {
      expect(Array.from(await read(noise(x, quiet, new Rng(6), [0, 1]))), id).toEqual(original);
      const again = async () => Array.from(await read(noise(x, NOISE_DEFAULTS, new Rng(7), [0, 1])));
      expect(await again(), id).toEqual(await again());
      expect(await leakedTensors(() => noise(x, NOISE_DEFAULTS, new Rng(7), [0, 1]).dispose()), id).toBe(0);
    }
    x.dispose();
  });
});

describe('attack config', () => {
  it('defaults are the moons ones of docs/methods/attacks.md#defaults; MNIST presets differ; old configs still parse', () => {
    const cfg = defaultConfig();
    expect({ attack: cfg.attack, trades: cfg.trades, robustEval: cfg.robustEval }).toEqual(
      attackDefaults('moons'),
    );
    expect(cfg.attack).toMatchObject({ epsilon: 0.2, steps: 10, stepSize: null, norm: 'linf', restarts: 1 });
    expect(cfg.robustEval.steps).toBe(20);
    const mnist = attackDefaults('mnist');
    expect(mnist.attack.epsilon).toBe(0.3);
    expect(ATTACKS['pgd-linf'].defaultStepSize(mnist.attack.epsilon, mnist.attack.steps)).toBeCloseTo(
      0.075,
      10,
    );
    expect(mnist.robustEval.steps).toBe(40);
    expect(mnist.trades.beta).toBe(1);
    const r = parseConfig({
      seed: 3,
      training: { method: 'pgd-at' },
      attack: { epsilon: 50, stepSize: 0.01 },
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.attack.epsilon).toBe(10);
    expect(r.config.attack.stepSize).toBe(0.01);
    expect(r.warnings.join()).toMatch(/Attack .*epsilon: 50 is above the largest allowed value; 10 is used/);
    expect(parseConfig({ attack: { kind: 'nope' } }).ok).toBe(false);
  });

  it('every attack preset is a valid config, parsed without warnings', () => {
    for (const preset of ATTACK_PRESETS) {
      const r = parseConfig(preset.config);
      expect(r.ok, preset.id).toBe(true);
      expect(r.warnings, preset.id).toEqual([]);
    }
    expect(new Set(ATTACK_PRESETS.map((p) => p.id)).size).toBe(ATTACK_PRESETS.length);
  });
});
