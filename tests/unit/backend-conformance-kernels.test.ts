/**
 * The kernels the engine relies on (src/core/conformance/cases.ts, "kernels"), on cpu and on wasm: exact
 * expected values where the answer is exact (signs, indices, tie-breaking, clipping), and cpu ↔ wasm agreement
 * for all of them. Where a tfjs kernel differs between backends, the engine uses a replacement from
 * src/core/ops.ts (docs/engine-notes.md#backend-traps-we-guard-against); the last tests show the tfjs
 * kernels still differ, i.e. that each replacement is still needed.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../src/core/tf';
import { PADDING_PROBE, TINY, conformanceCases } from '../../src/core/conformance/cases';
import { compareResults } from '../../src/core/conformance/compare';
import { maxPool2x2, sign } from '../../src/core/ops';
import { NODE_BACKENDS, type NodeBackend } from '../../src/node/backend';
import { leakedTensors, useBackend } from './helpers';

const kernels = conformanceCases().filter((c) => c.group === 'kernel');
type Outputs = Record<string, number[]>;
const results: Partial<Record<NodeBackend, Record<string, Outputs>>> = {};

beforeAll(async () => {
  for (const backend of NODE_BACKENDS) {
    await useBackend(backend);
    const out: Record<string, Outputs> = {};
    for (const k of kernels) out[k.covers] = (await k.run()) as Outputs;
    results[backend] = out;
  }
});

/** 2×2/stride-2 max-pool of one [h, w] channel and its gradient for `upstream`, the first maximum taking it. */
function referencePool(x: number[][], upstream: number[][]): { pooled: number[][]; grad: number[][] } {
  const [h, w] = [Math.floor(x.length / 2), Math.floor(x[0].length / 2)];
  const grad = x.map((row) => row.map(() => 0));
  const pooled = Array.from({ length: h }, (_, i) =>
    Array.from({ length: w }, (_, j) => {
      const cells = [
        [2 * i, 2 * j],
        [2 * i, 2 * j + 1],
        [2 * i + 1, 2 * j],
        [2 * i + 1, 2 * j + 1],
      ];
      const best = cells.reduce((a, c) => (x[c[0]][c[1]] > x[a[0]][a[1]] ? c : a));
      grad[best[0]][best[1]] += upstream[i][j];
      return x[best[0]][best[1]];
    }),
  );
  return { pooled, grad };
}

/** Channel `c` of an NHWC [1, h, w, C] tensor's values, as rows. */
const channel = (v: number[], h: number, w: number, channels: number, c: number) =>
  Array.from({ length: h }, (_, i) => Array.from({ length: w }, (_, j) => v[(i * w + j) * channels + c]));

