import { PGD_BY_NORM } from '../../attacks/attack-ids';
import type { ExperimentConfig } from '../../config';
import type { MethodCard } from '../card';

const id = 'pgd-at';

const attackOf = (config: ExperimentConfig) => PGD_BY_NORM[config.attack.norm];

/**
 * PGD adversarial training (Madry et al.), docs/methods/attacks.md#pgd-l-inf/docs/methods/attacks.md#pgd-l2 with the settings of docs/methods/attacks.md#defaults: each step
 * minimises the mean cross-entropy of x_adv = PGD(x) in `config.attack.norm`'s ε-ball (K steps, α, random
 * start, restarts from `config.attack`), generated against the current weights and not differentiated through.
 */
export const pgdAt: MethodCard<typeof id, []> = {
  id,
  label: 'PGD-AT',
  summary:
    'Madry adversarial training: minimise the cross-entropy of PGD inputs (docs/methods/attacks.md#pgd-l-inf).',
  paper: 'Madry et al., ICLR 2018',
  docs: { page: 'attacks', anchor: 'pgd-l-inf' },
  family: 'adversarial',
  settings: [],
  trainsAgainst: attackOf,
  paperName: () => 'AT-PGD',
  build: (lib) => lib.adversarialTraining(attackOf),
};
