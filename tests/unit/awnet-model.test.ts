/**
 * AW-Net's model (docs/methods/awnet.md): the weight-varied layers against the plain layers and against
 * explicit per-sample kernels, gradients against finite differences, the parameter layout, and the
 * router-held-fixed view the analyses use.
 */
import { describe, expect, it } from 'vitest';
import * as tf from '../../src/core/tf';
import {
  type AwnetModel,
  analysedModel,
  createAwnet,
  variedConv,
  variedDense,
} from '../../src/core/models/awnet';
import { type CnnLayer, createCnn } from '../../src/core/models/cnn';
import { createMlp } from '../../src/core/models/mlp';
import { initialValues, toTensors } from '../../src/core/params';
import { Rng } from '../../src/core/rng';
import { crossEntropy } from '../../src/core/objectives/loss';
import { detectionLoss } from '../../src/core/train/awnet';
import { config, useBackend } from './helpers';

const BACKENDS = ['cpu', 'wasm'] as const;
const TINY_CNN: CnnLayer[] = [{ type: 'conv', filters: 3, kernel: 3 }, { type: 'pool' }];
const mlpNet = (signal: 'tanh' | 'mix', hidden = [5, 4]) =>
  createAwnet([2], 2, { hidden, activation: 'tanh', signal, lambda: 0.5 }, []);
const cnnNet = (signal: 'tanh' | 'mix') =>
  createAwnet([8, 8, 1], 3, { hidden: [], activation: 'relu', signal, lambda: 0.5 }, TINY_CNN);

const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));
const read = async (t: tf.Tensor) => {
  const v = (await t.data()) as Float32Array;
  t.dispose();
  return v;
};

describe('weight-varied layers', () => {
  for (const backend of BACKENDS)
    it(`with r ≡ 1 equal the plain dense and conv layers bit for bit (${backend})`, async () => {
      await useBackend(backend);
      const rng = new Rng(3);
      const x = tf.tensor(rng.normals(5 * 3), [5, 3]) as tf.Tensor2D;
      const w = tf.tensor(rng.normals(3 * 4), [3, 4]) as tf.Tensor2D;
      const b = tf.tensor(rng.normals(4), [4]);
      const ones = tf.ones([5, 4]) as tf.Tensor2D;
      const dense = await read(variedDense(x, w, b, ones));
      const plainDense = await read(tf.add(tf.matMul(x, w), b));
      expect(bits(dense)).toEqual(bits(plainDense));

      const xi = tf.tensor(rng.normals(2 * 6 * 6 * 2), [2, 6, 6, 2]) as tf.Tensor4D;
      const k = tf.tensor(rng.normals(3 * 3 * 2 * 4), [3, 3, 2, 4]) as tf.Tensor4D;
      const conv = await read(variedConv(xi, k, b, tf.ones([2, 4]) as tf.Tensor2D));
      const plainConv = await read(tf.add(tf.conv2d(xi, k, 1, 'valid'), b));
      expect(bits(conv)).toEqual(bits(plainConv));
      tf.dispose([x, w, b, ones, xi, k]);
    });

  for (const backend of BACKENDS)
    it(`equal an explicit per-sample kernel r_j(x)·W_j to 1e-6 (${backend})`, async () => {
      await useBackend(backend);
      const rng = new Rng(4);
      const batch = 4;
      // At the models' scales: inputs in [0, 1] (pixels), Glorot-sized weights, r in [0.2, 1.8].
      const r = tf.tensor(rng.uniforms(batch * 5, 0.2, 1.8), [batch, 5]) as tf.Tensor2D;
      const b = tf.tensor(rng.normals(5, 0.1), [5]);
      const x = tf.tensor(rng.uniforms(batch * 3, 0, 1), [batch, 3]) as tf.Tensor2D;
      const w = tf.tensor(rng.uniforms(3 * 5, -0.8, 0.8), [3, 5]) as tf.Tensor2D;
      const xi = tf.tensor(rng.uniforms(batch * 7 * 7 * 2, 0, 1), [batch, 7, 7, 2]) as tf.Tensor4D;
      const k = tf.tensor(rng.uniforms(3 * 3 * 2 * 5, -0.35, 0.35), [3, 3, 2, 5]) as tf.Tensor4D;
      const perSample = (i: number) => tf.slice(r, [i, 0], [1, 5]).reshape([5]);
      const explicitDense = tf.concat(
        Array.from({ length: batch }, (_, i) =>
          tf.add(tf.matMul(tf.slice(x, [i, 0], [1, 3]), tf.mul(w, perSample(i))), b),
        ),
      );
      const explicitConv = tf.concat(
        Array.from({ length: batch }, (_, i) =>
          tf.add(
            tf.conv2d(
              tf.slice(xi, [i, 0, 0, 0], [1, 7, 7, 2]),
              tf.mul(k, perSample(i)) as tf.Tensor4D,
              1,
              'valid',
            ),
            b,
          ),
        ),
      );
      const maxDiff = async (a: tf.Tensor, e: tf.Tensor) => {
        const [av, ev] = [await read(a), await read(e)];
        return av.reduce((m, v, i) => Math.max(m, Math.abs(v - ev[i])), 0);
      };
      expect(await maxDiff(variedDense(x, w, b, r), explicitDense)).toBeLessThan(1e-6);
      expect(await maxDiff(variedConv(xi, k, b, r), explicitConv)).toBeLessThan(1e-6);
      tf.dispose([r, b, x, w, xi, k]);
    });
});

