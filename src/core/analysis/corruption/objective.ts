/**
 * The loss L(θ; D) on a fixed set D and its gradient over a parameter list: the one place corruptions and
 * the corruption defences (ACR, APD) take gradients (docs/methods/corruption.md#the-indicator: "g = ∇_θ L(θ; D)"; docs/methods/corruption.md#acr-training, docs/methods/corruption.md#apd-training on a
 * mini-batch B). Parameters are passed as a list, so gradients at θ + a are taken without touching θ.
 */
import * as tf from '../../tf';
import type { Model } from '../../models/model';
import { perExampleCrossEntropy } from '../../objectives/loss';

/** A fixed set of examples on the device: the full moons training set, an MNIST subset, or a batch. */
export interface EvalSet {
  x: tf.Tensor;
  y: tf.Tensor1D;
}

/** The mean cross-entropy as a function of the parameters, with its gradient. */
export interface Objective {
  /** L(params; D) and ∇L(params; D), one tensor per parameter. */
  lossAndGradient(params: readonly tf.Tensor[]): { loss: tf.Scalar; grads: tf.Tensor[] };
  /** L(params; D) alone (a forward pass). */
  loss(params: readonly tf.Tensor[]): tf.Scalar;
}

/** Examples per forward/backward pass: bounds memory on big sets (MNIST); a batch fits in one. */
export const DEFAULT_CHUNK = 500;

function chunks(n: number, chunk: number): [number, number][] {
  const out: [number, number][] = [];
  for (let start = 0; start < n; start += chunk) out.push([start, Math.min(chunk, n - start)]);
  return out;
}

/**
 * The mean cross-entropy of `model` on `set`, summed chunk by chunk (each chunk's sum divided by the full
 * n, so the total is exactly the mean over D and its gradient the full-set gradient).
 */
export function datasetObjective(model: Model, set: EvalSet, chunk = DEFAULT_CHUNK): Objective {
  const n = set.y.shape[0];
  const parts = chunks(n, chunk);
  const chunkLoss = (params: readonly tf.Tensor[], start: number, size: number) => {
    const xb = parts.length === 1 ? set.x : set.x.slice(start, size);
    const yb = parts.length === 1 ? set.y : set.y.slice(start, size);
    return tf.div(tf.sum(perExampleCrossEntropy(model.apply(params, xb).logits, yb)), n) as tf.Scalar;
  };
  return {
    lossAndGradient(params) {
      return tf.tidy(() => {
        let loss: tf.Scalar | null = null;
        let grads: tf.Tensor[] | null = null;
        for (const [start, size] of parts) {
          const { value, grads: g } = tf.valueAndGrads((...p: tf.Tensor[]) => chunkLoss(p, start, size))([
            ...params,
          ]);
          loss = loss ? (tf.add(loss, value) as tf.Scalar) : value;
          grads = grads ? grads.map((acc, i) => tf.add(acc, g[i])) : g;
        }
        return { loss: loss as tf.Scalar, grads: grads as tf.Tensor[] };
      });
    },
    loss(params) {
      return tf.tidy(
        () => tf.addN(parts.map(([start, size]) => chunkLoss(params, start, size))) as tf.Scalar,
      );
    },
  };
}
