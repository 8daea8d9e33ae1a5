import * as tf from './tf';
import type { Model, ParamSpec } from './models/model';
import { Rng } from './rng';

/** Parameter values read back to the host, in the model's parameter order (TF.js layout). */
export type ParamValues = Float32Array[];

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** Glorot-uniform limit: √(6 / (fan_in + fan_out)), with the receptive field counted for conv kernels. */
function glorotLimit(shape: readonly number[]): number {
  const receptive = size(shape.slice(0, -2));
  const fanIn = shape[shape.length - 2] * receptive;
  const fanOut = shape[shape.length - 1] * receptive;
  return Math.sqrt(6 / (fanIn + fanOut));
}

/** Initial parameter values from the run's "init" stream; each tensor gets its own sub-stream. */
export function initialValues(model: Model, seed: number): ParamValues {
  return model.params.map((p, i) => {
    const n = size(p.shape);
    if (p.init === 'zeros') return new Float32Array(n);
    if (p.init === 'ones') return new Float32Array(n).fill(1);
    const limit = glorotLimit(p.shape);
    return Rng.stream(seed, 'init', i, p.name).uniforms(n, -limit, limit);
  });
}

export function toTensors(specs: readonly ParamSpec[], values: ParamValues): tf.Tensor[] {
  return specs.map((p, i) => tf.tensor(values[i], p.shape, 'float32'));
}

/** Reads tensors back with one GPU→CPU transfer (concatenated), not one per tensor. */
export async function readValues(tensors: readonly tf.Tensor[]): Promise<ParamValues> {
  const flat = tf.tidy(() => tf.concat(tensors.map((t) => t.reshape([-1]))));
  const all = (await flat.data()) as Float32Array;
  flat.dispose();
  const out: ParamValues = [];
  let offset = 0;
  for (const t of tensors) {
    out.push(all.slice(offset, offset + t.size));
    offset += t.size;
  }
  return out;
}

/**
 * Per-filter L2 norms of a tensor. In TF.js a filter is a slice on the LAST axis (docs/methods/landscapes.md#where-the-filter-axis-is):
 * column j of a Dense kernel [in, out], kernel[:, :, :, j] of a Conv2D kernel. Returns shape [out].
 */
export function filterNorms(t: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => {
    const out = t.shape[t.rank - 1];
    return tf.sqrt(tf.sum(tf.square(t.reshape([-1, out])), 0)) as tf.Tensor1D;
  });
}

/** Global L2 norm over a list of tensors. */
export function globalNorm(tensors: readonly tf.Tensor[]): tf.Scalar {
  return tf.tidy(() => tf.sqrt(tf.addN(tensors.map((t) => tf.sum(tf.square(t))))) as tf.Scalar);
}

/** θ + Σ_k c_k·d_k, element-wise over a parameter list (analyses build new lists; nothing is mutated). */
export function axpy(theta: readonly tf.Tensor[], ...terms: [number, readonly tf.Tensor[]][]): tf.Tensor[] {
  return theta.map((t, i) => terms.reduce<tf.Tensor>((acc, [c, d]) => tf.add(acc, tf.mul(d[i], c)), t));
}

/** True if every value is finite. */
export function allFinite(values: ParamValues): boolean {
  for (const v of values) for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return false;
  return true;
}
