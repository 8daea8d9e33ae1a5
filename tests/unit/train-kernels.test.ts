import { describe, expect, it } from 'vitest';
import * as tf from '../../src/core/tf';
import { ACTIVATION_FNS, type ActivationName } from '../../src/core/models/activations';
import { reusingKernelTransposes } from '../../src/core/models/dense';
import { createMlp } from '../../src/core/models/mlp';
import { initialValues, toTensors } from '../../src/core/params';
import { Rng } from '../../src/core/rng';
import { crossEntropy, labelMask, perExampleCrossEntropy } from '../../src/core/objectives/loss';
import { createOptimizer } from '../../src/core/train/optimizer';
import { type NodeBackend, leakedTensors, useBackend } from './helpers';

/**
 * The training step's fast paths against tfjs' own: the flat optimisers against tf.train.adam/momentum
 * (bit for bit), the MLP's hand-written backward pass and the closed-form cross-entropy gradient against
 * the tape, the wasm Slice and SplitV kernels against the cpu backend's, and the wasm Identity kernel's shared memory.
 */

const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));
const maxRelDiff = (a: Float32Array, b: Float32Array) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), 1e-3));
  return m;
};

const SHAPES = [[3, 5], [5], [5, 4, 2], [1], [7, 2]];
let counter = 0;

/** Two identical sets of variables, updated 6 times with the same random gradients by `a` and `b`. */
async function sameSteps(
  backend: NodeBackend,
  reference: () => tf.Optimizer,
  ours: (vars: tf.Variable[]) => { applyGradients(g: tf.NamedTensorMap): void; dispose(): void },
) {
  await useBackend(backend);
  const rng = Rng.stream(8, 'optimizer-test');
  const init = SHAPES.map((s) => rng.normals(s.reduce((a, b) => a * b, 1)));
  const make = (tag: string) =>
    tf.tidy(() =>
      SHAPES.map((s, i) => tf.variable(tf.tensor(init[i], s), true, `opt${++counter}${tag}/${i}`)),
    );
  const a = make('a');
  const b = make('b');
  const optA = reference();
  const optB = ours(b);
  for (let step = 0; step < 6; step++) {
    const grads = SHAPES.map((s) =>
      rng.normals(
        s.reduce((x, y) => x * y, 1),
        step === 3 ? 1e-9 : 1,
      ),
    );
    tf.tidy(() => {
      optA.applyGradients(Object.fromEntries(a.map((v, i) => [v.name, tf.tensor(grads[i], SHAPES[i])])));
      optB.applyGradients(Object.fromEntries(b.map((v, i) => [v.name, tf.tensor(grads[i], SHAPES[i])])));
    });
  }
  const va = await Promise.all(a.map((v) => v.data() as Promise<Float32Array>));
  const vb = await Promise.all(b.map((v) => v.data() as Promise<Float32Array>));
  optA.dispose();
  optB.dispose();
  tf.dispose([...a, ...b]);
  return { va, vb };
}

describe('flat optimisers equal tfjs', () => {
  for (const backend of ['cpu', 'wasm'] as const) {
    it(`Adam, bit for bit, on ${backend}`, async () => {
      const { va, vb } = await sameSteps(
        backend,
        () => tf.train.adam(0.01, 0.9, 0.999, 1e-7),
        (vars) => createOptimizer({ kind: 'adam', lr: 0.01, momentum: 0.9, weightDecay: 0 }, vars),
      );
      va.forEach((v, i) => expect(bits(vb[i]), `tensor ${i}`).toEqual(bits(v)));
      expect(maxRelDiff(va[0], new Float32Array(va[0].length))).toBeGreaterThan(0); // they moved
    });
    it(`SGD with momentum, bit for bit, on ${backend}`, async () => {
      const { va, vb } = await sameSteps(
        backend,
        () => tf.train.momentum(0.05, 0.9),
        (vars) => createOptimizer({ kind: 'sgd', lr: 0.05, momentum: 0.9, weightDecay: 0 }, vars),
      );
      va.forEach((v, i) => expect(bits(vb[i]), `tensor ${i}`).toEqual(bits(v)));
    });
  }

  it('leaks nothing', async () => {
    await useBackend('wasm');
    const vars = tf.tidy(() => SHAPES.map((s, i) => tf.variable(tf.ones(s), true, `leak${++counter}/${i}`)));
    const leaked = await leakedTensors(() => {
      const opt = createOptimizer({ kind: 'adam', lr: 0.01, momentum: 0.9, weightDecay: 0 }, vars);
      tf.tidy(() => opt.applyGradients(Object.fromEntries(vars.map((v) => [v.name, tf.onesLike(v)]))));
      opt.dispose();
    });
    expect(leaked).toBe(0);
    tf.dispose(vars);
  });
});

