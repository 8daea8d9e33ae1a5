import { z } from 'zod';
import type { ModelCard } from '../card';

const kind = 'cnn';

/** The CNN architectures: a small one, and model B of the LSA paper (docs/methods/lsa.md#models-a-and-b). */
export const CNN_PRESETS = ['small', 'lsa-b'] as const;

export const CnnModelSchema = z.object({
  kind: z.literal(kind),
  preset: z.enum(CNN_PRESETS).default('small'),
});

/** A convolutional network on images. */
export const cnnModel: ModelCard<typeof kind, typeof CnnModelSchema> = {
  kind,
  label: 'CNN',
  docs: { page: 'lsa', anchor: 'models-a-and-b' },
  inputs: ['images'],
  schema: CnnModelSchema,
};
