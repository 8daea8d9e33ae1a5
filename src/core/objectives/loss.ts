import * as tf from '../tf';

/**
 * Mean softmax cross-entropy computed from logits via logSoftmax: no probability clipping, so no
 * backend-dependent epsilon enters (docs/engine-notes.md#the-webgl-epsilon). `labels` are int32 class indices.
 */
export function crossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => meanCrossEntropy(logits, labelMask(labels, logits.shape[1])));
}

/**
 * The mean cross-entropy as one differentiable op: the value as `perExampleCrossEntropy` computes it, the
 * gradient in closed form, ∂L/∂z = (softmax(z) − onehot)/batch, in 4 ops instead of the ~20 the tape
 * would replay through logSoftmax, the mask and the mean (docs/engine-notes.md#wasm-kernels-and-threads: on cpu/wasm a small
 * model's step is op-bound).
 */
const meanCrossEntropy = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [logits, mask, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
  const logp = tf.logSoftmax(logits);
  save([logp, mask]);
  return {
    value: tf.mean(tf.neg(tf.sum(tf.where(mask, logp, tf.zerosLike(logp)), 1))) as tf.Scalar,
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
      const [lp, m] = saved;
      const scale = tf.div(dy as tf.Scalar, lp.shape[0]);
      return [tf.mul(tf.sub(tf.exp(lp), tf.cast(m, 'float32')), scale), tf.zerosLike(m)];
    },
  };
}) as (logits: tf.Tensor2D, mask: tf.Tensor2D) => tf.Scalar;

/**
 * [batch, classes] boolean mask of the true class. (Not `oneHot`: wasm 4.22 ignores its float32 dtype and
 * returns int32 bits.)
 */
export function labelMask(labels: tf.Tensor1D, numClasses: number): tf.Tensor2D {
  return tf.tidy(
    () => tf.equal(labels.expandDims(1), tf.range(0, numClasses, 1, 'int32').expandDims(0)) as tf.Tensor2D,
  );
}

/** Per-example softmax cross-entropy, [batch]. */
export function perExampleCrossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() => {
    const logp = tf.logSoftmax(logits);
    return tf.neg(
      tf.sum(tf.where(labelMask(labels, logits.shape[1]), logp, tf.zerosLike(logp)), 1),
    ) as tf.Tensor1D;
  });
}

/** Number of correct predictions (a scalar tensor, so callers can sum without reading back). */
export function correctCount(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'float32')) as tf.Scalar);
}
