import { z } from 'zod';
import { int } from '../../schema-numbers';
import { settingsSection } from './section';

/** Help texts of the AWP settings (docs/methods/awp.md#the-update, docs/methods/awp.md#multi-step-variant), naming what is unverified [U]. */
const AWP_HELP = {
  gamma:
    'Relative size γ of the weight perturbation: every kernel moves by γ times its own norm (‖v_l‖ = γ‖w_l‖). ' +
    'Empty = the official code’s default: 0.01 with AT and RWP, 0.005 with TRADES. 0 turns AWP off.',
  warmup:
    'Epochs of plain adversarial training before AWP starts (official: 0 for CIFAR AT, 5 for SVHN, 10 for TRADES).',
  steps:
    'Ascent steps K₂ that build the perturbation (the official one-step version is K₂ = 1; the paper reports one ' +
    'step suffices [U]). With K₂ > 1 the steps follow the official awp.py, so ‖v_l‖ ≤ γ‖w_l‖.',
} as const;

/**
 * Adversarial weight perturbation (AWP, Wu et al. 2020; docs/methods/awp.md) and its random baseline (RWP, docs/methods/awp.md#random-weight-perturbation),
 * read by the methods awp-at, awp-trades and rwp.
 */
const AwpSchema = z.object({
  /**
   * Relative size γ of the per-layer perturbation, ‖v_l‖ = γ‖w_l‖. null → the method's default from the
   * official code (docs/methods/awp.md#the-update [V-code]): 0.01 with AT (and RWP), 0.005 with TRADES. γ = 0 turns AWP off.
   */
  gamma: z.number().min(0).max(1).nullable().default(null).describe(AWP_HELP.gamma),
  /** Epochs of plain AT/TRADES before AWP starts: AWP acts when the 0-based epoch ≥ warmup (docs/methods/awp.md#the-update step 8). */
  warmup: int(0, 1000, 0).describe(AWP_HELP.warmup),
  /** Ascent steps K₂ for v (docs/methods/awp.md#multi-step-variant); 1 = the one-step procedure of docs/methods/awp.md#the-update. */
  steps: int(1, 20, 1).describe(AWP_HELP.steps),
});

export const awpSettings = settingsSection('awp', AwpSchema);
