import type { MethodCard } from '../card';

const id = 'fgsm-at';

/**
 * FGSM adversarial training (LSA's "AT-FGSM" base method, docs/methods/lsa.md#lsa-and-at-lr with the attack of docs/methods/attacks.md#fgsm): each step
 * minimises the cross-entropy of x + ε·sign(∇_x CE) computed against the current weights (ε from
 * `config.attack`; no random start). The clean loss is not mixed in [U: LSA's exact AT-FGSM loss].
 */
export const fgsmAt: MethodCard<typeof id, []> = {
  id,
  label: 'FGSM-AT',
  summary:
    'Adversarial training on FGSM inputs x + ε·sign(∇CE), regenerated every step (docs/methods/attacks.md#fgsm).',
  paper: 'Goodfellow, Shlens, Szegedy, ICLR 2015',
  docs: { page: 'attacks', anchor: 'fgsm' },
  family: 'adversarial',
  settings: [],
  trainsAgainst: () => 'fgsm',
  paperName: () => 'AT-FGSM',
  build: (lib) => lib.adversarialTraining(() => 'fgsm'),
};
