import { z } from 'zod';
import type { ModelCard } from '../card';

const kind = 'mlp';

export const ACTIVATIONS = ['relu', 'tanh', 'elu'] as const;

export const MlpModelSchema = z.object({
  kind: z.literal(kind),
  hidden: z.array(z.number().int().min(1).max(512)).max(8).default([16, 16]),
  activation: z.enum(ACTIVATIONS).default('tanh'),
});

/** A dense network on flat inputs (2-D points). */
export const mlpModel: ModelCard<typeof kind, typeof MlpModelSchema> = {
  kind,
  label: 'MLP',
  docs: { page: 'methods' },
  inputs: ['points'],
  schema: MlpModelSchema,
};
