import * as tf from '../tf';

/**
 * conv2d with stride 1 and 'valid' padding whose weight gradient works on every backend.
 * tfjs-backend-wasm 4.22 registers no Conv2DBackpropFilter kernel (TECH-NOTES §1.1, tfjs #8474), so there
 * the gradient is assembled by hand: dW[i, j, c, o] = Σ_{b,p,q} x[b, p+i, q+j, c] · dy[b, p, q, o], computed
 * as one forward convolution (below; about 2× faster on wasm than one matMul per kernel offset, whose strided
 * slices are slow there), and dx = conv2dTranspose(dy, W). Other backends use the built-in kernel.
 */
const convWithManualGrad = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, w, save] = args as [tf.Tensor4D, tf.Tensor4D, tf.GradSaveFunc];
  save([x, w]);
  return {
    value: tf.conv2d(x, w, 1, 'valid'),
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
      const [xs, ws] = saved as [tf.Tensor4D, tf.Tensor4D];
      const g = dy as tf.Tensor4D;
      // dW is itself a valid convolution: with the batch as the contracted channel axis,
      // conv(x as [in, H, W, batch], dy as [outH, outW, batch, out]) = [in, kh, kw, out].
      const dw = tf
        .conv2d(
          xs.transpose([3, 1, 2, 0]) as tf.Tensor4D,
          g.transpose([1, 2, 0, 3]) as tf.Tensor4D,
          1,
          'valid',
        )
        .transpose([1, 2, 0, 3]);
      const dx = tf.conv2dTranspose(g, ws, xs.shape, 1, 'valid');
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
