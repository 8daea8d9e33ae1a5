import { PGD_BY_NORM } from '../../attacks/attack-ids';
import type { MethodCard } from '../card';
import { awnetSettings } from '../settings/awnet';
import { tradesSettings } from '../settings/trades';

const id = 'awnet';

/**
 * AW-Net training (Wei, Zhao, Li, arXiv 2306.03430; docs/methods/awnet.md): adaptive adversarial training of an
 * AW-Net, attacked through the router, with the router's detection loss; MTARD distillation when teachers are
 * attached. The step is ../awnet.ts.
 */
export const awnet: MethodCard<typeof id, [typeof awnetSettings, typeof tradesSettings]> = {
  id,
  label: 'AW-Net',
  summary:
    'AW-Net (Wei et al. 2023): clean + adversarial loss and the router’s detection loss, attacked through the router; MTARD when teachers are attached (docs/methods/awnet.md).',
  paper: 'Wei, Zhao, Li, arXiv 2306.03430',
  docs: { page: 'awnet', anchor: 'training' },
  family: 'architecture',
  settings: [awnetSettings, tradesSettings],
  takesTeachers: true,
  trainsAgainst: (config) => (config.awnet.loss === 'trades' ? 'trades' : PGD_BY_NORM[config.attack.norm]),
  build: (lib) => lib.awnetTraining,
};
