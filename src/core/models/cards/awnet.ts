import { z } from 'zod';
import { num } from '../../schema-numbers';
import type { ModelCard } from '../card';
import { CNN_PRESETS } from './cnn';
import { ACTIVATIONS } from './mlp';

const kind = 'awnet';

/** AW-Net's signal parameterisations (docs/methods/awnet.md): bounded tanh signals, or a clean/adversarial mix by p(x). */
const AWNET_SIGNALS = ['tanh', 'mix'] as const;

/** Help texts of the AW-Net model settings: everything about the router is our proposal [P]. */
const AWNET_MODEL_HELP = {
  hidden: 'Widths of the weight-varied hidden layers on 2-D points (images use the CNN preset).',
  activation: 'Activation of the hidden layers on 2-D points (the CNN uses ReLU).',
  preset: 'The CNN whose conv and dense layers are weight-varied, on images.',
  signal:
    'How the router scales filter j of layer l (our proposal): tanh, r = 1 + λ·tanh(V_l h(x)); or mix, ' +
    'r = (1 − p(x))·c_l + p(x)·a_l with learnable per-filter vectors c_l, a_l (clean and adversarial regimes).',
  lambda: 'tanh signals only: r stays in [1 − λ, 1 + λ] (our proposal: 0.5).',
  routerInAnalyses:
    "Whether landscapes, corruption, directions and LSA probes include the router's parameters and " +
    'activations; off = they act on the classifier only, the router held at its current weights.',
} as const;

/**
 * AW-Net (Wei, Zhao, Li, arXiv 2306.03430; docs/methods/awnet.md): an MLP (2-D points) or CNN (images) whose
 * hidden layers are weight-varied by a router on the raw input. The base follows the data, so one config
 * serves both.
 */
export const AwnetModelSchema = z.object({
  kind: z.literal(kind),
  hidden: z
    .array(z.number().int().min(1).max(512))
    .min(1)
    .max(8)
    .default([32, 32])
    .describe(AWNET_MODEL_HELP.hidden),
  activation: z.enum(ACTIVATIONS).default('tanh').describe(AWNET_MODEL_HELP.activation),
  preset: z.enum(CNN_PRESETS).default('small').describe(AWNET_MODEL_HELP.preset),
  signal: z.enum(AWNET_SIGNALS).default('mix').describe(AWNET_MODEL_HELP.signal),
  lambda: num(0, 1, 0.5).describe(AWNET_MODEL_HELP.lambda),
  routerInAnalyses: z.boolean().default(true).describe(AWNET_MODEL_HELP.routerInAnalyses),
});
export type AwnetModelConfig = z.infer<typeof AwnetModelSchema>;

/** AW-Net: the MLP on points or the CNN on images, weight-varied by a router. */
export const awnetModel: ModelCard<typeof kind, typeof AwnetModelSchema> = {
  kind,
  label: 'AW-Net',
  docs: { page: 'awnet', anchor: 'weight-varied-layers' },
  inputs: ['points', 'images'],
  schema: AwnetModelSchema,
};
