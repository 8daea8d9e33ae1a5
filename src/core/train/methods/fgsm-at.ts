import { adversarialTraining } from '../adversarial';

/**
 * FGSM adversarial training (LSA's "AT-FGSM" base method, METHODS.md §6.4 with the attack of §1.1): each step
 * minimises the cross-entropy of x + ε·sign(∇_x CE) computed against the current weights (ε from
 * `config.attack`; no random start). The clean loss is not mixed in [U: LSA's exact AT-FGSM loss].
 */
export const fgsmAt = adversarialTraining({
  id: 'fgsm-at',
  label: 'FGSM-AT',
  summary:
    'Adversarial training on FGSM inputs x + ε·sign(∇CE), regenerated every step (METHODS.md §1.1, §6.4).',
  attackOf: () => 'fgsm',
});
