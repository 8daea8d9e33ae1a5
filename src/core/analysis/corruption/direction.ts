/**
 * A filter-normalised random direction (Li et al. 2018; docs/methods/landscapes.md [V-code]), for the plane of the
 * corruption trajectory. Minimal local version: the landscape analysis owns the general one (modes, ignore
 * options); this is the default "filter" mode with `ignore = biasbn`.
 */
import * as tf from '../../tf';
import { isWeight } from '../../models/model';
import { filterNorms } from '../../params';
import type { Rng } from '../../rng';

/**
 * d ~ N(0, I) with the shapes of θ; for each weight tensor (rank ≥ 2) each filter (last axis in TF.js, docs/methods/landscapes.md#where-the-filter-axis-is)
 * rescaled to the norm of θ's filter, d_j ← d_j·‖θ_j‖/(‖d_j‖ + 1e-10); biases (rank ≤ 1) set to 0.
 * Only the tensors `indices` get a direction; the others are 0.
 */
export function filterNormalizedDirection(
  theta: readonly tf.Tensor[],
  rng: Rng,
  indices: readonly number[],
): tf.Tensor[] {
  const chosen = new Set(indices);
  return tf.tidy(() =>
    theta.map((t, i) => {
      if (!chosen.has(i) || !isWeight(t.shape)) return tf.zerosLike(t);
      const d = tf.tensor(rng.normals(t.size), t.shape, 'float32');
      const scale = tf.div(filterNorms(t), tf.add(filterNorms(d), 1e-10));
      return tf.mul(d, scale);
    }),
  );
}
