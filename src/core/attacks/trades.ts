import * as tf from '../tf';
import { crossEntropy } from '../objectives/loss';
import { type AttackFn, type Forward, checkSettings, randomLike } from './attack';
import { pgdStepSize } from './pgd';
import { linfBall } from './pgd-linf';
import { type Ball, projectedAscent } from './projected-ascent';

/**
 * Per-example KL(p‖q) = Σ_c p_c (log p_c − log q_c) with p = softmax(pLogits), q = softmax(qLogits), from
 * log-softmaxes (no probability clipping, so no backend epsilon enters). docs/methods/attacks.md#trades: PyTorch's
 * `KLDivLoss(log q, p)` is KL(p_nat ‖ p_adv).
 */
export function perExampleKl(pLogits: tf.Tensor2D, qLogits: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const logP = tf.logSoftmax(pLogits);
    const logQ = tf.logSoftmax(qLogits);
    return tf.sum(tf.mul(tf.exp(logP), tf.sub(logP, logQ)), 1) as tf.Tensor1D;
  });
}

/** TRADES' start x + 0.001·N(0, I), NOT clipped (as `trades.py`); its steps are the L∞ ones. */
const tradesBall: Ball = {
  start: (x, _epsilon, rng) => randomLike(x, (n) => rng.normals(n, 0.001)),
  step: linfBall.step,
};

/**
 * TRADES' inner maximisation (Zhang et al. 2019), docs/methods/attacks.md#trades [V-code, official `trades.py`, L∞]:
 * x_adv = x + 0.001·N(0, I); K times x_adv ← x_adv + α·sign(∇_{x_adv} Σ_batch KL(p(x) ‖ p(x_adv))) (the KL
 * SUMMED over the batch), projected onto the L∞ ε-ball around x and clipped to the data range (never for
 * moons). p(x) is fixed during the inner loop. α defaults to 2.5ε/K [P] (official: MNIST 0.01 with K = 40,
 * CIFAR 0.007 with K = 10). The labels are not used; restarts are ignored (one start).
 */
export const tradesAttack: AttackFn = (forward, x, _y, settings, rng, inputRange, options) => {
  checkSettings(settings);
  const { epsilon, steps } = settings;
  const alpha = settings.stepSize ?? pgdStepSize(epsilon, steps);
  const natural = tf.tidy(() => forward(x));
  try {
    return projectedAscent(
      tradesBall,
      (logits) => perExampleKl(natural, logits),
      forward,
      x,
      { epsilon, steps, alpha, restarts: 1 },
      rng,
      inputRange,
      options,
    );
  } finally {
    natural.dispose();
  }
};

/**
 * TRADES' outer loss, docs/methods/attacks.md#trades [V-code]: CE(f(x), y) + β·(1/B)·Σ_batch KL(p(x) ‖ p(x_adv)), the KL
 * averaged over the batch ("batchmean"). Gradients flow through BOTH p(x) and p(x_adv); x_adv itself is a
 * constant (computed beforehand, not differentiated through).
 */
export function tradesLoss(
  forward: Forward,
  x: tf.Tensor,
  xAdv: tf.Tensor,
  y: tf.Tensor1D,
  beta: number,
): tf.Scalar {
  return tf.tidy(() => {
    const natural = forward(x);
    const adversarial = forward(xAdv);
    return tf.add(
      crossEntropy(natural, y),
      tf.mul(tf.mean(perExampleKl(natural, adversarial)), beta),
    ) as tf.Scalar;
  });
}
