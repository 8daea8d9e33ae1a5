/**
 * The constraint set of a parameter corruption and its geometry (docs/methods/corruption.md#the-indicator, docs/methods/corruption.md#multi-step-corruption): budgets, the
 * projection onto them, and the linear maximiser (the steepest-ascent corruption). The one place in Basin
 * that knows what "‖a‖_p ≤ ε" means.
 *
 * A corruption a is a list of tensors with the shapes of θ (entries outside the budget's tensors are zero).
 * A budget is a product of balls ("blocks"): one block over the whole scope (absolute or relative ε), or one
 * block per parameter tensor (per-layer relative ε_l = ρ‖θ_l‖ [P], as AWP does for its weights).
 */
import * as tf from '../../tf';
import { sign } from '../../ops';
import type { BudgetMode, Norm } from './kinds';

export type { Norm };

/** A budget as the user states it: `value` is ε for `absolute`, ρ otherwise. */
export interface BudgetSpec {
  norm: Norm;
  mode: BudgetMode;
  value: number;
}

/** One ball of the budget: the tensors it covers (indices into θ) and its radius ε_b. */
interface BudgetBlock {
  indices: number[];
  radius: tf.Scalar;
}

/** S = {a : ‖a_b‖_p ≤ ε_b for every block b, a = 0 outside the blocks}. Radii are tensors (no read-back). */
export interface Budget {
  norm: Norm;
  blocks: BudgetBlock[];
}

/** ‖·‖_p of the tensors `indices` of a list, taken together as one vector (the norm of the constraint in docs/methods/corruption.md#the-indicator). */
export function blockNorm(ts: readonly tf.Tensor[], indices: readonly number[], norm: Norm): tf.Scalar {
  return tf.tidy(() => {
    if (indices.length === 0) return tf.scalar(0);
    if (norm === 'l2') return tf.sqrt(tf.addN(indices.map((i) => tf.sum(tf.square(ts[i]))))) as tf.Scalar;
    return tf.max(tf.stack(indices.map((i) => tf.max(tf.abs(ts[i]))))) as tf.Scalar;
  });
}

/** The dual norm ‖·‖_q of the tensors `indices` (q = 2 for L2, q = 1 for L∞): the one-step indicator's ‖g‖_q. */
export function dualNorm(ts: readonly tf.Tensor[], indices: readonly number[], norm: Norm): tf.Scalar {
  return tf.tidy(() =>
    norm === 'l2'
      ? blockNorm(ts, indices, 'l2')
      : (tf.addN(indices.map((i) => tf.sum(tf.abs(ts[i])))) as tf.Scalar),
  );
}

/**
 * Resolves a budget against the parameters θ (relative radii are computed from θ's current values, on the
 * device) for the tensors `scope`. docs/methods/corruption.md#the-indicator (absolute ε [D]; relative ε_G = ρ‖θ_G‖ [P]) and
 * docs/methods/corruption.md#apd-training (per-layer ε_l = ρ‖θ_l‖ [P]). The caller disposes it (`disposeBudget`) or runs inside `tf.tidy`.
 */
export function resolveBudget(
  theta: readonly tf.Tensor[],
  scope: readonly number[],
  spec: BudgetSpec,
): Budget {
  const { norm, mode, value } = spec;
  if (!(value >= 0)) throw new Error(`A corruption budget must be ≥ 0 (got ${value})`);
  return {
    norm,
    blocks: budgetBlocks(scope, mode).map((indices) => ({
      indices,
      radius: mode === 'absolute' ? tf.scalar(value) : scaled(blockNorm(theta, indices, norm), value),
    })),
  };
}

/** The tensors of each block: one block over the whole scope, or one per tensor (`layer-relative`). */
function budgetBlocks(scope: readonly number[], mode: BudgetMode): number[][] {
  return mode === 'layer-relative' ? scope.map((i) => [i]) : [[...scope]];
}

/**
 * The budget's blocks with radius 1 each: random corruption directions are drawn on it once and moved onto
 * each ε's budget by `scaleToBudget` (so every ε shares them).
 */
