/**
 * LSA's comparison measure (docs/methods/lsa.md#relative-error): the relative error between a layer's representation of clean
 * inputs and of perturbed ones, CM(φ_l(x), φ_l(x̂)) = ‖φ_l(x) − φ_l(x̂)‖_F / ‖φ_l(x)‖_F [V-slides]. The
 * released code takes ONE Frobenius norm over the whole batch tensor [V-code]; the paper's MVL statistics
 * (docs/methods/lsa.md#most-vulnerable-layers) need it per sample as well. Both come from the per-sample squared norms, since the batch's squared
 * Frobenius norm is the sum of the samples' ones.
 */
import * as tf from '../tf';

/**
 * m·√(s + 1 − m) with m = step(s) = [s > 0]: √s where s > 0 and exactly 0 at s = 0, with a zero gradient
 * there. Plain √ has an infinite derivative at 0, so ‖φ(x) − φ(x̂)‖ would give NaN gradients whenever x̂ = x.
 * (A float mask from `step`, whose gradient is 0, rather than `where`: tfjs has no gradient for the
 * comparison that would feed `where`'s condition.)
 */
function maskedSqrt(s: tf.Tensor): tf.Tensor {
  const m = tf.step(s);
  return tf.mul(m, tf.sqrt(tf.add(s, tf.sub(1, m))));
}

/** ‖t‖_F, exactly 0 at t = 0 with a zero (sub)gradient there (see `maskedSqrt`). */
function safeNorm(t: tf.Tensor): tf.Scalar {
  return tf.tidy(() => maskedSqrt(tf.sum(tf.square(t))) as tf.Scalar);
}

/**
 * Batch relative error of one probe, docs/methods/lsa.md#relative-error [V-code]: ‖φ(x) − φ(x̂)‖_F / ‖φ(x)‖_F, each norm over
 * the whole [batch, …] tensor. Differentiable in both arguments (AT-LR, docs/methods/lsa.md#lsa-and-at-lr, lets the gradient flow through
 * φ_l(x) and φ_l(x̂) [U]). Where φ(x) = 0 (a layer silent over the whole batch) the ratio is undefined (the
 * released code gives inf/NaN); here it is 0, so a training step regularises nothing there rather than diverge.
 */
export function relativeError(clean: tf.Tensor, perturbed: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const denominator = safeNorm(clean);
    const defined = tf.step(denominator);
    // defined · ‖d‖ / (‖φ(x)‖ + 1 − defined): the ratio where ‖φ(x)‖ > 0, else 0/1.
    return tf.div(
      tf.mul(defined, safeNorm(tf.sub(clean, perturbed))),
      tf.add(denominator, tf.sub(1, defined)),
    ) as tf.Scalar;
  });
}

/**
 * Per-sample squared norms of each probe, stacked as [probes, 2, batch]: row 0 = ‖φ_l(x_m)‖², row 1 =
 * ‖φ_l(x_m) − φ_l(x̂_m)‖². One tensor so the caller reads everything back at once.
 */
export function probeSquaredNorms(clean: readonly tf.Tensor[], perturbed: readonly tf.Tensor[]): tf.Tensor3D {
  return tf.tidy(() => {
    const perSample = (t: tf.Tensor) => tf.sum(tf.square(t.reshape([t.shape[0], -1])), 1);
    return tf.stack(
      clean.map((c, l) => tf.stack([perSample(c), perSample(tf.sub(c, perturbed[l]))])),
    ) as tf.Tensor3D;
  });
}

/** One probe's relative errors, from its per-sample squared norms. */
export interface ProbeRelativeError {
  /** Over the whole batch (the released code's number, docs/methods/lsa.md#relative-error [V-code]); NaN if φ(x) = 0 over the batch. */
  batch: number;
  /**
   * Per sample, ‖φ(x_m) − φ(x̂_m)‖ / ‖φ(x_m)‖; NaN where ‖φ(x_m)‖ = 0 (undefined: the sample leaves the
   * layer silent), and such samples are left out of means and statistics.
   */
  perSample: Float32Array;
  /** The mean of the defined per-sample values (NaN if none is). */
  sampleMean: number;
}

/**
 * Relative errors from `probeSquaredNorms`' values ([probes, 2, batch], row-major). The batch value is
 * √Σ_m‖d_m‖² / √Σ_m‖φ(x_m)‖², NaN (undefined) for a layer silent over the whole batch.
 */
export function relativeErrorsFromSquaredNorms(values: Float32Array, probes: number): ProbeRelativeError[] {
  if (probes === 0) return [];
  const batchSize = values.length / (2 * probes);
  const out: ProbeRelativeError[] = [];
  for (let l = 0; l < probes; l++) {
    const clean = values.subarray(2 * l * batchSize, (2 * l + 1) * batchSize);
    const diff = values.subarray((2 * l + 1) * batchSize, (2 * l + 2) * batchSize);
    let cleanSum = 0;
    let diffSum = 0;
    let meanSum = 0;
    let defined = 0;
    const perSample = new Float32Array(batchSize);
    for (let m = 0; m < batchSize; m++) {
      cleanSum += clean[m];
      diffSum += diff[m];
      perSample[m] = clean[m] > 0 ? Math.sqrt(diff[m] / clean[m]) : NaN;
      if (clean[m] > 0) {
        meanSum += perSample[m];
        defined++;
      }
    }
    out.push({
      batch: cleanSum > 0 ? Math.sqrt(diffSum / cleanSum) : NaN,
      perSample,
      sampleMean: defined > 0 ? meanSum / defined : NaN,
    });
  }
  return out;
}
