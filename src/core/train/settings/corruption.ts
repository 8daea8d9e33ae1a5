import { z } from 'zod';
import { int, num } from '../../schema-numbers';
import { settingsSection } from './section';
import { BUDGET_MODES, NORMS, SCOPES, STARTS } from '../../analysis/corruption/kinds';

/**
 * Help texts of the corruption defence settings (ACR, docs/methods/corruption.md#acr-training; APD, docs/methods/corruption.md#apd-training), saying which choices are
 * the papers' and which are unverified [U] or our proposals [P].
 */
export const CORRUPTION_HELP = {
  norm: 'Norm of the weight corruption a: L2 (‖a‖₂ ≤ ε) or L∞ (every |a_i| ≤ ε). Which norm the papers train with is unverified [U].',
  budget:
    'How ε is set: absolute ε; relative ε = ρ·‖θ‖ over the corrupted weights [P]; or per-layer relative, one ' +
    "budget ε_l = ρ·‖θ_l‖ for each parameter tensor, as AWP does [P]. The papers' choice is unverified [U].",
  epsilon: 'Absolute corruption budget ε (used when the budget is absolute).',
  rho: 'Relative corruption budget ρ: ε = ρ·‖θ‖ (or ρ·‖θ_l‖ per tensor). Used when the budget is relative.',
  scope:
    'Which parameters are corrupted: all trainable tensors, biases included (our reading of the paper [U]), or the kernels only.',
  steps:
    'APD: number K of multi-step corruptions averaged per batch (K + 1 forward/backward passes). Suggested 3–5 [P].',
  stepScale: 'APD: step size η as a fraction of ε; 0 = the PGD convention η = 2.5ε/K [P].',
  lambda:
    'ACR: gradient mix g = (1 − λ)·∇L(θ) + λ·∇L(θ + a*); λ = 1 trains on the corrupted loss only. Whether the paper mixes in the clean loss is unverified [U]; the mix is our option [P].',
  includeClean: 'APD: also average the clean loss L(θ) (the k = 0 term) into the objective [P].',
  start:
    'APD: start the multi-step corruption at a₀ = 0 (default) or at a random point inside the budget [U/P].',
} as const;

const help = (key: keyof typeof CORRUPTION_HELP) => CORRUPTION_HELP[key];

/** Settings of the corruption-resistant training methods (ACR, APD). */
export const CorruptionSchema = z.object({
  norm: z.enum(NORMS).default('l2').describe(help('norm')),
  budget: z.enum(BUDGET_MODES).default('relative').describe(help('budget')),
  epsilon: num(0, 100, 0.1).describe(help('epsilon')),
  rho: num(0, 1, 0.02).describe(help('rho')),
  scope: z.enum(SCOPES).default('all').describe(help('scope')),
  steps: int(1, 20, 3).describe(help('steps')),
  stepScale: num(0, 10, 0).describe(help('stepScale')),
  lambda: num(0, 1, 1).describe(help('lambda')),
  includeClean: z.boolean().default(false).describe(help('includeClean')),
  start: z.enum(STARTS).default('zero').describe(help('start')),
});
export type CorruptionConfig = z.infer<typeof CorruptionSchema>;

export const corruptionSettings = settingsSection('corruption', CorruptionSchema);
