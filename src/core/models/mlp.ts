import * as tf from '../tf';
import { ACTIVATION_FNS, type ActivationName } from './activations';
import type { Model, ParamSpec } from './model';

/**
 * Multi-layer perceptron: inputDim → hidden… → numClasses, softmax cross-entropy on the logits.
 * Parameters per layer: `denseK/kernel` [in, out] and `denseK/bias` [out]. One probe per hidden activation.
 */
export function createMlp(
  inputDim: number,
  hidden: readonly number[],
  numClasses: number,
  activation: ActivationName,
): Model {
  const widths = [inputDim, ...hidden, numClasses];
  const params: ParamSpec[] = [];
  for (let l = 0; l + 1 < widths.length; l++) {
    params.push({
      name: `dense${l}/kernel`,
      shape: [widths[l], widths[l + 1]],
      layer: `dense${l}`,
      init: 'glorot',
    });
    params.push({ name: `dense${l}/bias`, shape: [widths[l + 1]], layer: `dense${l}`, init: 'zeros' });
  }
  const act = ACTIVATION_FNS[activation];
  return {
    description: `MLP ${widths.join('-')} (${activation})`,
    inputShape: [inputDim],
    numClasses,
    params,
    probeNames: hidden.map((w, l) => `dense${l} ${activation} (${w})`),
    dense: widths.slice(1).map((_, l) => ({
      kernel: 2 * l,
      bias: 2 * l + 1,
      activation: l + 2 < widths.length ? activation : null,
    })),
    apply(p, x, options = {}) {
      const probes: tf.Tensor[] = [];
      let h: tf.Tensor = x.reshape([-1, inputDim]);
      const layers = widths.length - 1;
      for (let l = 0; l < layers; l++) {
        h = tf.add(tf.matMul(h as tf.Tensor2D, p[2 * l] as tf.Tensor2D), p[2 * l + 1]);
        if (l + 1 < layers) {
          h = act(h);
          if (options.probes) probes.push(h);
        }
      }
      return { logits: h as tf.Tensor2D, probes };
    },
    applyStacked(p, x) {
      // [1, N, in] broadcasts against [K, in, out] in a batched matMul; biases [K, out] → [K, 1, out].
      let h: tf.Tensor = x.reshape([1, -1, inputDim]);
      const layers = widths.length - 1;
      for (let l = 0; l < layers; l++) {
        h = tf.add(tf.matMul(h as tf.Tensor3D, p[2 * l] as tf.Tensor3D), p[2 * l + 1].expandDims(1));
        if (l + 1 < layers) h = act(h);
      }
      return h as tf.Tensor3D;
    },
  };
}
