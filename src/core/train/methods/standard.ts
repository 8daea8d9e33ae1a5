import { crossEntropy } from '../loss';
import { type TrainingMethod, minimize } from '../method';

/** Empirical risk minimisation: the mean cross-entropy of the clean batch. */
export const standard: TrainingMethod = {
  id: 'standard',
  label: 'Standard',
  summary: 'Plain training on clean inputs: minimise the mean cross-entropy of each mini-batch.',
  step: (ctx, x, y) => minimize(ctx, (params) => crossEntropy(ctx.model.apply(params, x).logits, y)),
};
