import * as tf from '../tf';

/**
 * conv2d with stride 1 and 'valid' padding whose weight gradient works on every backend.
 * tfjs-backend-wasm 4.22 registers no Conv2DBackpropFilter kernel (docs/engine-notes.md#wasm-cannot-train-conv-nets, tfjs #8474), so there
 * both gradients are assembled from forward convolutions, which wasm runs fast:
 * - dW[i, j, c, o] = Σ_{b,p,q} x[b, p+i, q+j, c] · dy[b, p, q, o]: a valid convolution with the batch as the
 *   contracted axis (about 2× faster on wasm than one matMul per kernel offset, whose strided slices are slow);
 * - dx: the full correlation of dy with the kernel flipped in space and in/out swapped, a plain conv2d of the
 *   zero-padded dy (2–5× faster on wasm than conv2dTranspose).
 * Other backends use the built-in kernels.
 */
const convWithManualGrad = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, w, save] = args as [tf.Tensor4D, tf.Tensor4D, tf.GradSaveFunc];
  save([x, w]);
  return {
    value: tf.conv2d(x, w, 1, 'valid'),
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
      const [xs, ws] = saved as [tf.Tensor4D, tf.Tensor4D];
      const g = dy as tf.Tensor4D;
      const [kh, kw] = ws.shape;
      // conv(x as [in, H, W, batch], dy as [outH, outW, batch, out]) = [in, kh, kw, out].
      const dw = tf
        .conv2d(
          tf.transpose(xs, [3, 1, 2, 0]) as tf.Tensor4D,
          tf.transpose(g, [1, 2, 0, 3]) as tf.Tensor4D,
          1,
          'valid',
        )
        .transpose([1, 2, 0, 3]);
      const flipped = tf.transpose(tf.reverse(ws, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D;
      const padded = tf.pad(g, [
        [0, 0],
        [kh - 1, kh - 1],
        [kw - 1, kw - 1],
        [0, 0],
      ]);
      const dx = tf.conv2d(padded, flipped, 1, 'valid');
      return [dx, dw];
    },
  };
});

export function needsManualConvGrad(backendName = tf.getBackend()): boolean {
  return tf.getKernel('Conv2DBackpropFilter', backendName) === undefined;
}

/** Valid, stride-1 2-D convolution of NHWC `x` with a [kh, kw, in, out] kernel. */
export function conv2dValid(x: tf.Tensor4D, w: tf.Tensor4D, manualGrad = needsManualConvGrad()): tf.Tensor4D {
  return manualGrad ? (convWithManualGrad(x, w) as tf.Tensor4D) : tf.conv2d(x, w, 1, 'valid');
}
