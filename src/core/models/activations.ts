import * as tf from '../tf';

export type ActivationName = 'relu' | 'tanh' | 'elu';

/** Activation functions by name (a table, so adding one is one line). */
export const ACTIVATION_FNS: Record<ActivationName, (x: tf.Tensor) => tf.Tensor> = {
  relu: (x) => tf.relu(x),
  tanh: (x) => tf.tanh(x),
  elu: (x) => tf.elu(x),
};

/**
 * dL/dz from dL/dh for h = activation(z), with exactly the formulas of tfjs' registered gradients (so a
 * hand-written backward pass gives the tape's numbers); `of` says which of z and h the formula reads.
 */
export const ACTIVATION_GRADS: Record<
  ActivationName,
  { of: 'z' | 'h'; grad: (dh: tf.Tensor, t: tf.Tensor) => tf.Tensor }
> = {
  relu: { of: 'z', grad: (dh, z) => tf.mul(dh, tf.cast(tf.step(z), 'float32')) },
  tanh: { of: 'h', grad: (dh, h) => tf.mul(tf.sub(tf.scalar(1), tf.square(h)), dh) },
  elu: { of: 'h', grad: (dh, h) => tf.engine().runKernel('EluGrad', { dy: dh, y: h }) as tf.Tensor },
};
