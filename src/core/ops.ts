/**
 * Backend-consistent replacements for tfjs kernels whose results differ between backends (cpu, wasm, webgl,
 * webgpu). The traps and how each was measured: docs/engine-notes.md#backend-traps-we-guard-against.
 */
import * as tf from './tf';

/** The smallest normal float32, 2^−126: GPU backends flush anything smaller (a subnormal) to zero. */
const FLOAT32_MIN_NORMAL = 1.1754943508222875e-38;

/**
 * sign(x) element-wise, +1 where x ≥ 2^−126, −1 where x ≤ −2^−126, 0 otherwise (±0, subnormals, NaN): the one
 * sign every sign-like step uses (FGSM, the L∞ PGD/FGSM-RS/TRADES steps, L∞ steepest-ascent corruption, dense or
 * sparse).
 *
 * Built from two comparisons, not `tf.sign`: tfjs-backend-wasm 4.22's Sign returns 0 for |x| < 1.19e-7
 * (FLT_EPSILON), and a confidently classified point has input-gradient coordinates of 1e-8 and below, so FGSM
 * and PGD left those points unmoved on wasm only. A comparison is exact on every backend. Subnormals count as
 * zero because WebGL and WebGPU flush them to zero in every operation while cpu and wasm keep them: a point
 * whose loss gradient underflows below 2^−126 (a margin of about 87–104 in the logits) would otherwise move on
 * cpu and wasm and stay put on a GPU.
 */
export function sign(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() =>
    tf.sub(
      tf.cast(tf.greaterEqual(x, FLOAT32_MIN_NORMAL), x.dtype),
      tf.cast(tf.lessEqual(x, -FLOAT32_MIN_NORMAL), x.dtype),
    ),
  );
}

/** The four elements of every 2×2 window of NHWC `x` (cropped to even height and width), row-major. */
function windowCorners(x: tf.Tensor4D): tf.Tensor4D[] {
  const [b, h, w, c] = x.shape;
  const end = [b, h - (h % 2), w - (w % 2), c];
  return [
    [0, 0],
    [0, 1],
    [1, 0],
    [1, 1],
  ].map(([i, j]) => tf.stridedSlice(x, [0, i, j, 0], end, [1, 2, 2, 1]) as tf.Tensor4D);
}

/**
 * 2×2 max-pool, stride 2, 'valid' padding, whose gradient goes to the FIRST maximum of each window in
 * row-major order, as on the cpu backend and in PyTorch. Not `tf.maxPool`'s own gradient alone:
 * tfjs-backend-wasm 4.22's MaxPoolGrad sends it to the LAST maximum, and windows of equal values are common (a
 * blank image region after a convolution, a positive bias and a ReLU), so input gradients — and every attack
 * on a CNN — differed between backends. The forward pass is `tf.maxPool`; the gradient is built from
 * comparisons, which are exact on every backend.
 */
export const maxPool2x2 = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, save] = args as [tf.Tensor4D, tf.GradSaveFunc];
  // eslint-disable-next-line no-restricted-properties -- the forward pass is the kernel's; only its gradient is ours
  const y = tf.maxPool(x, 2, 2, 'valid');
  save([x, y]);
  return {
    value: y,
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
      const [xs, ys] = saved as [tf.Tensor4D, tf.Tensor4D];
      const g = dy as tf.Tensor4D;
      const zero = tf.zerosLike(g);
      let taken: tf.Tensor = tf.zeros(g.shape, 'bool');
      const parts = windowCorners(xs).map((corner) => {
        const hit = tf.equal(corner, ys);
        const first = tf.logicalAnd(hit, tf.logicalNot(taken));
        taken = tf.logicalOr(taken, hit);
        return tf.where(first, g, zero);
      });
      const [b, h, w, c] = g.shape;
      // Interleave the corners back: [b, h, 2, w, 2, c] → [b, 2h, 2w, c], then zero rows/columns the pool dropped.
      const rows = [0, 2].map((r) => tf.stack([parts[r], parts[r + 1]], 3).reshape([b, h, 2 * w, c]));
      const dx = tf.stack(rows, 2).reshape([b, 2 * h, 2 * w, c]);
      const [, xh, xw] = xs.shape;
      return tf.pad(dx, [
        [0, 0],
        [0, xh - 2 * h],
        [0, xw - 2 * w],
        [0, 0],
      ]);
    },
  };
});