describe('the AW-Net model', () => {
  it('lays out the classifier like the MLP / CNN, then the router', () => {
    const m = mlpNet('tanh');
    expect(m.params.map((p) => `${p.name} ${p.shape.join('×')}`)).toEqual([
      'dense0/kernel 2×5',
      'dense0/bias 5',
      'dense1/kernel 5×4',
      'dense1/bias 4',
      'dense2/kernel 4×2',
      'dense2/bias 2',
      'router/dense0/kernel 2×32',
      'router/dense0/bias 32',
      'router/dense1/kernel 32×32',
      'router/dense1/bias 32',
      'router/detect/kernel 32×1',
      'router/detect/bias 1',
      'router/signal0/kernel 32×5',
      'router/signal1/kernel 32×4',
    ]);
    expect(m.params.slice(0, 6)).toEqual(createMlp(2, [5, 4], 2, 'tanh').params);
    expect(m.routerParams).toEqual([6, 7, 8, 9, 10, 11, 12, 13]);
    expect(m.variedLayers).toEqual(['dense0', 'dense1']);
    expect(m.probeNames).toEqual([
      'dense0 tanh (5)',
      'dense1 tanh (4)',
      'router/dense0 relu (32)',
      'router/dense1 relu (32)',
    ]);
    const mix = mlpNet('mix');
    expect(mix.params.slice(12).map((p) => `${p.name} ${p.init}`)).toEqual([
      'router/signal0/clean ones',
      'router/signal0/adversarial ones',
      'router/signal1/clean ones',
      'router/signal1/adversarial ones',
    ]);
    const cnn = cnnNet('mix');
    const plain = createCnn([8, 8, 1], TINY_CNN, 3, 'tiny');
    expect(cnn.params.slice(0, plain.params.length)).toEqual(plain.params);
    expect(cnn.params.slice(plain.params.length, plain.params.length + 4).map((p) => p.name)).toEqual([
      'router/conv0/kernel',
      'router/conv0/bias',
      'router/dense1/kernel',
      'router/dense1/bias',
    ]);
  });

  for (const backend of BACKENDS)
    it(`starts as the plain network: tanh signals (V = 0) give the MLP's and the CNN's logits bit for bit (${backend})`, async () => {
      await useBackend(backend);
      for (const [aw, plain] of [
        [mlpNet('tanh'), createMlp(2, [5, 4], 2, 'tanh')],
        [cnnNet('tanh'), createCnn([8, 8, 1], TINY_CNN, 3, 'tiny')],
      ] as const) {
        const values = initialValues(aw, 5);
        const params = toTensors(aw.params, values);
        const size = aw.inputShape.reduce((a, b) => a * b, 1);
        const x = tf.tensor(new Rng(6).uniforms(6 * size, 0, 1), [6, ...aw.inputShape]);
        const a = await read(aw.apply(params, x).logits);
        const p = await read(plain.apply(params.slice(0, plain.params.length), x).logits);
        expect(bits(a)).toEqual(bits(p));
        tf.dispose([...params, x]);
      }
    });

  it('mix signals: r_l = (1 − p)·c_l + p·a_l with p = σ(detection logit)', async () => {
    await useBackend('cpu');
    const m = mlpNet('mix');
    const rng = new Rng(7);
    const values = initialValues(m, 7).map((v) => v.map((w) => w + 0.3 * rng.normal()));
    const params = toTensors(m.params, values);
    const x = tf.tensor(rng.normals(3 * 2), [3, 2]);
    const out = m.route(params, x);
    const p = ((await out.detection.data()) as Float32Array).map((s) => 1 / (1 + Math.exp(-s)));
    const r0 = (await out.signals[0].data()) as Float32Array;
    const [c, a] = [values[12], values[13]];
    r0.forEach((v, k) => {
      const [i, j] = [Math.floor(k / 5), k % 5];
      expect(v).toBeCloseTo((1 - p[i]) * c[j] + p[i] * a[j], 5);
    });
    tf.dispose([...params, x, out.logits, out.detection, ...out.signals]);
  });
});