describe.each(NODE_BACKENDS)('kernels on %s', (backend) => {
  const out = () => results[backend] as Record<string, Outputs>;

  it('sign is ±1 for every normal non-zero input, however small, and 0 at ±0, NaN and subnormals', () => {
    expect(out().sign.sign).toEqual([...TINY.map(() => 1), ...TINY.map(() => -1), 0, 0, 0, 0, 0]);
  });

  it('argMax breaks ties towards the first index', () => {
    expect(out().argMax.argMax).toEqual([0, 1, 0, 0, 0]);
  });

  it('max-pool (ops.maxPool2x2) sends each window’s gradient to its first maximum, odd sides cropped', () => {
    const { input, pooled, grad } = out().maxPool;
    const upstream = [1, 2, 3, 4, 5, 6, 7, 8];
    for (let c = 0; c < 2; c++) {
      const x = channel(input, 5, 5, 2, c);
      const up = channel(upstream, 2, 2, 2, c);
      const ref = referencePool(x, up);
      expect(channel(pooled, 2, 2, 2, c)).toEqual(ref.pooled);
      expect(channel(grad, 5, 5, 2, c)).toEqual(ref.grad);
    }
    // The fixture really has tied windows: the top-left window of channel 0 is all ones.
    const first = channel(input, 5, 5, 2, 0);
    expect(new Set(first.slice(0, 2).flatMap((r) => r.slice(0, 2)))).toEqual(new Set([1]));
  });

  it('topk breaks ties towards the lower index (n-sparse corruption)', () => {
    expect(out().topk.topk).toEqual([1, 3, 6, 4, 7]);
  });

  it('clipping to the data range is exact at and beyond its ends', () => {
    expect(out().clip.clip).toEqual([0, 0, 1e-12, 0.5, 1 - 1e-7, 1, 1, 1, 0].map(Math.fround));
    expect(out().clip.minMax).toEqual([0, 0, 1, 0.25]);
  });

  it('step (LSA’s masked square root) is 0 at ±0 and 1 for a positive input', () => {
    expect(out().step.step).toEqual([0, 0, 1, 1, 0, 1]);
  });

  it('divNoNan is 0 where the divisor is 0', () => {
    expect(out().divNoNan.divNoNan).toEqual([0, 0, 1, -0.5]);
  });

  it('cross-entropy and softmax stay finite at logits in the thousands', () => {
    for (const v of [...out().crossEntropy.loss, ...out().crossEntropy.grad, ...out().softmax.softmax])
      expect(Number.isFinite(v)).toBe(true);
  });

  it('the loss-gradient padding probe is (softmax − onehot)·Mᵀ, per example and over the batch', () => {
    const { logits, labels, rows, columns } = PADDING_PROBE;
    const { perExample, mean } = out().lossGradientPadding;
    const expected = logits.flatMap((z, i) => {
      const top = Math.max(...z);
      const e = z.map((v) => Math.exp(v - top));
      const g = e.map((v, c) => v / e.reduce((a, b) => a + b, 0) - (c === labels[i] ? 1 : 0));
      return Array.from({ length: rows }, (_, r) => g.reduce((a, gc, c) => a + gc * (r + columns[c]), 0));
    });
    const scale = Math.max(...expected.map(Math.abs));
    expect(scale).toBeGreaterThan(1);
    expected.forEach((v, k) => {
      expect(Math.abs(perExample[k] - v)).toBeLessThan(1e-5 * scale);
      expect(Math.abs(mean[k] - v / logits.length)).toBeLessThan((1e-5 * scale) / logits.length);
    });
  });

  it('the replacements leave no tensors behind', async () => {
    await useBackend(backend);
    const leaked = await leakedTensors(() =>
      tf.tidy(() => {
        sign(tf.tensor1d([1e-9, -1]));
        tf.grad((t: tf.Tensor) => tf.sum(maxPool2x2(t as tf.Tensor4D)))(tf.ones([1, 5, 5, 2]));
      }),
    );
    expect(leaked).toBe(0);
  });
});

describe('cpu and wasm agree on every kernel', () => {
  it.each(kernels.map((k) => [k.covers]))('%s', (name) => {
    const r = compareResults(results.cpu?.[name], results.wasm?.[name], 1e-5);
    expect(r.fields).toBeGreaterThan(0);
    expect(r.mismatches).toEqual([]);
  });
});

describe('the tfjs kernels the replacements stand in for still differ on wasm', () => {
  it('tf.sign is 0 on wasm for |x| < 1.19e-7', async () => {
    await useBackend('wasm');
    const s = tf.sign(tf.tensor1d([1e-8, -1e-8, 1e-6]));
    expect(Array.from(await s.data())).toEqual([0, 0, 1]);
    s.dispose();
  });

  it("tf.maxPool's own gradient goes to the last maximum of a tied window on wasm, the first on cpu", async () => {
    const grads: Record<string, number[]> = {};
    for (const backend of NODE_BACKENDS) {
      await useBackend(backend);
      const g = tf.grad((t: tf.Tensor) => tf.sum(tf.maxPool(t as tf.Tensor4D, 2, 2, 'valid')))(
        tf.ones([1, 2, 2, 1]),
      );
      grads[backend] = Array.from(await g.data());
      g.dispose();
    }
    expect(grads.cpu).toEqual([1, 0, 0, 0]);
    expect(grads.wasm).toEqual([0, 0, 0, 1]);
  });
});
