/**
 * Weight perturbations v of a parameter list (AWP, docs/methods/awp.md#the-update; its random baseline,
 * docs/methods/awp.md#random-weight-perturbation): the per-layer scaling ‖v_l‖ = γ‖w_l‖ of a direction, the
 * adversarial (ascent) and random directions. Pure functions of tensors: training (train/awp.ts) and the
 * weight-perturbation analysis both build on them.
 */
import * as tf from '../tf';
import { isWeight } from '../models/model';
import type { Rng } from '../rng';

/**
 * A perturbation of a parameter list: one tensor per parameter, or null where the parameter is left alone
 * (biases and every other rank ≤ 1 tensor, docs/methods/awp.md#the-update step 3).
 */
export type WeightPerturbation = (tf.Tensor | null)[];

/** A loss as a function of a full parameter list (in the model's order). */
export type ParamLoss = (params: readonly tf.Tensor[]) => tf.Scalar;

/** The guard of the official code's per-layer division: d/(‖d‖ + 1e-20) (docs/methods/awp.md#the-update step 4). */
export const AWP_NORM_EPS = 1e-20;

/**
 * Per-layer scaling, docs/methods/awp.md#the-update step 4 [V-code, `utils_awp.py` `diff_in_weights`]: for every weight
 * tensor (rank ≥ 2) v_l = size·‖w_l‖·d_l/(‖d_l‖ + 1e-20), so ‖v_l‖ = size·‖w_l‖ (the boundary of the
 * feasible set); rank ≤ 1 tensors get null (not perturbed). The norm is per tensor, not per filter and not
 * global. `directions[i]` may be null for rank ≤ 1 tensors.
 */
export function scaleToLayerNorms(
  weights: readonly tf.Tensor[],
  directions: readonly (tf.Tensor | null)[],
  size: number,
): WeightPerturbation {
  return weights.map((w, i) => {
    const d = directions[i];
    if (!isWeight(w.shape) || d === null) return null;
    return tf.tidy(() => tf.mul(d, tf.div(tf.mul(tf.norm(w), size), tf.add(tf.norm(d), AWP_NORM_EPS))));
  });
}

/** ∇ of `loss` with respect to the weight tensors (rank ≥ 2) of `params`; null for the others. */
export function weightGradients(loss: ParamLoss, params: readonly tf.Tensor[]): (tf.Tensor | null)[] {
  const indices = params.flatMap((p, i) => (isWeight(p.shape) ? [i] : []));
  const grads = tf.grads((...weights: tf.Tensor[]) => {
    const full = [...params];
    indices.forEach((p, k) => (full[p] = weights[k]));
    return loss(full);
  })(indices.map((i) => params[i]));
  const out: (tf.Tensor | null)[] = params.map(() => null);
  indices.forEach((p, k) => (out[p] = grads[k]));
  return out;
}

/** params + v, element-wise (null entries of v leave the parameter as is). */
function addPerturbation(params: readonly tf.Tensor[], v: WeightPerturbation): tf.Tensor[] {
  return params.map((p, i) => {
    const vi = v[i];
    return vi === null ? p : tf.add(p, vi);
  });
}

/**
 * The adversarial weight perturbation v for the adversarial loss ρ (`loss`, with x_adv already fixed),
 * docs/methods/awp.md#the-update steps 2–4 and docs/methods/awp.md#multi-step-variant [V-code]:
 * - `steps` = 1 (the default): d_l = ∇_{w_l}ρ(w) and v_l = γ‖w_l‖·d_l/(‖d_l‖ + 1e-20). The official code takes
 *   one SGD step on a proxy copy with loss −ρ and uses d = proxy − w = lr·∇ρ; the lr cancels in the
 *   normalisation, so the gradient is used directly.
 * - `steps` = K₂ > 1 (`awp.py`): K₂ plain SGD steps of lr γ/K₂ on −ρ, each with the gradient of every weight
 *   tensor rescaled to ‖w_l^{(0)}‖ (the weights before perturbation), i.e. v ← v + (γ/K₂)‖w_l^{(0)}‖·g_l/‖g_l‖
 *   with g = ∇ρ(w + v); no projection, so ‖v_l‖ ≤ γ‖w_l‖.
 * Only weight tensors (rank ≥ 2) are perturbed. Returns new tensors the caller owns.
 */
export function adversarialWeightPerturbation(
  loss: ParamLoss,
  params: readonly tf.Tensor[],
  gamma: number,
  steps = 1,
): WeightPerturbation {
  if (!Number.isInteger(steps) || steps < 1)
    throw new Error(`AWP steps must be an integer ≥ 1 (got ${steps})`);
  const indices = params.flatMap((p, i) => (isWeight(p.shape) ? [i] : []));
  const weightsOnly = tf.tidy(() => {
    let v: WeightPerturbation = params.map(() => null);
    for (let k = 0; k < steps; k++) {
      const g = weightGradients(loss, k === 0 ? params : addPerturbation(params, v));
      const step = scaleToLayerNorms(params, g, gamma / steps);
      v = v.map((vi, i) => (vi === null ? step[i] : tf.add(vi, step[i] as tf.Tensor)));
    }
    return indices.map((i) => v[i] as tf.Tensor);
  });
  const out: WeightPerturbation = params.map(() => null);
  indices.forEach((p, k) => (out[p] = weightsOnly[k]));
  return out;
}

/**
 * The random weight perturbation baseline (RWP), docs/methods/awp.md#random-weight-perturbation [U/P]: v_l = γ‖w_l‖·u_l/‖u_l‖ with
 * u ~ N(0, I) drawn in JS from `rng` (weight tensors in order), so ‖v_l‖ = γ‖w_l‖, the same per-layer sizes
 * as AWP. Rank ≤ 1 tensors are not perturbed.
 */
export function randomWeightPerturbation(
  params: readonly tf.Tensor[],
  gamma: number,
  rng: Rng,
): WeightPerturbation {
  const u = params.map((p) =>
    isWeight(p.shape) ? tf.tensor(rng.normals(p.size), p.shape, 'float32') : null,
  );
  const v = scaleToLayerNorms(params, u, gamma);
  tf.dispose(u.filter((t): t is tf.Tensor => t !== null));
  return v;
}
