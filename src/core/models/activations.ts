import * as tf from '../tf';

export type ActivationName = 'relu' | 'tanh' | 'elu';

/** Activation functions by name (a table, so adding one is one line). */
export const ACTIVATION_FNS: Record<ActivationName, (x: tf.Tensor) => tf.Tensor> = {
  relu: (x) => tf.relu(x),
  tanh: (x) => tf.tanh(x),
  elu: (x) => tf.elu(x),
};
