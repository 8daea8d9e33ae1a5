/**
 * Projected gradient ascent on a perturbation δ: the loop PGD L∞ (docs/methods/attacks.md#pgd-l-inf), PGD L2 (docs/methods/attacks.md#pgd-l2), FGSM with a
 * random start (docs/methods/attacks.md#fgsm-with-a-random-start, one L∞ step) and TRADES' inner maximisation (docs/methods/attacks.md#trades) share. Each supplies its ball (start
 * and projected step) and the per-example objective it ascends. [V-code: AWP `attack_pgd`, TRADES `trades.py`]
 */
import * as tf from '../tf';
import type { Rng } from '../rng';
import {
  type AttackOptions,
  type Forward,
  type InputRange,
  addPerturbation,
  inputGradient,
  keepInRange,
} from './attack';

/** The threat model's geometry. */
export interface Ball {
  /** δ₀ of one restart (each ball decides whether its start is clipped to the data range). */
  start(x: tf.Tensor, epsilon: number, rng: Rng, range: InputRange): tf.Tensor;
  /** δ after one ascent step along the input gradient g, projected back onto the ε-ball around 0. */
  step(delta: tf.Tensor, grad: tf.Tensor, alpha: number, epsilon: number): tf.Tensor;
}

export interface AscentSettings {
  epsilon: number;
  steps: number;
  /** Step size α (already resolved from the attack's default rule). */
  alpha: number;
  restarts: number;
}

/**
 * For each restart: δ ← start; K times δ ← keepInRange(ball.step(δ, ∇_δ Σ objective(f(x+δ)), α, ε)). With
 * several restarts, per sample the δ whose final objective is largest is kept (ties go to the later restart,
 * as AWP's `max_delta[all_loss >= max_loss] = delta`). Returns x + δ, clipped to the data range.
 */
export function projectedAscent(
  ball: Ball,
  objective: (logits: tf.Tensor2D) => tf.Tensor1D,
  forward: Forward,
  x: tf.Tensor,
  settings: AscentSettings,
  rng: Rng,
  range: InputRange,
  options: AttackOptions = {},
): tf.Tensor {
  const { epsilon, steps, alpha, restarts } = settings;
  let best: tf.Tensor | null = null;
  let bestLoss: tf.Tensor | null = null;
  for (let restart = 0; restart < restarts; restart++) {
    let delta = tf.tidy(() => ball.start(x, epsilon, rng, range));
    options.onStart?.(delta, { restart });
    for (let step = 0; step < steps; step++) {
      const next = tf.tidy(() => {
        // x + δ unclipped: every ball keeps δ in range after each step, and TRADES' start is not clipped.
        const g = inputGradient(forward, objective, tf.add(x, delta));
        const d = keepInRange(x, ball.step(delta, g, alpha, epsilon), range);
        options.onIterate?.(addPerturbation(x, d, range), { restart, step });
        return d;
      });
      delta.dispose();
      delta = next;
    }
    if (restarts === 1) {
      best = delta;
      break;
    }
    const loss = tf.tidy(() => objective(forward(tf.add(x, delta))));
    if (best === null || bestLoss === null) {
      best = delta;
      bestLoss = loss;
      continue;
    }
    const [keptDelta, keptLoss]: tf.Tensor[] = tf.tidy(() => {
      const better = tf.greaterEqual(loss, bestLoss as tf.Tensor);
      const mask = better.reshape([x.shape[0], ...x.shape.slice(1).map(() => 1)]);
      return [tf.where(mask, delta, best as tf.Tensor), tf.maximum(loss, bestLoss as tf.Tensor)];
    });
    tf.dispose([best, bestLoss, delta, loss]);
    best = keptDelta;
    bestLoss = keptLoss;
  }
  const xAdv = addPerturbation(x, best as tf.Tensor, range);
  tf.dispose([best as tf.Tensor, ...(bestLoss ? [bestLoss] : [])]);
  return xAdv;
}