/**
 * An independent float64 forward pass of the two test AW-Nets (plain loops, no tfjs): the MLP 2 → 3 → 3 → 2
 * (tanh) and the CNN conv3 3×3 → pool → dense 3 on 8×8 images, each with the router of its kind. Returns
 * the loss the gradients are checked on: mean CE + mean softplus(s) + mean softplus(−s) (the detection loss
 * with both labels, so both of its terms are covered).
 */
type Arr = Float64Array;
const denseRef = (x: Arr[], w: Arr, b: Arr, out: number) =>
  x.map((row) => {
    const o = Float64Array.from(b);
    for (let i = 0; i < row.length; i++) for (let j = 0; j < out; j++) o[j] += row[i] * w[i * out + j];
    return o;
  });
/** Valid 3×3 conv of one [h, w, c] image (NHWC, kernel [3, 3, c, out]) plus bias. */
function convRef(img: Arr, size: number, c: number, k: Arr, b: Arr, out: number): Arr {
  const o = size - 2;
  const y = new Float64Array(o * o * out);
  for (let p = 0; p < o; p++)
    for (let q = 0; q < o; q++)
      for (let f = 0; f < out; f++) {
        let sum = b[f];
        for (let i = 0; i < 3; i++)
          for (let j = 0; j < 3; j++)
            for (let ch = 0; ch < c; ch++)
              sum += img[((p + i) * size + q + j) * c + ch] * k[((i * 3 + j) * c + ch) * out + f];
        y[(p * o + q) * out + f] = sum;
      }
  return y;
}
function poolRef(img: Arr, size: number, c: number): Arr {
  const o = Math.floor(size / 2);
  const y = new Float64Array(o * o * c);
  for (let p = 0; p < o; p++)
    for (let q = 0; q < o; q++)
      for (let ch = 0; ch < c; ch++) {
        const at = (i: number, j: number) => img[((2 * p + i) * size + 2 * q + j) * c + ch];
        y[(p * o + q) * c + ch] = Math.max(at(0, 0), at(0, 1), at(1, 0), at(1, 1));
      }
  return y;
}
const mapArr = (a: Arr, f: (v: number) => number) => a.map(f);
const relu = (v: number) => Math.max(v, 0);
const softplus = (v: number) => Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));

