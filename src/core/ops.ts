/**
 * Backend-consistent replacements for tfjs kernels whose results differ between backends (cpu, wasm, webgl,
 * webgpu). The traps and how each was measured: docs/engine-notes.md, "Backend traps we guard against".
 */
import * as tf from './tf';

/**
 * sign(x) element-wise: +1 where x > 0, −1 where x < 0, 0 at ±0 and NaN — the one sign every sign-like step uses
 * (FGSM, the L∞ PGD/FGSM-RS/TRADES steps, L∞ steepest-ascent corruption, dense or sparse).
 *
 * Built from two comparisons, not `tf.sign`: tfjs-backend-wasm 4.22's Sign returns 0 for |x| < 1.19e-7
 * (FLT_EPSILON), and a confidently classified point has input-gradient coordinates of 1e-8 and below, so FGSM
 * and PGD left those points unmoved on wasm only. A comparison against 0 is exact on every backend.
 */
export function sign(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.sub(tf.cast(tf.greater(x, 0), x.dtype), tf.cast(tf.less(x, 0), x.dtype)));
}
