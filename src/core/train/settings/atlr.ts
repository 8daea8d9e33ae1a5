import { z } from 'zod';
import { MVL_STATISTICS } from '../../analysis/mvl';
import { int, num } from '../../schema-numbers';
import { settingsSection } from './section';

/** AT-LR's base adversarial training (docs/methods/lsa.md#lsa-and-at-lr): LSA's AT-FGSM, AT-FAST, AT-PGD, AT-TRADE. */
export const ATLR_BASES = ['fgsm', 'fast', 'pgd', 'trades'] as const;
export type AtlrBase = (typeof ATLR_BASES)[number];

/**
 * AT-LR (docs/methods/lsa.md#lsa-and-at-lr): base adversarial training plus Σ_{l∈layers} γ_l·CM_l. `layers` lists probe indices
 * chosen by hand, or 'mvl': the current MVL, recomputed every `every` epochs on a fixed training subset of
 * `subsetSize` under the base's attack, with η and the statistic as in LSA.
 */
const AtlrSchema = z.object({
  base: z.enum(ATLR_BASES).default('pgd'),
  layers: z.union([z.literal('mvl'), z.array(z.number().int().min(0).max(63)).max(64)]).default('mvl'),
  /** γ_l for every regularised layer (docs/methods/lsa.md#lsa-and-at-lr: values not published [U]; default 1, range 0.1–10 [P]). */
  gamma: num(0, 1000, 1),
  /** Per-probe γ_l overriding `gamma` where given (index = probe). */
  gammaPerLayer: z.array(z.number().min(0).max(1000)).max(64).default([]),
  eta: num(-10, 10, 0.5),
  statistic: z.enum(MVL_STATISTICS).default('pairs'),
  every: int(1, 1000, 1),
  subsetSize: int(1, 10000, 256),
});
export type AtlrConfig = z.infer<typeof AtlrSchema>;

export const atlrSettings = settingsSection('atlr', AtlrSchema);
