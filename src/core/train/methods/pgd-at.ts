import { PGD_BY_NORM, adversarialTraining } from '../adversarial';

/**
 * PGD adversarial training (Madry et al.), docs/methods/attacks.md#pgd-l-inf/docs/methods/attacks.md#pgd-l2 with the settings of docs/methods/attacks.md#defaults: each step
 * minimises the mean cross-entropy of x_adv = PGD(x) in `config.attack.norm`'s ε-ball (K steps, α, random
 * start, restarts from `config.attack`), generated against the current weights and not differentiated through.
 */
export const pgdAt = adversarialTraining({
  id: 'pgd-at',
  label: 'PGD-AT',
  summary:
    'Madry adversarial training: minimise the cross-entropy of PGD inputs (docs/methods/attacks.md#pgd-l-inf).',
  attackOf: (config) => PGD_BY_NORM[config.attack.norm],
});
