import * as tf from '../tf';
import { sign } from '../ops';
import { type AttackFn, keepInRange, randomLike } from './attack';
import { pgdAttack } from './pgd';
import type { Ball } from './projected-ascent';

/**
 * The L∞ ball of docs/methods/attacks.md#pgd-l-inf [V-code, AWP `attack_pgd`]: start δ ~ U[−ε, ε] per element, clipped so that
 * x + δ stays in range; step δ ← clip(δ + α·sign(g), −ε, ε).
 */
export const linfBall: Ball = {
  start: (x, epsilon, rng, range) =>
    keepInRange(
      x,
      randomLike(x, (n) => rng.uniforms(n, -epsilon, epsilon)),
      range,
    ),
  step: (delta, grad, alpha, epsilon) =>
    tf.clipByValue(tf.add(delta, tf.mul(sign(grad), alpha)), -epsilon, epsilon),
};

/**
 * PGD under an L∞ bound, docs/methods/attacks.md#pgd-l-inf [V-code]: per restart a uniform start in the ε-ball, K signed-gradient
 * steps of size α on the cross-entropy, each projected onto the ε-ball and clipped to the data range (no clip
 * for moons); per sample the restart with the largest final loss is kept.
 */
export const pgdLinf: AttackFn = pgdAttack(linfBall);
