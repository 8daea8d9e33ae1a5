import * as tf from '../tf';
import type { ActivationName } from './activations';

/** How a parameter tensor is initialised. */
type InitKind = 'glorot' | 'zeros' | 'ones';

/** One named parameter in TF.js layout: Dense kernel [in, out], Conv2D kernel [kh, kw, in, out]. */
export interface ParamSpec {
  /** Unique, stable name, e.g. "dense1/kernel". */
  name: string;
  shape: number[];
  /** The layer it belongs to, e.g. "dense1" (per-layer analyses group by it). */
  layer: string;
  init: InitKind;
}

export interface ForwardOptions {
  /** Also return every activation output (LSA probes, docs/methods/lsa.md#probes). */
  probes?: boolean;
}

export interface ForwardResult {
  /** Unnormalised class scores, [batch, numClasses]. */
  logits: tf.Tensor2D;
  /** Activation outputs in forward order (empty unless requested). */
  probes: tf.Tensor[];
}

/**
 * A model is a spec plus a pure forward function of a parameter list (docs/engine-notes.md#functional-parameters): analyses evaluate
 * θ + α·d by passing a new list, never by mutating variables.
 */
export interface Model {
  /** e.g. "MLP 2-16-16-2 (tanh)". */
  description: string;
  inputShape: number[];
  numClasses: number;
  params: ParamSpec[];
  /** Names of the probes, one per activation output, forward order. */
  probeNames: string[];
  apply(params: readonly tf.Tensor[], x: tf.Tensor, options?: ForwardOptions): ForwardResult;
  /**
   * Optional: K parameter sets at once. Every parameter carries a leading axis K ([K, ...shape]); returns
   * logits [K, batch, numClasses]. Batched landscape evaluation uses it on GPU backends (docs/engine-notes.md#batching-over-weights).
   */
  applyStacked?(stacked: readonly tf.Tensor[], x: tf.Tensor): tf.Tensor3D;
  /**
   * Optional: the model is this chain of dense layers, logits = layer_L(… layer_1(x)), layer(h) =
   * activation(h·kernel + bias). Evaluators that exploit the structure use it (the fused landscape
   * evaluator precomputes the first layer, which is linear in the weights).
   */
  dense?: readonly DenseLayer[];
}

/** One dense layer: its kernel's and bias' indices in `params`, and the activation after it (null: none). */
export interface DenseLayer {
  kernel: number;
  bias: number;
  activation: ActivationName | null;
}

/** Weight tensors (rank ≥ 2) are the ones directions, AWP and filter norms act on; biases are rank 1. */
export const isWeight = (shape: readonly number[]) => shape.length >= 2;

export function paramCount(model: Model): number {
  return model.params.reduce((n, p) => n + p.shape.reduce((a, b) => a * b, 1), 0);
}
