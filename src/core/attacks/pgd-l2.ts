import * as tf from '../tf';
import { type AttackFn, keepInRange, perSample, randomLike, sampleNorms } from './attack';
import { pgdAttack } from './pgd';
import type { Ball } from './projected-ascent';

/** Guards divisions by a per-sample norm that can be exactly 0 (ε = 0, or a zero gradient). */
const TINY = 1e-12;

/** Rescales each sample of δ whose L2 norm exceeds ε back onto the sphere of radius ε. */
function projectL2(delta: tf.Tensor, epsilon: number): tf.Tensor {
  return tf.tidy(() => {
    const factor = tf.minimum(1, tf.div(epsilon, tf.maximum(sampleNorms(delta), TINY)));
    return tf.mul(delta, factor);
  });
}

/**
 * The L2 ball of docs/methods/attacks.md#pgd-l2 [V-code, AWP `attack_pgd` with norm "l_2"]: start δ ~ N(0, I) normalised to
 * unit norm per sample, times r·ε with r ~ U(0, 1) per sample, clipped to the data range; step
 * δ ← δ + α·g/(‖g‖₂ + 1e-10) per sample, then projected onto the ε-ball.
 */
const l2Ball: Ball = {
  start: (x, epsilon, rng, range) => {
    const direction = randomLike(x, (n) => rng.normals(n));
    const radius = perSample(x, (n) => rng.uniforms(n, 0, epsilon));
    const unit = tf.div(direction, tf.maximum(sampleNorms(direction), TINY));
    return keepInRange(x, tf.mul(unit, radius), range);
  },
  step: (delta, grad, alpha, epsilon) =>
    projectL2(tf.add(delta, tf.mul(tf.div(grad, tf.add(sampleNorms(grad), 1e-10)), alpha)), epsilon),
};

/**
 * PGD under an L2 bound, docs/methods/attacks.md#pgd-l2 [V-code]: per restart the random start above, K normalised-gradient
 * steps of size α (default 2.5ε/K, docs/methods/attacks.md#defaults [P]) on the cross-entropy, each projected onto the ε-ball then clipped
 * to the data range (clipping only shrinks δ, so it stays in the ball); per sample the restart with the
 * largest final loss is kept.
 */
export const pgdL2: AttackFn = pgdAttack(l2Ball);
