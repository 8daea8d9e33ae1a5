/**
 * Statistical input corruptions, the baselines of LSA's relative-error figure (docs/methods/lsa.md#figures, figure 1):
 * Gaussian, salt, pepper and speckle noise, with the semantics of scikit-image's `random_noise` (additive
 * N(0, variance); a Bernoulli(amount) share of the elements set to the range's top / bottom; multiplicative
 * x + x·N(0, variance)). The strengths the paper used are [U]; the defaults are our suggestion [P],
 * docs/methods/attacks.md#statistical-noise.
 * Draws come from the passed Rng in JS. The result is clipped to the input range only when there is one
 * ([0, 1] images); moons points are never clipped (docs/methods/attacks.md#data-range).
 */
import * as tf from '../tf';
import type { Rng } from '../rng';
import { type InputRange, randomLike } from './attack';

export type NoiseId = 'gaussian' | 'salt' | 'pepper' | 'speckle';

export interface NoiseSettings {
  /** Variance of the Gaussian / speckle noise. */
  variance: number;
  /** Share of the elements salt / pepper replaces. */
  amount: number;
  /**
   * The values salt and pepper write: [pepper, salt]. null → the input range; unbounded data (moons) has none,
   * so salt and pepper need it given (e.g. the data's coordinate extremes).
   */
  extremes: readonly [number, number] | null;
}

/** docs/methods/lsa.md#figures [P]: Gaussian variance 0.01, salt/pepper amount 0.05, speckle variance 0.01. */
export const NOISE_DEFAULTS: NoiseSettings = { variance: 0.01, amount: 0.05, extremes: null };

export type NoiseFn = (x: tf.Tensor, settings: NoiseSettings, rng: Rng, inputRange: InputRange) => tf.Tensor;

function clipToRange(t: tf.Tensor, range: InputRange): tf.Tensor {
  return range === null ? t : tf.clipByValue(t, range[0], range[1]);
}

function extremesOf(settings: NoiseSettings, range: InputRange, kind: string): readonly [number, number] {
  const e = settings.extremes ?? range;
  if (e === null)
    throw new Error(
      `${kind} noise needs the values to write: the data has no input range, so pass "extremes"`,
    );
  return e;
}

/** Replaces a Bernoulli(amount) share of the elements of x by `value`. */
function impulse(x: tf.Tensor, amount: number, value: number, rng: Rng): tf.Tensor {
  const hit = randomLike(x, (n) => {
    const m = new Float32Array(n);
    for (let i = 0; i < n; i++) m[i] = rng.next() < amount ? 1 : 0;
    return m;
  });
  return tf.where(tf.cast(hit, 'bool'), tf.fill(x.shape, value), x);
}

/** Gaussian: x + N(0, variance). */
const gaussianNoise: NoiseFn = (x, s, rng, range) =>
  tf.tidy(() =>
    clipToRange(
      tf.add(
        x,
        randomLike(x, (n) => rng.normals(n, Math.sqrt(s.variance))),
      ),
      range,
    ),
  );

/** Salt: a Bernoulli(amount) share of the elements set to the top of the range. */
const saltNoise: NoiseFn = (x, s, rng, range) =>
  tf.tidy(() => clipToRange(impulse(x, s.amount, extremesOf(s, range, 'salt')[1], rng), range));

/** Pepper: a Bernoulli(amount) share of the elements set to the bottom of the range. */
const pepperNoise: NoiseFn = (x, s, rng, range) =>
  tf.tidy(() => clipToRange(impulse(x, s.amount, extremesOf(s, range, 'pepper')[0], rng), range));

/** Speckle: x + x·N(0, variance). */
const speckleNoise: NoiseFn = (x, s, rng, range) =>
  tf.tidy(() =>
    clipToRange(
      tf.add(
        x,
        tf.mul(
          x,
          randomLike(x, (n) => rng.normals(n, Math.sqrt(s.variance))),
        ),
      ),
      range,
    ),
  );

/** Every noise, by id (a table, not a switch). */
export const NOISES: Record<NoiseId, NoiseFn> = {
  gaussian: gaussianNoise,
  salt: saltNoise,
  pepper: pepperNoise,
  speckle: speckleNoise,
};
