import type * as tf from '../../tf';
import type { MethodCard } from '../card';
import { corruptionSettings } from '../settings/corruption';

const id = 'acr';

/**
 * Adversarial corruption-resistant training (Sun, Zhang et al., AAAI 2021; docs/methods/corruption.md#acr-training, [U] in its exact
 * form). Per mini-batch B: g = ∇L(θ; B); a* = the one-step corruption of docs/methods/corruption.md#the-indicator (L2: ε·g/‖g‖₂, L∞: ε·sign(g));
 * g' = ∇L(θ + a*; B), taken at θ + a* built as new tensors (so "restore θ" is automatic); one optimiser step
 * with (1 − λ)·g + λ·g' (λ-mix [P], default λ = 1). For L2 with λ = 1 this is SAM with ρ = ε [D].
 * Returns the objective (1 − λ)·L(θ; B) + λ·L(θ + a*; B).
 */
export const acr: MethodCard<typeof id, [typeof corruptionSettings]> = {
  id,
  label: 'ACR',
  summary:
    'Adversarial corruption-resistant training (Zhang et al., AAAI 2021; docs/methods/corruption.md#acr-training): each step descends the loss at the worst-case one-step weight corruption θ + a*. Equals SAM for L2.',
  paper: 'Sun, Zhang et al., AAAI 2021',
  docs: { page: 'corruption', anchor: 'acr-training' },
  family: 'weight-corruption',
  settings: [corruptionSettings],
  trainsAgainst: null,
  build: ({ tf, batchObjective, oneStepCorruption, defenceBudget, axpy, applyGradientList }) => ({
    step(ctx, x, y) {
      const lambda = ctx.config.corruption.lambda;
      const objective = batchObjective(ctx, x, y);
      const clean = objective.lossAndGradient(ctx.vars);
      const aStar = oneStepCorruption(clean.grads, defenceBudget(ctx));
      const corrupted = objective.lossAndGradient(axpy(ctx.vars, [1, aStar]));
      if (lambda === 1) {
        applyGradientList(ctx, corrupted.grads);
        return corrupted.loss;
      }
      const grads = corrupted.grads.map((g, i) =>
        tf.add(tf.mul(clean.grads[i], 1 - lambda), tf.mul(g, lambda)),
      );
      applyGradientList(ctx, grads);
      return tf.add(tf.mul(clean.loss, 1 - lambda), tf.mul(corrupted.loss, lambda)) as tf.Scalar;
    },
  }),
};
