/**
 * The ids of the registered input attacks, and the norms they bound. Kept free of tfjs (like
 * ../train/method-ids.ts) so the UI thread can list and validate them without loading the engine. Each id
 * has one file in this folder and one line in ./registry.ts.
 */
export const ATTACK_IDS = ['fgsm', 'fgsm-rs', 'pgd-linf', 'pgd-l2', 'trades'] as const;
export type AttackId = (typeof ATTACK_IDS)[number];

export const ATTACK_NORMS = ['linf', 'l2'] as const;
export type AttackNorm = (typeof ATTACK_NORMS)[number];