function referenceLoss(
  kind: 'mlp-tanh' | 'mlp-mix' | 'cnn-mix',
  t: readonly Arr[],
  xs: Arr[],
  y: Int32Array,
): number {
  let h: Arr[];
  let signals: Arr[][];
  let s: number[];
  const mix = (i: number, ci: number, ai: number) => {
    const p = 1 / (1 + Math.exp(-s[i]));
    return t[ci].map((c, j) => (1 - p) * c + p * t[ai][j]);
  };
  if (kind === 'cnn-mix') {
    // classifier 0–3, router conv 4–5, dense 6–7, detect 8–9, signal 10–11
    h = xs.map((x) => poolRef(mapArr(convRef(x, 8, 1, t[4], t[5], 8), relu), 6, 8));
    h = denseRef(h, t[6], t[7], 32).map((r) => mapArr(r, relu));
    s = denseRef(h, t[8], t[9], 1).map((r) => r[0]);
    signals = [xs.map((_, i) => mix(i, 10, 11))];
    const feats = xs.map((x, i) => {
      const z = convRef(x, 8, 1, t[0], t[1], 3);
      const r = signals[0][i];
      // (conv(x, W) ⊙ r) + b: the bias was added by convRef, so scale the convolution part only.
      const scaled = z.map((v, e) => (v - t[1][e % 3]) * r[e % 3] + t[1][e % 3]);
      return poolRef(mapArr(scaled, relu), 6, 3);
    });
    h = denseRef(feats, t[2], t[3], 3);
  } else {
    // classifier 0–5 (2 → 3 → 3 → 2), router dense 6–9, detect 10–11, signals 12–(13|15)
    let r = denseRef(xs, t[6], t[7], 32).map((v) => mapArr(v, relu));
    r = denseRef(r, t[8], t[9], 32).map((v) => mapArr(v, relu));
    s = denseRef(r, t[10], t[11], 1).map((v) => v[0]);
    signals =
      kind === 'mlp-mix'
        ? [xs.map((_, i) => mix(i, 12, 13)), xs.map((_, i) => mix(i, 14, 15))]
        : [12, 13].map((k) =>
            denseRef(r, t[k], new Float64Array(3), 3).map((v) => mapArr(v, (u) => 1 + 0.5 * Math.tanh(u))),
          );
    h = xs;
    for (let l = 0; l < 2; l++) {
      const z = denseRef(h, t[2 * l], new Float64Array(3), 3);
      h = z.map((row, i) => row.map((v, j) => Math.tanh(v * signals[l][i][j] + t[2 * l + 1][j])));
    }
    h = denseRef(h, t[4], t[5], 2);
  }
  let loss = 0;
  h.forEach((logits, i) => {
    const m = Math.max(...logits);
    const lse = m + Math.log(logits.reduce((a, v) => a + Math.exp(v - m), 0));
    loss += (lse - logits[y[i]] + softplus(s[i]) + softplus(-s[i])) / xs.length;
  });
  return loss;
}

/**
 * Worst |g − fd| / max(|g|, |fd|, 1e-3) between tfjs' gradient of CE + detection loss (float32) and central
 * differences of the float64 reference (h = 1e-6: far below any ReLU or max-pool kink's distance, far above
 * float64 noise), per group: classifier weights, router, input.
 */