export function unitBudget(scope: readonly number[], spec: Pick<BudgetSpec, 'norm' | 'mode'>): Budget {
  return {
    norm: spec.norm,
    blocks: budgetBlocks(scope, spec.mode).map((indices) => ({ indices, radius: tf.scalar(1) })),
  };
}

/** a with each block b multiplied by its radius ε_b (zeros outside the blocks). */
export function scaleToBudget(a: readonly tf.Tensor[], budget: Budget): tf.Tensor[] {
  return tf.tidy(() =>
    perBlock(a, budget, ({ indices, radius }) => indices.map((i) => tf.mul(a[i], radius))),
  );
}

function scaled(t: tf.Scalar, c: number): tf.Scalar {
  const out = tf.mul(t, c) as tf.Scalar;
  t.dispose();
  return out;
}

export function disposeBudget(budget: Budget): void {
  for (const b of budget.blocks) b.radius.dispose();
}

/** Applies `f` to each block's tensors; tensors outside every block become zeros. */
function perBlock(
  like: readonly tf.Tensor[],
  budget: Budget,
  f: (block: BudgetBlock) => tf.Tensor[],
): tf.Tensor[] {
  const out: (tf.Tensor | undefined)[] = new Array(like.length);
  for (const block of budget.blocks) {
    const values = f(block);
    block.indices.forEach((i, j) => (out[i] = values[j]));
  }
  return like.map((t, i) => out[i] ?? tf.zerosLike(t));
}

/**
 * Π_S: the Euclidean projection onto the budget (docs/methods/corruption.md#multi-step-corruption [U/P]). L2: rescale each block to ε_b if
 * ‖a_b‖₂ > ε_b; L∞: clip each element to [−ε_b, ε_b]. Also zeroes everything outside the blocks.
 */
export function projectOntoBudget(a: readonly tf.Tensor[], budget: Budget): tf.Tensor[] {
  return tf.tidy(() =>
    perBlock(a, budget, ({ indices, radius }) => {
      if (budget.norm === 'linf')
        return indices.map((i) => tf.minimum(tf.maximum(a[i], tf.neg(radius)), radius));
      const norm = blockNorm(a, indices, 'l2');
      const factor = tf.minimum(tf.scalar(1), tf.divNoNan(radius, norm));
      return indices.map((i) => tf.mul(a[i], factor));
    }),
  );
}

/**
 * The maximiser of the linearised loss change ⟨g, a⟩ over the budget, a* = argmax_{a∈S} gᵀa
 * (docs/methods/corruption.md#the-indicator [D]): per block, L2: a*_b = ε_b·g_b/‖g_b‖₂; L∞: a*_b = ε_b·sign(g_b). This is the
 * one-step corruption, and (times η/ε) the multi-step ascent step dir_p of docs/methods/corruption.md#multi-step-corruption. A zero gradient block gives
 * a zero corruption.
 */
export function steepestAscent(g: readonly tf.Tensor[], budget: Budget): tf.Tensor[] {
  return tf.tidy(() =>
    perBlock(g, budget, ({ indices, radius }) => {
      if (budget.norm === 'linf') return indices.map((i) => tf.mul(sign(g[i]), radius));
      const scale = tf.divNoNan(radius, blockNorm(g, indices, 'l2'));
      return indices.map((i) => tf.mul(g[i], scale));
    }),
  );
}

/** ⟨a, b⟩ summed over a parameter list. */
export function innerProduct(a: readonly tf.Tensor[], b: readonly tf.Tensor[]): tf.Scalar {
  return tf.tidy(() => tf.addN(a.map((t, i) => tf.sum(tf.mul(t, b[i])))) as tf.Scalar);
}

/** The largest ‖a‖_p a corruption in S can have: ε for one block; √Σε_b² (L2) or max ε_b (L∞) for several. */
export function budgetRadius(budget: Budget): tf.Scalar {
  return tf.tidy(() => {
    const radii = tf.stack(budget.blocks.map((b) => b.radius));
    return (budget.norm === 'l2' ? tf.sqrt(tf.sum(tf.square(radii))) : tf.max(radii)) as tf.Scalar;
  });
}
