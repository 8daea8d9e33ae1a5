import type { MethodCard } from '../card';

const id = 'standard';

/** Empirical risk minimisation: the mean cross-entropy of the clean batch. */
export const standard: MethodCard<typeof id, []> = {
  id,
  label: 'Standard',
  summary: 'Plain training on clean inputs: minimise the mean cross-entropy of each mini-batch.',
  paper: null,
  docs: { page: 'methods' },
  family: 'clean',
  settings: [],
  trainsAgainst: null,
  paperName: () => 'Normal',
  build: (lib) => ({
    step: (ctx, x, y) =>
      lib.minimize(ctx, (params) => lib.crossEntropy(ctx.model.apply(params, x).logits, y)),
  }),
};