/** The same MLP written with plain tfjs ops, differentiated by the tape. */
function tapeLogits(params: readonly tf.Tensor[], x: tf.Tensor2D, activation: ActivationName) {
  let h: tf.Tensor = x;
  for (let l = 0; l < params.length / 2; l++) {
    h = tf.add(tf.matMul(h as tf.Tensor2D, params[2 * l] as tf.Tensor2D), params[2 * l + 1]);
    if (l + 1 < params.length / 2) h = ACTIVATION_FNS[activation](h);
  }
  return h as tf.Tensor2D;
}

/** The ops `perExampleCrossEntropy` runs forward, differentiated by the tape. */
function tapePerExample(logits: tf.Tensor2D, y: tf.Tensor1D): tf.Tensor1D {
  const logp = tf.logSoftmax(logits);
  return tf.neg(tf.sum(tf.where(labelMask(y, logits.shape[1]), logp, tf.zerosLike(logp)), 1)) as tf.Tensor1D;
}

/** The tape's mean cross-entropy (what `crossEntropy` computed before its closed-form gradient). */
const tapeLoss = (logits: tf.Tensor2D, y: tf.Tensor1D) => tf.mean(tapePerExample(logits, y)) as tf.Scalar;

describe('the per-example cross-entropy equals the tape bit for bit', () => {
  for (const backend of ['cpu', 'wasm'] as const)
    it(`values and logit gradients under any upstream gradient, on ${backend}`, async () => {
      await useBackend(backend);
      const rng = Rng.stream(3, 'per-example-ce-test');
      const n = 40;
      // Ordinary logits, then margins up to 120 (probabilities that underflow) and exact ties.
      const logits = tf.tensor2d(
        Float32Array.from({ length: n * 3 }, (_, i) =>
          i < 60 ? 3 * rng.normal() : i < 105 ? (i % 3) * rng.uniform(0, 120) : 0.5,
        ),
        [n, 3],
      );
      const y = tf.tensor1d(
        Int32Array.from({ length: n }, (_, i) => i % 3),
        'int32',
      );
      // Upstream gradients of both signs, zeros and ones.
      const w = tf.tensor1d(
        Float32Array.from({ length: n }, (_, i) => (i % 5 === 0 ? 0 : i % 7 === 0 ? 1 : rng.normal())),
      );
      const run = (f: (l: tf.Tensor2D, yy: tf.Tensor1D) => tf.Tensor1D) =>
        tf.tidy(() => {
          const { value, grad } = tf.valueAndGrad((l: tf.Tensor) =>
            tf.sum(tf.mul(f(l as tf.Tensor2D, y), w)),
          )(logits);
          return [f(logits, y), value, grad];
        });
      const ours = await Promise.all(
        run(perExampleCrossEntropy).map((t) => t.data() as Promise<Float32Array>),
      );
      const tape = await Promise.all(run(tapePerExample).map((t) => t.data() as Promise<Float32Array>));
      ['values', 'weighted sum', 'gradient'].forEach((what, i) =>
        expect(bits(ours[i]), what).toEqual(bits(tape[i])),
      );
      expect(ours[2].some((g) => g === 0) && ours[2].some((g) => g !== 0)).toBe(true);
      tf.dispose([logits, y, w]);
    });
});

