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
 * hand-written backward pass gives the tape's numbers).
 */
export const ACTIVATION_GRADS: Record<
  ActivationName,
  (dh: tf.Tensor, z: tf.Tensor, h: tf.Tensor) => tf.Tensor
> = {
  relu: (dh, z) => tf.mul(dh, tf.cast(tf.step(z), 'float32')),
  tanh: (dh, _z, h) => tf.mul(tf.sub(tf.scalar(1), tf.square(h)), dh),
  elu: (dh, _z, h) => tf.engine().runKernel('EluGrad', { dy: dh, y: h }) as tf.Tensor,
};
