import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../src/core/tf';
import {
  cosineSimilarity,
  gaussianDirection,
  normalizeDirection,
  randomDirections,
} from '../../src/core/analysis/directions';
import { createCnn } from '../../src/core/models/cnn';
import { createMlp } from '../../src/core/models/mlp';
import type { Model } from '../../src/core/models/model';
import { type ParamValues, filterNorms, initialValues } from '../../src/core/params';
import { useBackend } from './helpers';

/** Parameters with non-zero biases, so "bias entries are zero" is not trivially true of θ. */
function paramsOf(model: Model, seed: number): ParamValues {
  return initialValues(model, seed).map((v, i) =>
    model.params[i].shape.length === 1 ? v.map((_, e) => 0.1 * (e + 1)) : v,
  );
}

/** Per-filter norms via tfjs (an independent route from the JS implementation under test). */
async function tfFilterNorms(values: Float32Array, shape: number[]): Promise<Float32Array> {
  const norms = tf.tidy(() => filterNorms(tf.tensor(values, shape)));
  const out = (await norms.data()) as Float32Array;
  norms.dispose();
  return out;
}

function l2(v: Float32Array): number {
  let s = 0;
  for (const x of v) s += x * x;
  return Math.sqrt(s);
}

const mlp = createMlp(2, [16, 8], 2, 'tanh');
const cnn = createCnn([8, 8, 1], [{ type: 'conv', filters: 3, kernel: 3 }, { type: 'pool' }], 4, 'tiny');

describe('random directions (docs/methods/landscapes.md#filter-normalisation)', () => {
  beforeAll(() => useBackend('wasm'));

  for (const [name, model] of [
    ['Dense', mlp],
    ['Conv', cnn],
  ] as const) {
    it(`${name}: each filter of a filter-normalised direction has the norm of the weights' filter`, async () => {
      const shapes = model.params.map((p) => p.shape);
      const theta = paramsOf(model, 3);
      const [d] = randomDirections(theta, shapes, {
        seed: 7,
        count: 1,
        normalization: 'filter',
        includeBiases: false,
        orthogonalize: false,
      });
      let checked = 0;
      for (let i = 0; i < shapes.length; i++) {
        if (shapes[i].length < 2) continue;
        const want = await tfFilterNorms(theta[i], shapes[i]);
        const got = await tfFilterNorms(d[i], shapes[i]);
        expect(got.length).toBe(shapes[i][shapes[i].length - 1]);
        for (let j = 0; j < want.length; j++) expect(got[j]).toBeCloseTo(want[j], 5);
        checked += want.length;
      }
      expect(checked).toBeGreaterThan(0);
      if (name === 'Conv') expect(shapes[0]).toEqual([3, 3, 1, 3]); // a real [kh, kw, in, out] kernel was checked
    });
  }

  it('bias entries are zero by default (biasbn), equal to θ when included', () => {
    const shapes = cnn.params.map((p) => p.shape);
    const theta = paramsOf(cnn, 4);
    const opts = { seed: 1, count: 2, normalization: 'filter', orthogonalize: false } as const;
    const ignored = randomDirections(theta, shapes, { ...opts, includeBiases: false });
    const included = randomDirections(theta, shapes, { ...opts, includeBiases: true });
    for (const d of ignored)
      shapes.forEach((s, i) => {
        if (s.length === 1) expect(Array.from(d[i]).every((v) => v === 0)).toBe(true);
      });
    for (const d of included)
      shapes.forEach((s, i) => {
        if (s.length === 1) expect(Array.from(d[i])).toEqual(Array.from(theta[i]));
      });
  });

  it('layer / weight / dfilter / dlayer normalisations', async () => {
    const shapes = mlp.params.map((p) => p.shape);
    const theta = paramsOf(mlp, 5);
    const raw = gaussianDirection(shapes, 9, 0);
    const norm = (normalization: 'layer' | 'weight' | 'dfilter' | 'dlayer') =>
      normalizeDirection(raw, theta, shapes, { normalization, includeBiases: false });
    const layer = norm('layer');
    const weight = norm('weight');
    const dfilter = norm('dfilter');
    const dlayer = norm('dlayer');
    for (let i = 0; i < shapes.length; i++) {
      if (shapes[i].length < 2) continue;
      expect(l2(layer[i])).toBeCloseTo(l2(theta[i]), 5);
      expect(l2(dlayer[i])).toBeCloseTo(1, 6);
      for (let e = 0; e < theta[i].length; e++) expect(weight[i][e]).toBeCloseTo(raw[i][e] * theta[i][e], 7);
      for (const n of await tfFilterNorms(dfilter[i], shapes[i])) expect(n).toBeCloseTo(1, 5);
      // layer keeps the direction of the raw draw: a positive multiple of it.
      const ratio = layer[i][0] / raw[i][0];
      for (let e = 0; e < raw[i].length; e++) expect(layer[i][e]).toBeCloseTo(ratio * raw[i][e], 6);
    }
  });

  it('the same seed gives the same draw; another k or seed does not', () => {
    const shapes = mlp.params.map((p) => p.shape);
    const a = gaussianDirection(shapes, 11, 0);
    const again = gaussianDirection(
      shapes.map((s) => [...s]),
      11,
      0,
    );
    expect(Array.from(again[0])).toEqual(Array.from(a[0]));
    expect(Array.from(gaussianDirection(shapes, 11, 1)[0])).not.toEqual(Array.from(a[0]));
    expect(Array.from(gaussianDirection(shapes, 12, 0)[0])).not.toEqual(Array.from(a[0]));
    // Roughly N(0, 1).
    const all = a.flatMap((t) => Array.from(t));
    const mean = all.reduce((s, v) => s + v, 0) / all.length;
    const variance = all.reduce((s, v) => s + (v - mean) ** 2, 0) / all.length;
    expect(Math.abs(mean)).toBeLessThan(0.15);
    expect(variance).toBeGreaterThan(0.8);
    expect(variance).toBeLessThan(1.2);
  });

  it('Gram–Schmidt makes d₂ orthogonal to d₁ and keeps the filter norms', async () => {
    const model = createMlp(2, [3], 2, 'tanh'); // tiny: random directions are far from orthogonal
    const shapes = model.params.map((p) => p.shape);
    const theta = paramsOf(model, 6);
    const opts = { seed: 2, count: 2, normalization: 'filter', includeBiases: false } as const;
    const [d1, d2] = randomDirections(theta, shapes, { ...opts, orthogonalize: false });
    const [e1, e2] = randomDirections(theta, shapes, { ...opts, orthogonalize: true });
    console.log(
      `tiny MLP (${shapes.map((s) => s.join('×')).join(', ')}): cos(d1, d2) = ${cosineSimilarity(d1, d2).toFixed(4)}, after Gram–Schmidt ${cosineSimilarity(e1, e2).toExponential(2)}`,
    );
    expect(Math.abs(cosineSimilarity(e1, e2))).toBeLessThan(1e-6);
    expect(Array.from(e1[0])).toEqual(Array.from(d1[0]));
    for (let i = 0; i < shapes.length; i++) {
      if (shapes[i].length < 2) continue;
      const want = await tfFilterNorms(theta[i], shapes[i]);
      const got = await tfFilterNorms(e2[i], shapes[i]);
      for (let j = 0; j < want.length; j++) expect(got[j]).toBeCloseTo(want[j], 5);
    }
    expect(Math.abs(cosineSimilarity(d1, d2))).toBeGreaterThan(1e-3);
  });
});