async function worstGradientError(
  model: AwnetModel,
  kind: Parameters<typeof referenceLoss>[0],
  backend: 'cpu' | 'wasm',
  seed: number,
) {
  await useBackend(backend);
  const batch = 3;
  const rng = Rng.stream(seed, 'gradcheck');
  const inputSize = model.inputShape.reduce((a, b) => a * b, 1);
  const xValues = rng.uniforms(batch * inputSize, 0, 1);
  const labels = Int32Array.from({ length: batch }, () => rng.int(model.numClasses));
  const theta = initialValues(model, seed).map((v) => v.map((w) => w + 0.2 * rng.normal()));
  const y = tf.tensor1d(labels, 'int32');
  const x = tf.tensor(xValues, [batch, ...model.inputShape]);
  const params = toTensors(model.params, theta);
  const grads = tf.grads((...args: tf.Tensor[]) => {
    const r = model.route(args.slice(0, -1), args[args.length - 1]);
    return tf.add(crossEntropy(r.logits, y), detectionLoss(r.detection, r.detection, 1)) as tf.Scalar;
  })([...params, x]);
  const analytic = await Promise.all(grads.map((g) => g.data() as Promise<Float32Array>));
  tf.dispose([...grads, ...params, x, y]);

  const all = [...theta, xValues].map((v) => Float64Array.from(v));
  const lossAt = () =>
    referenceLoss(
      kind,
      all.slice(0, -1),
      Array.from({ length: batch }, (_, i) =>
        all[all.length - 1].subarray(i * inputSize, (i + 1) * inputSize),
      ),
      labels,
    );
  const h = 1e-6;
  const worst = { params: 0, router: 0, input: 0, entries: 0 };
  const router = new Set(model.routerParams);
  all.forEach((v, k) =>
    v.forEach((value, i) => {
      v[i] = value + h;
      const up = lossAt();
      v[i] = value - h;
      const down = lossAt();
      v[i] = value;
      const fd = (up - down) / (2 * h);
      const g = analytic[k][i];
      const key = k === theta.length ? 'input' : router.has(k) ? 'router' : 'params';
      worst[key] = Math.max(worst[key], Math.abs(g - fd) / Math.max(Math.abs(g), Math.abs(fd), 1e-3));
      worst.entries++;
    }),
  );
  return worst;
}

describe('AW-Net gradients match finite differences of a float64 reference (classifier, router, input)', () => {
  for (const signal of ['tanh', 'mix'] as const)
    for (const backend of BACKENDS)
      it(`MLP, ${signal} signals, ${backend}`, async () => {
        const worst = await worstGradientError(mlpNet(signal, [3, 3]), `mlp-${signal}`, backend, 11);
        console.log(`AW-Net MLP ${signal} ${backend}: worst relative error`, worst);
        expect(Math.max(worst.params, worst.router, worst.input)).toBeLessThan(1e-4);
      });

  for (const backend of BACKENDS)
    it(`CNN (conv + pool), mix signals, ${backend} (wasm: the hand-written conv gradient)`, async () => {
      const worst = await worstGradientError(cnnNet('mix'), 'cnn-mix', backend, 12);
      console.log(`AW-Net CNN ${backend}: worst relative error`, worst);
      expect(Math.max(worst.params, worst.router, worst.input)).toBeLessThan(1e-4);
    });
});

describe('the router held out of analyses', () => {
  it('leaves the classifier parameters and probes, and the same logits', async () => {
    await useBackend('cpu');
    const model = mlpNet('mix');
    const rng = new Rng(13);
    const values = initialValues(model, 13).map((v) => v.map((w) => w + 0.3 * rng.normal()));
    const params = toTensors(model.params, values);
    const cfg = config({ model: { kind: 'awnet', hidden: [5, 4], routerInAnalyses: false } }).model;
    if (cfg.kind !== 'awnet') throw new Error('awnet config expected');
    const view = analysedModel(model, params, [values], cfg);
    expect(view.model.params.map((p) => p.name)).toEqual(model.params.slice(0, 6).map((p) => p.name));
    expect(view.params).toEqual(params.slice(0, 6));
    expect(view.snapshots[0]).toEqual(values.slice(0, 6));
    expect(view.model.probeNames).toEqual(['dense0 tanh (5)', 'dense1 tanh (4)']);
    const x = tf.tensor(rng.normals(4 * 2), [4, 2]);
    const full = model.apply(params, x, { probes: true });
    const held = view.model.apply(view.params, x, { probes: true });
    expect(held.probes).toHaveLength(2);
    expect(bits(await read(held.logits))).toEqual(bits(await read(full.logits)));
    const included = analysedModel(model, params, [values], { ...cfg, routerInAnalyses: true });
    expect(included.model).toBe(model);
    tf.dispose([...params, x, ...full.probes, ...held.probes]);
  });
});
