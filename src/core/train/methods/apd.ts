import type * as tf from '../../tf';
import type { MethodCard } from '../card';
import { corruptionSettings } from '../settings/corruption';

const id = 'apd';

/**
 * Adversarial parameter defense by multi-step risk minimisation (Zhang et al., 2021; docs/methods/corruption.md#apd-training [U/P]).
 * Per mini-batch B: run the K-step corruption of docs/methods/corruption.md#multi-step-corruption on B, giving a_1 … a_K; minimise
 * (1/K)·Σ_k L(θ + a_k; B) with each a_k a constant, so the gradient is the mean of ∇L(θ + a_k; B). The
 * gradient at θ + a_k is also the ascent direction of step k + 1: K + 1 passes in all. Options: the clean
 * term L(θ; B) (the k = 0 pass when a_0 = 0; one extra pass after a random start), and per-layer relative
 * budgets ε_l = ρ‖θ_l‖ [P]. θ + a_k are new tensors, so θ is restored by construction; one optimiser step.
 * Returns the averaged objective.
 */
export const apd: MethodCard<typeof id, [typeof corruptionSettings]> = {
  id,
  label: 'APD',
  summary:
    'Adversarial parameter defense (Zhang et al., 2021; docs/methods/corruption.md#apd-training): each step descends the average loss over the K iterates of a multi-step worst-case weight corruption.',
  paper: 'Zhang et al., 2021',
  docs: { page: 'corruption', anchor: 'apd-training' },
  family: 'weight-corruption',
  settings: [corruptionSettings],
  trainsAgainst: null,
  build: (lib) => ({
    step(ctx, x, y) {
      const { tf } = lib;
      const c = ctx.config.corruption;
      const objective = lib.batchObjective(ctx, x, y);
      const budget = lib.defenceBudget(ctx);
      const start =
        c.start === 'random'
          ? lib.randomCorruption(
              ctx.vars,
              budget,
              lib.Rng.stream(ctx.config.seed, 'corruption', 'apd-start', ctx.step),
              'interior',
            )
          : undefined;
      const lossTerms: tf.Scalar[] = [];
      const gradTerms: tf.Tensor[][] = [];
      if (c.includeClean && start) {
        const clean = objective.lossAndGradient(ctx.vars);
        lossTerms.push(clean.loss);
        gradTerms.push(clean.grads);
      }
      lib.multiStepCorruption(
        objective,
        ctx.vars,
        budget,
        {
          steps: c.steps,
          stepScale: c.stepScale || lib.defaultStepScale(c.steps),
          start,
          gradientAtEnd: true,
        },
        ({ k, loss, grads }) => {
          if (k === 0 && !(c.includeClean && !start)) return;
          lossTerms.push(loss);
          gradTerms.push(grads as tf.Tensor[]);
        },
      );
      const count = lossTerms.length;
      lib.applyGradientList(
        ctx,
        ctx.vars.map((_, i) => tf.div(tf.addN(gradTerms.map((g) => g[i])), count)),
      );
      return tf.div(tf.addN(lossTerms), count) as tf.Scalar;
    },
  }),
};
