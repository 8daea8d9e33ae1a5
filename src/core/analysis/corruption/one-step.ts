/**
 * The gradient-based one-step corruption and its first-order indicator (docs/methods/corruption.md#the-indicator [D]; the paper's
 * exact constraint set is [U]): a* = argmax_{a∈S} gᵀa, i.e. ε·g/‖g‖₂ (L2) or ε·sign(g) (L∞), with the
 * estimate gᵀa* = ε‖g‖_q (q = 2 for L2, q = 1 for L∞) next to the measured ΔL(a*).
 */
import * as tf from '../../tf';
import { type Budget, innerProduct, steepestAscent } from './budget';

export interface OneStepOptions {
  /**
   * n-sparse corruption (docs/methods/corruption.md#the-indicator [U]): corrupt at most n parameters, the n with the largest ε_b·|g_i| (for one
   * block: the largest |g_i|), with the same formula on that sub-vector. 0 or absent: dense.
   */
  sparse?: number;
}

/** The one-step corruption a* for the gradient g = ∇L(θ; D). A new list; θ is not touched. */
export function oneStepCorruption(
  g: readonly tf.Tensor[],
  budget: Budget,
  options: OneStepOptions = {},
): tf.Tensor[] {
  return tf.tidy(() => steepestAscent(options.sparse ? keepLargest(g, budget, options.sparse) : g, budget));
}

/**
 * The first-order estimate of ΔL(a), gᵀa (docs/methods/corruption.md#the-indicator). At the one-step a* it equals Σ_b ε_b‖g_b‖_q, the
 * estimated indicator ε‖g‖_q; its error is O(ε²).
 */
export function firstOrderEstimate(g: readonly tf.Tensor[], a: readonly tf.Tensor[]): tf.Scalar {
  return innerProduct(g, a);
}

/** g with every entry zeroed except the n largest by ε_b·|g_i| over the budget's blocks. */
function keepLargest(g: readonly tf.Tensor[], budget: Budget, n: number): tf.Tensor[] {
  return tf.tidy(() => {
    const owned = budget.blocks.flatMap((b) => b.indices.map((i) => ({ i, radius: b.radius })));
    const scores = tf.concat(owned.map(({ i, radius }) => tf.mul(tf.abs(g[i]), radius).reshape([-1])));
    const total = scores.shape[0];
    const k = Math.min(Math.max(1, Math.floor(n)), total);
    const { indices } = tf.topk(scores, k);
    const mask = tf.scatterND(indices.expandDims(1), tf.ones([k]), [total]);
    const out = [...g];
    let offset = 0;
    for (const { i } of owned) {
      out[i] = tf.mul(g[i], mask.slice(offset, g[i].size).reshape(g[i].shape));
      offset += g[i].size;
    }
    return out;
  });
}