describe('the MLP backward pass and the cross-entropy gradient equal the tape', () => {
  for (const backend of ['cpu', 'wasm'] as const)
    for (const activation of ['elu', 'tanh', 'relu'] as const)
      it(`2-9-7-3 ${activation} on ${backend}: parameter and input gradients`, async () => {
        await useBackend(backend);
        const model = createMlp(2, [9, 7], 3, activation);
        const rng = Rng.stream(6, 'chain-test');
        const params = toTensors(
          model.params,
          initialValues(model, 2).map((v) => v.map((w) => w + 0.2 * rng.normal())),
        );
        const x = tf.tensor2d(rng.normals(24 * 2), [24, 2]);
        const y = tf.tensor1d(
          Int32Array.from({ length: 24 }, (_, i) => i % 3),
          'int32',
        );
        const gradsOf = (f: (p: tf.Tensor[], xx: tf.Tensor2D) => tf.Scalar) =>
          tf.tidy(() =>
            tf.grads((xx: tf.Tensor, ...p: tf.Tensor[]) => f(p, xx as tf.Tensor2D))([x, ...params]),
          );
        const ours = gradsOf((p, xx) => crossEntropy(model.apply(p, xx).logits, y));
        const tape = gradsOf((p, xx) => tapeLoss(tapeLogits(p, xx, activation), y));
        const valueOurs = await crossEntropy(model.apply(params, x).logits, y).data();
        const valueTape = await tapeLoss(tapeLogits(params, x, activation), y).data();
        expect(valueOurs[0]).toBe(valueTape[0]); // the forward value is the same ops
        for (let i = 0; i < ours.length; i++) {
          const a = (await ours[i].data()) as Float32Array;
          const b = (await tape[i].data()) as Float32Array;
          const d = maxRelDiff(a, b);
          // Only the summation order of the softmax gradient differs (and wasm's matMul kernel).
          expect(d, `${i === 0 ? 'input' : model.params[i - 1].name}`).toBeLessThan(1e-5);
          expect(Math.max(...Array.from(b, Math.abs))).toBeGreaterThan(1e-4); // not trivially zero
        }
        tf.dispose([...ours, ...tape, ...params, x, y]);
      });
});

describe('the MLP backward pass computes only what is differentiated', () => {
  for (const backend of ['cpu', 'wasm'] as const)
    it(`the input gradient alone (an attack's) equals the tape's and leaks nothing, on ${backend}`, async () => {
      await useBackend(backend);
      const model = createMlp(2, [9, 7], 2, 'elu');
      const params = toTensors(model.params, initialValues(model, 4));
      const x = tf.tensor2d(Rng.stream(2, 'x-only').normals(16 * 2), [16, 2]);
      const y = tf.tensor1d(
        Int32Array.from({ length: 16 }, (_, i) => i % 2),
        'int32',
      );
      let ours: tf.Tensor | undefined;
      const leaked = await leakedTensors(() => {
        ours = tf.grad((xx: tf.Tensor) => crossEntropy(model.apply(params, xx).logits, y))(x);
      });
      expect(leaked).toBe(1); // the gradient itself
      const tape = tf.grad((xx: tf.Tensor) => tapeLoss(tapeLogits(params, xx as tf.Tensor2D, 'elu'), y))(x);
      expect(
        maxRelDiff((await ours!.data()) as Float32Array, (await tape.data()) as Float32Array),
      ).toBeLessThan(1e-5);
      tf.dispose([ours!, tape, ...params, x, y]);
    });
});

