import * as tf from '../tf';
import { lazyCustomGrad } from '../lazy-grad';

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
const meanCrossEntropy = lazyCustomGrad(([logits, mask], save) => {
  const logp = tf.logSoftmax(logits);
  save([logp, mask]);
  return {
    value: tf.mean(tf.neg(tf.sum(tf.where(mask, logp, tf.zerosLike(logp)), 1))),
    gradFunc: (dy, [lp, m]) => [
      () => withEmptyPadding(tf.mul(tf.sub(tf.exp(lp), tf.cast(m, 'float32')), tf.div(dy, lp.shape[0])), m),
      () => tf.zerosLike(m),
    ],
  };
}) as (logits: tf.Tensor2D, mask: tf.Tensor2D) => tf.Scalar;

/**
 * `g` ([batch, classes], the logits' gradient), bit for bit, with zeros in its WebGL padding lanes. WebGL keeps
 * a matrix in 2×2 texels, so with an odd number of classes every row has a padding lane, and a packed op
 * writes its formula's value there too (here −dy times the mask's padding, and exp of the padded logSoftmax).
 * WebGL's packed matMul sums over the padding lanes of both operands: the backward product dz·Wᵀ then adds
 * dz_pad·W_pad, which is not 0 once a kernel has moved along a gradient with a non-empty padding (a sign step
 * of ε turns any value there into ±ε). `where` is an unpacked program on WebGL; its output is repacked with
 * empty padding (docs/engine-notes.md#webgl-padding-lanes). Other backends have no padding: `g` as it is.
 */
function withEmptyPadding(g: tf.Tensor, mask: tf.Tensor): tf.Tensor {
  return tf.getBackend() === 'webgl' ? tf.where(mask, g, g) : g;
}

/**
 * [batch, classes] boolean mask of the true class. (Not `oneHot`: wasm 4.22 ignores its float32 dtype and
 * returns int32 bits.)
 */
export function labelMask(labels: tf.Tensor1D, numClasses: number): tf.Tensor2D {
  return tf.tidy(() => tf.equal(labels.expandDims(1), tf.range(0, numClasses, 1, 'int32')) as tf.Tensor2D);
}

/**
 * Per-example softmax cross-entropy, [batch]. One differentiable op whose backward pass is the tape's own
 * through logSoftmax, the mask and the sum, bit for bit, in 9 ops instead of the ~20 (and the copies of
 * what they keep) the tape would run: an attack differentiates it at every step.
 */
export function perExampleCrossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() => perExample(logits, labelMask(labels, logits.shape[1])));
}

const perExample = lazyCustomGrad(([logits, mask], save) => {
  const logp = tf.logSoftmax(logits);
  save([logp, mask]);
  return {
    value: tf.neg(tf.sum(tf.where(mask, logp, tf.zerosLike(logp)), 1)),
    gradFunc: (dy, [lp, m]) => [
      () => {
        // neg's and sum's gradients give −dy on every class; where's multiplies it by the mask (×1, ×0);
        // the zerosLike branch adds 0 to it; logSoftmax's gradient is g − (Σ_c g)·exp(logp).
        const g = tf.add(tf.mul(tf.neg(dy).reshape([-1, 1]), tf.cast(m, 'float32')), 0);
        return withEmptyPadding(tf.sub(g, tf.mul(tf.sum(g, 1, true), tf.exp(lp))), m);
      },
      () => tf.zerosLike(m),
    ],
  };
}) as (logits: tf.Tensor2D, mask: tf.Tensor2D) => tf.Tensor1D;

/** Number of correct predictions (a scalar tensor, so callers can sum without reading back). */
export function correctCount(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'float32')) as tf.Scalar);
}
