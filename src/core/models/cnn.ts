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

/** One step of a layer stack: a 2×2 max-pool, or a conv / dense layer whose kernel is `params[p]`. */
export type StackStep = { type: 'pool' } | { type: 'conv' | 'dense'; p: number; out: number };

/**
 * Appends a stack's parameters to `params` (layers named `${prefix}conv0`, `${prefix}dense1`, … in order;
 * kernels Glorot, biases 0) and returns its plan, its output width (flattened) and the next layer number.
 * Inputs are [h, w, c] images or [d] vectors. `who` names the model in the error for too small an input.
 */
export function planStack(
  prefix: string,
  inputShape: readonly number[],
  layers: readonly CnnLayer[],
  params: ParamSpec[],
  who: string,
): { plan: StackStep[]; width: number; next: number } {
  let [h, w, c] = inputShape.length === 3 ? inputShape : [1, 1, inputShape[0]];
  let flat = inputShape.length === 3 ? 0 : inputShape[0];
  let index = 0;
  const plan: StackStep[] = [];
  const add = (type: 'conv' | 'dense', shape: number[], out: number) => {
    const layer = `${prefix}${type}${index++}`;
    plan.push({ type, p: params.length, out });
    params.push({ name: `${layer}/kernel`, shape, layer, init: 'glorot' });
    params.push({ name: `${layer}/bias`, shape: [out], layer, init: 'zeros' });
  };
  for (const l of layers) {
    if (l.type === 'conv') {
      add('conv', [l.kernel, l.kernel, c, l.filters], l.filters);
      h -= l.kernel - 1;
      w -= l.kernel - 1;
      c = l.filters;
    } else if (l.type === 'pool') {
      plan.push({ type: 'pool' });
      h = Math.floor(h / 2);
      w = Math.floor(w / 2);
    } else {
      add('dense', [flat || h * w * c, l.units], l.units);
      flat = l.units;
    }
    if (h < 1 || w < 1) throw new Error(`${who}: the input ${inputShape.join('×')} is too small`);
  }
  return { plan, width: flat || h * w * c, next: index };
}

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
  const stack = planStack('', inputShape, layers, params, `CNN ${label}`);
  const probeNames = stack.plan.flatMap((s) =>
    s.type === 'pool' ? [] : [`${params[s.p].layer} relu (${s.out})`],
  );
  const plan: ((StackStep & { relu: true }) | { type: 'dense'; p: number; relu: false })[] = stack.plan.map(
    (s) => ({ ...s, relu: true as const }),
  );
  const outLayer = `dense${stack.next}`;
  plan.push({ type: 'dense', p: params.length, relu: false });
  params.push({
    name: `${outLayer}/kernel`,
    shape: [stack.width, numClasses],
    layer: outLayer,
    init: 'glorot',
  });
  params.push({ name: `${outLayer}/bias`, shape: [numClasses], layer: outLayer, init: 'zeros' });

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