describe('reusing kernel transposes during an attack', () => {
  for (const backend of ['cpu', 'wasm'] as const)
    it(`gives the same input gradients, bit for bit, and keeps nothing after, on ${backend}`, async () => {
      await useBackend(backend);
      const model = createMlp(2, [9, 7], 3, 'elu');
      const params = toTensors(model.params, initialValues(model, 5));
      const rng = Rng.stream(4, 'transpose-cache');
      const x = tf.tensor2d(rng.normals(20 * 2), [20, 2]);
      const y = tf.tensor1d(
        Int32Array.from({ length: 20 }, (_, i) => i % 3),
        'int32',
      );
      // Three gradient steps on x, as an attack takes them: the later ones reuse the cached transposes.
      const ascend = () => {
        let xa: tf.Tensor = x.clone();
        const grads: Float32Array[] = [];
        for (let k = 0; k < 3; k++) {
          const g = tf.grad((xx: tf.Tensor) => crossEntropy(model.apply(params, xx).logits, y))(xa);
          grads.push(g.dataSync() as Float32Array);
          const next = tf.tidy(() => tf.add(xa, tf.mul(g, 0.5)));
          tf.dispose([g, xa]);
          xa = next;
        }
        xa.dispose();
        return grads;
      };
      const plain = ascend();
      let cached: Float32Array[] = [];
      const leaked = await leakedTensors(() => {
        cached = reusingKernelTransposes(ascend);
      });
      expect(leaked).toBe(0);
      cached.forEach((g, k) => expect(bits(g), `step ${k}`).toEqual(bits(plain[k])));
      tf.dispose([...params, x, y]);
    });
});

describe('the wasm Slice kernel (contiguous fast path)', () => {
  it('returns what the cpu backend returns, contiguous or not', async () => {
    const rng = Rng.stream(1, 'slice-test');
    const values = rng.normals(4 * 6 * 5);
    const cases: [number[], number[], number[]][] = [
      [[120], [7], [50]],
      [
        [4, 30],
        [1, 0],
        [2, 30],
      ], // whole rows: contiguous
      [
        [4, 30],
        [1, 3],
        [2, 10],
      ], // strided
      [
        [4, 6, 5],
        [2, 0, 0],
        [1, 6, 5],
      ],
      [
        [4, 6, 5],
        [0, 2, 1],
        [3, 2, 3],
      ],
    ];
    for (const [shape, begin, size] of cases) {
      const out: Float32Array[] = [];
      for (const backend of ['cpu', 'wasm'] as const) {
        await useBackend(backend);
        const t = tf.tensor(
          values.slice(
            0,
            shape.reduce((a, b) => a * b, 1),
          ),
          shape,
        );
        const s = tf.slice(t, begin, size);
        expect(s.shape).toEqual(size);
        out.push((await s.data()) as Float32Array);
        tf.dispose([t, s]);
      }
      expect(bits(out[1]), `${shape} ${begin} ${size}`).toEqual(bits(out[0]));
    }
  });
});

describe('the wasm SplitV kernel (through the Slice fast path)', () => {
  it('returns what the cpu backend returns, along any axis', async () => {
    const values = Rng.stream(2, 'split-test').normals(4 * 6 * 5);
    const cases: [number[], number[], number][] = [
      [[120], [7, 50, 1, 62], 0],
      [[4, 6, 5], [1, 3], 0],
      [[4, 6, 5], [2, 4], 1],
      [[4, 6, 5], [5], 2],
    ];
    for (const [shape, sizes, axis] of cases) {
      const out: Float32Array[][] = [];
      for (const backend of ['cpu', 'wasm'] as const) {
        await useBackend(backend);
        const t = tf.tensor(values, shape);
        const pieces = tf.split(t, sizes, axis);
        expect(pieces.map((p) => p.shape[axis])).toEqual(sizes);
        out.push(await Promise.all(pieces.map((p) => p.data() as Promise<Float32Array>)));
        tf.dispose([t, ...pieces]);
      }
      out[1].forEach((p, i) => expect(bits(p), `${shape} ${sizes} ${axis} #${i}`).toEqual(bits(out[0][i])));
    }
  });
});

describe('the wasm Identity kernel (shared memory)', () => {
  it('a clone shares its input memory, keeps its values when the input is disposed, and frees it last', async () => {
    await useBackend('wasm');
    const before = tf.backend().numDataIds();
    const values = Float32Array.from(Rng.stream(1, 'identity-test').normals(50));
    const t = tf.tensor(values, [5, 10]);
    const c = tf.clone(t);
    expect(tf.backend().numDataIds()).toBe(before + 1); // no copy
    t.dispose();
    expect(c.shape).toEqual([5, 10]);
    expect(bits((await c.data()) as Float32Array)).toEqual(bits(values));
    c.dispose();
    expect(tf.backend().numDataIds()).toBe(before);
  });
});
