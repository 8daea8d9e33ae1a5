/**
 * What the adversarial training methods share: the training attack built from `config.attack`, run against
 * the CURRENT weights outside the gradient tape (the attack is not differentiated through, Madry et al.), and
 * the "minimise the cross-entropy of the adversarial batch" method that FGSM-AT, FAST-AT and PGD-AT are.
 */
import type * as tf from '../tf';
import type { ExperimentConfig } from '../config';
import { forwardOf } from '../attacks/attack';
import { type AttackId, attackSettings } from '../attacks/attack-ids';
import { getAttack } from '../attacks/registry';
import { reusingKernelTransposes } from '../models/dense';
import { crossEntropy } from '../objectives/loss';
import { type MethodEngine, type StepContext, minimize } from './method';

/**
 * x_adv for a training batch: `attackId` with `config.attack`'s settings against the current weights, random
 * starts from the step's own stream. Call it before (outside) `minimize`, so no gradient flows through it.
 * The weights stay fixed during the attack, so the MLP's backward passes reuse their kernel transposes.
 */
export function adversarialBatch(
  ctx: StepContext,
  attackId: AttackId,
  x: tf.Tensor,
  y: tf.Tensor1D,
): tf.Tensor {
  return reusingKernelTransposes(() =>
    getAttack(attackId).run(
      forwardOf(ctx.model, ctx.vars),
      x,
      y,
      attackSettings(ctx.config.attack),
      ctx.rng,
      ctx.dataset.inputRange,
    ),
  );
}

/**
 * A training method minimising the mean cross-entropy of adversarial inputs, min_θ E[CE(f_θ(x_adv), y)], with
 * x_adv from the attack `attackOf(config)` regenerated against the current weights every step.
 */
export function adversarialTraining(attackOf: (config: ExperimentConfig) => AttackId): MethodEngine {
  return {
    step: (ctx, x, y) => {
      const xAdv = adversarialBatch(ctx, attackOf(ctx.config), x, y);
      return minimize(ctx, (params) => crossEntropy(ctx.model.apply(params, xAdv).logits, y));
    },
  };
}
