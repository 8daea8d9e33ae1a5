import * as tf from '../tf';
import { maxPool2x2 } from '../ops';
import { conv2dValid, needsManualConvGrad } from './conv';
import { dense } from './dense';
import type { Model, ParamSpec } from './model';

export type CnnLayer =
  { type: 'conv'; filters: number; kernel: number } | { type: 'pool' } | { type: 'dense'; units: number };

/** The CNN presets: a fast default and LSA's "Model B" (docs/methods/lsa.md#models-a-and-b; no padding, 576 flat features). */
export const CNN_ARCHITECTURES: Record<'small' | 'lsa-b', CnnLayer[]> = {
  small: [
    { type: 'conv', filters: 8, kernel: 3 },
    { type: 'pool' },
    { type: 'conv', filters: 16, kernel: 3 },
    { type: 'pool' },
  ],
  'lsa-b': [
    { type: 'conv', filters: 16, kernel: 5 },
    { type: 'conv', filters: 32, kernel: 5 },
    { type: 'pool' },
    { type: 'conv', filters: 64, kernel: 5 },
    { type: 'pool' },
    { type: 'dense', units: 100 },
  ],
};

/**
 * A small ReLU CNN on NHWC images: conv ('valid', stride 1) / 2×2 max-pool / dense blocks, then a dense
 * classifier. Kernels are [kh, kw, in, out] (filter = last axis). One probe per ReLU output.
 */
export function createCnn(
  inputShape: [number, number, number],
  layers: readonly CnnLayer[],
  numClasses: number,
  label: string,
): Model {
  const params: ParamSpec[] = [];
  const probeNames: string[] = [];
  let [h, w, c] = inputShape;
  let flat = 0;
  let index = 0;
  const plan: ({ type: 'pool' } | { type: 'conv' | 'dense'; p: number; relu: boolean })[] = [];
  const addLayer = (type: 'conv' | 'dense', kernelShape: number[], out: number, relu: boolean) => {
    const layer = `${type}${index++}`;
    plan.push({ type, p: params.length, relu });
    params.push({ name: `${layer}/kernel`, shape: kernelShape, layer, init: 'glorot' });
    params.push({ name: `${layer}/bias`, shape: [out], layer, init: 'zeros' });
    if (relu) probeNames.push(`${layer} relu (${out})`);
  };
  for (const l of layers) {
    if (l.type === 'conv') {
      addLayer('conv', [l.kernel, l.kernel, c, l.filters], l.filters, true);
      h -= l.kernel - 1;
      w -= l.kernel - 1;
      c = l.filters;
    } else if (l.type === 'pool') {
      plan.push({ type: 'pool' });
      h = Math.floor(h / 2);
      w = Math.floor(w / 2);
    } else {
      addLayer('dense', [flat || h * w * c, l.units], l.units, true);
      flat = l.units;
    }
    if (h < 1 || w < 1) throw new Error(`CNN ${label}: the input ${inputShape.join('×')} is too small`);
  }
  addLayer('dense', [flat || h * w * c, numClasses], numClasses, false);

  return {
    description: `CNN ${label}`,
    inputShape: [...inputShape],
    numClasses,
    params,
    probeNames,
    apply(p, x, options = {}) {
      const manual = needsManualConvGrad();
      const probes: tf.Tensor[] = [];
      let t: tf.Tensor = x.reshape([-1, ...inputShape]);
      for (const step of plan) {
        if (step.type === 'pool') {
          t = maxPool2x2(t as tf.Tensor4D) as tf.Tensor4D;
          continue;
        }
        if (step.type === 'conv') {
          t = tf.add(conv2dValid(t as tf.Tensor4D, p[step.p] as tf.Tensor4D, manual), p[step.p + 1]);
        } else {
          if (t.rank !== 2) t = t.reshape([t.shape[0], -1]);
          t = dense(t as tf.Tensor2D, p[step.p] as tf.Tensor2D, p[step.p + 1]);
        }
        if (step.relu) {
          t = tf.relu(t);
          if (options.probes) probes.push(t);
        }
      }
      return { logits: t as tf.Tensor2D, probes };
    },
  };
}
