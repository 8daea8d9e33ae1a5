import { z } from 'zod';
import { num } from '../../schema-numbers';
import { settingsSection } from './section';

/** Help texts of AW-Net training (docs/methods/awnet.md); the whole recipe is our proposal [P]. */
const AWNET_HELP = {
  loss:
    'Teacher-free loss: ce = CE(clean) + CE(adversarial), x_adv from PGD; trades = CE(clean) + β·KL(clean ‖ adversarial) ' +
    "with TRADES' attack (β from the TRADES section). Both attacks run through the whole network, router included.",
  detectionWeight:
    "λ_r of the router's detection loss λ_r·[BCE(p(x), 0) + BCE(p(x_adv), 1)] (our proposal: 1).",
} as const;

/** AW-Net training (its method card: train/methods/awnet.ts): the teacher-free loss and the router's detection loss. */
const AwnetSchema = z.object({
  loss: z.enum(['ce', 'trades']).default('ce').describe(AWNET_HELP.loss),
  detectionWeight: num(0, 100, 1).describe(AWNET_HELP.detectionWeight),
});
export type AwnetConfig = z.infer<typeof AwnetSchema>;

export const awnetSettings = settingsSection('awnet', AwnetSchema);
