import type { AttackConfig, TrainingAttackKind } from '../config';
import type { AttackSettings } from './attack';

/**
 * The ids of the registered input attacks, and the norms they bound. Kept free of tfjs (like
 * ../train/cards.ts) so the UI thread can list and validate them without loading the engine. Each id
 * has one file in this folder, a card in ./cards.ts and one line in ./registry.ts.
 */
export const ATTACK_IDS = ['fgsm', 'fgsm-rs', 'pgd-linf', 'pgd-l2', 'trades'] as const;
export type AttackId = (typeof ATTACK_IDS)[number];

export const ATTACK_NORMS = ['linf', 'l2'] as const;
export type AttackNorm = (typeof ATTACK_NORMS)[number];

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
