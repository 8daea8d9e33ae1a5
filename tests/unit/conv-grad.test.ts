import { describe, expect, it } from 'vitest';
import * as tf from '../../src/core/tf';
import { conv2dValid, needsManualConvGrad } from '../../src/core/models/conv';
import { Rng } from '../../src/core/rng';
import { leakedTensors, useBackend } from './helpers';

type Case = { x: number[]; w: number[] };
const CASES: Case[] = [
  { x: [2, 8, 8, 1], w: [3, 3, 1, 4] },
  { x: [3, 9, 7, 3], w: [3, 3, 3, 5] },
  { x: [1, 12, 12, 4], w: [5, 5, 4, 2] },
  { x: [4, 6, 6, 2], w: [1, 1, 2, 3] },
];

/** Inputs, kernel and upstream gradient as plain numbers, the same for every backend. */
function data({ x, w }: Case, seed: number) {
  const rng = Rng.stream(seed, 'conv-grad-test');
  const out = [x[0], x[1] - w[0] + 1, x[2] - w[1] + 1, w[3]];
  const size = (s: number[]) => s.reduce((a, b) => a * b, 1);
  return { xs: rng.normals(size(x)), ws: rng.normals(size(w), 0.5), dys: rng.normals(size(out)), out };
}

/** dL/dx and dL/dW of L = Σ conv(x, W) ⊙ R, read back. */
async function convGrads(c: Case, seed: number, manual: boolean) {
  const { xs, ws, dys, out } = data(c, seed);
  const [dx, dw] = tf.tidy(() => {
    const upstream = tf.tensor(dys, out);
    return tf.grads((x: tf.Tensor, w: tf.Tensor) =>
      tf.sum(tf.mul(conv2dValid(x as tf.Tensor4D, w as tf.Tensor4D, manual), upstream)),
    )([tf.tensor(xs, c.x), tf.tensor(ws, c.w)]);
  });
  const result = { dx: (await dx.data()) as Float32Array, dw: (await dw.data()) as Float32Array };
  tf.dispose([dx, dw]);
  return result;
}

function maxRelDiff(a: Float32Array, b: Float32Array): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / scale;
}

describe('the custom conv gradient (src/core/models/conv.ts)', () => {
  it('equals the built-in one on the cpu backend, for dx and dW', async () => {
    await useBackend('cpu');
    expect(needsManualConvGrad()).toBe(false);
    for (const [i, c] of CASES.entries()) {
      const builtIn = await convGrads(c, i, false);
      const manual = await convGrads(c, i, true);
      const [dx, dw] = [maxRelDiff(manual.dx, builtIn.dx), maxRelDiff(manual.dw, builtIn.dw)];
      console.log(`x ${c.x} W ${c.w}: max |Δ|/max|g|  dx ${dx.toExponential(1)}  dW ${dw.toExponential(1)}`);
      expect(dx).toBeLessThan(1e-5);
      expect(dw).toBeLessThan(1e-5);
    }
  });

  it('is what wasm uses, and matches the cpu built-in gradient there too', async () => {
    await useBackend('cpu');
    const reference = await Promise.all(CASES.map((c, i) => convGrads(c, i, false)));
    await useBackend('wasm');
    expect(needsManualConvGrad()).toBe(true);
    for (const [i, c] of CASES.entries()) {
      const wasm = await convGrads(c, i, needsManualConvGrad());
      expect(maxRelDiff(wasm.dx, reference[i].dx)).toBeLessThan(1e-5);
      expect(maxRelDiff(wasm.dw, reference[i].dw)).toBeLessThan(1e-5);
    }
    expect(await leakedTensors(() => convGrads(CASES[1], 1, true))).toBe(0);
  });
});
