import { perExampleCrossEntropy } from '../objectives/loss';
import { type AttackFn, checkSettings } from './attack';
import { type Ball, projectedAscent } from './projected-ascent';

/** PGD's default step size when none is set: α = 2.5ε/K (docs/methods/attacks.md#defaults [P]; MNIST ε 0.3, K 10 → 0.075). */
export const pgdStepSize = (epsilon: number, steps: number) => (2.5 * epsilon) / Math.max(1, steps);

/**
 * PGD in `ball`, docs/methods/attacks.md#pgd-l-inf (L∞) and docs/methods/attacks.md#pgd-l2 (L2) [V-code]: per restart the ball's random start, K steps of
 * size α (default 2.5ε/K, docs/methods/attacks.md#defaults [P]) on the cross-entropy, each projected onto the ε-ball then clipped to the
 * data range (no clip for moons); per sample the restart with the largest final loss is kept.
 */
export function pgdAttack(ball: Ball): AttackFn {
  return (forward, x, y, settings, rng, inputRange, options) => {
    checkSettings(settings);
    const { epsilon, steps, restarts } = settings;
    const alpha = settings.stepSize ?? pgdStepSize(epsilon, steps);
    return projectedAscent(
      ball,
      (logits) => perExampleCrossEntropy(logits, y),
      forward,
      x,
      { epsilon, steps, alpha, restarts },
      rng,
      inputRange,
      options,
    );
  };
}
