/**
 * Random corruptions, drawn in JS from a seeded stream (`Rng.stream(seed, 'corruption', …)`) so that they are
 * identical on every backend.
 */
import * as tf from '../../tf';
import type { Rng } from '../../rng';
import type { Budget } from './budget';

/**
 * `surface`: the random baseline of docs/methods/corruption.md#the-indicator [D], a = ε·u/‖u‖_p on the budget's surface: L2 with
 * u ~ N(0, I); L∞ with u uniform in {±1}^k, so ‖a‖∞ = ε.
 * `interior`: a random start inside S for the multi-step corruption (docs/methods/corruption.md#multi-step-corruption option [P]): L∞ uniform in
 * [−ε, ε]^k; L2 a uniform direction times r·ε with r ~ U(0, 1) (the PGD-L2 start of docs/methods/attacks.md#pgd-l2).
 */
export type RandomKind = 'surface' | 'interior';

/** One random corruption in the budget (blocks in order, tensors in order, so the draws are reproducible). */
export function randomCorruption(
  theta: readonly tf.Tensor[],
  budget: Budget,
  rng: Rng,
  kind: RandomKind = 'surface',
): tf.Tensor[] {
  return tf.tidy(() => {
    const out: (tf.Tensor | undefined)[] = new Array(theta.length);
    for (const { indices, radius } of budget.blocks) {
      const draws = indices.map((i) => draw(theta[i].size, budget.norm, kind, rng));
      let scale = 1;
      if (budget.norm === 'l2') {
        let sq = 0;
        for (const u of draws) for (let j = 0; j < u.length; j++) sq += u[j] * u[j];
        scale = (kind === 'interior' ? rng.next() : 1) / Math.sqrt(sq || 1);
      }
      indices.forEach((i, j) => {
        out[i] = tf.mul(tf.tensor(draws[j], theta[i].shape, 'float32'), tf.mul(radius, scale));
      });
    }
    return theta.map((t, i) => out[i] ?? tf.zerosLike(t));
  });
}

function draw(n: number, norm: Budget['norm'], kind: RandomKind, rng: Rng): Float32Array {
  if (norm === 'l2') return rng.normals(n);
  if (kind === 'interior') return rng.uniforms(n, -1, 1);
  const signs = new Float32Array(n);
  for (let j = 0; j < n; j++) signs[j] = rng.next() < 0.5 ? -1 : 1;
  return signs;
}
