/**
 * What the adversarial training methods share: the training attack built from `config.attack`, run against
 * the CURRENT weights outside the gradient tape (the attack is not differentiated through, Madry et al.), and
 * the "minimise the cross-entropy of the adversarial batch" method that FGSM-AT, FAST-AT and PGD-AT are.
 */
import type * as tf from '../tf';
import type { AttackConfig, ExperimentConfig, TrainingAttackKind } from '../config';
import { type AttackSettings, forwardOf } from '../attacks/attack';
import type { AttackId, AttackNorm } from '../attacks/attack-ids';
import { getAttack } from '../attacks/registry';
import { crossEntropy } from './loss';
import { type StepContext, type TrainingMethod, minimize } from './method';

/** PGD's attack per ball. */
export const PGD_BY_NORM: Record<AttackNorm, AttackId> = { linf: 'pgd-linf', l2: 'pgd-l2' };

const ATTACK_OF_KIND: Record<TrainingAttackKind, (norm: AttackNorm) => AttackId> = {
  pgd: (norm) => PGD_BY_NORM[norm],
  fgsm: () => 'fgsm',
  'fgsm-rs': () => 'fgsm-rs',
};

/** The attack a config's `attack` section names (its kind, and for PGD its norm). */
export function configuredAttackId(attack: Pick<AttackConfig, 'kind' | 'norm'>): AttackId {
  return ATTACK_OF_KIND[attack.kind](attack.norm);
}

/** The attack settings of a config section (`attack` or `robustEval`). */
export function attackSettings(
  s: Pick<AttackConfig, 'epsilon' | 'steps' | 'stepSize' | 'restarts'>,
): AttackSettings {
  return { epsilon: s.epsilon, steps: s.steps, stepSize: s.stepSize, restarts: s.restarts };
}

/**
 * x_adv for a training batch: `attackId` with `config.attack`'s settings against the current weights, random
 * starts from the step's own stream. Call it before (outside) `minimize`, so no gradient flows through it.
 */
export function adversarialBatch(
  ctx: StepContext,
  attackId: AttackId,
  x: tf.Tensor,
  y: tf.Tensor1D,
): tf.Tensor {
  return getAttack(attackId).run(
    forwardOf(ctx.model, ctx.vars),
    x,
    y,
    attackSettings(ctx.config.attack),
    ctx.rng,
    ctx.dataset.inputRange,
  );
}

/**
 * A training method minimising the mean cross-entropy of adversarial inputs, min_θ E[CE(f_θ(x_adv), y)], with
 * x_adv from the attack `attackOf(config)` regenerated against the current weights every step.
 */
export function adversarialTraining(
  spec: Omit<TrainingMethod, 'step'> & { attackOf(config: ExperimentConfig): AttackId },
): TrainingMethod {
  const { attackOf, ...method } = spec;
  return {
    ...method,
    step: (ctx, x, y) => {
      const xAdv = adversarialBatch(ctx, attackOf(ctx.config), x, y);
      return minimize(ctx, (params) => crossEntropy(ctx.model.apply(params, xAdv).logits, y));
    },
  };
}
