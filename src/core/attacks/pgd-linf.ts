import * as tf from '../tf';
import { perExampleCrossEntropy } from '../train/loss';
import { type AttackFn, checkSettings, keepInRange, randomLike } from './attack';
import { type Ball, projectedAscent } from './projected-ascent';

/**
 * The L∞ ball of METHODS.md §1.3 [V-code, AWP `attack_pgd`]: start δ ~ U[−ε, ε] per element, clipped so that
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
    tf.clipByValue(tf.add(delta, tf.mul(tf.sign(grad), alpha)), -epsilon, epsilon),
};

/** PGD's default step size when none is set: α = 2.5ε/K (METHODS.md §1.6 [P]; MNIST ε 0.3, K 10 → 0.075). */
export const pgdStepSize = (epsilon: number, steps: number) => (2.5 * epsilon) / Math.max(1, steps);

/**
 * PGD under an L∞ bound, METHODS.md §1.3 [V-code]: per restart a uniform start in the ε-ball, K signed-gradient
 * steps of size α on the cross-entropy, each projected onto the ε-ball and clipped to the data range (no clip
 * for moons); per sample the restart with the largest final loss is kept.
 */
export const pgdLinf: AttackFn = (forward, x, y, settings, rng, inputRange, options) => {
  checkSettings(settings);
  const { epsilon, steps, restarts } = settings;
  const alpha = settings.stepSize ?? pgdStepSize(epsilon, steps);
  return projectedAscent(
    linfBall,
    (logits) => perExampleCrossEntropy(logits, y),
    forward,
    x,
    { epsilon, steps, alpha, restarts },
    rng,
    inputRange,
    options,
  );
};
