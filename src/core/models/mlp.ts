import * as tf from '../tf';
import { ACTIVATION_FNS, type ActivationName } from './activations';
import { dense, denseChain } from './dense';
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
  const layers = widths.slice(1).map((_, l) => ({
    kernel: 2 * l,
    bias: 2 * l + 1,
    activation: l + 2 < widths.length ? activation : null,
  }));
  const chain = denseChain(layers);
  return {
    description: `MLP ${widths.join('-')} (${activation})`,
    inputShape: [inputDim],
    numClasses,
    params,
    probeNames: hidden.map((w, l) => `dense${l} ${activation} (${w})`),
    dense: layers,
    apply(p, x, options = {}) {
      const input = (x.rank === 2 ? x : x.reshape([-1, inputDim])) as tf.Tensor2D;
      // The whole chain as one op with its own backward pass, unless the activations are wanted too.
      if (!options.probes) return { logits: chain(input, ...p), probes: [] };
      const probes: tf.Tensor[] = [];
      let h = input;
      for (const layer of layers) {
        h = dense(h, p[layer.kernel] as tf.Tensor2D, p[layer.bias]);
        if (layer.activation) {
          h = act(h) as tf.Tensor2D;
          probes.push(h);
        }
      }
      return { logits: h, probes };
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
