import { ATLR_BASE_ATTACK, atlrName } from '../at-lr-naming';
import type { MethodCard } from '../card';
import { atlrSettings } from '../settings/atlr';

const id = 'at-lr';

/**
 * AT-LR, adversarial training with layer-wise regularisation (Khalooei et al.; docs/methods/lsa.md#lsa-and-at-lr,
 * Algorithm 3): the base's adversarial training (`atlr.base`) plus γ_l × the relative error of the chosen
 * layers between clean and adversarial inputs. The step is ../at-lr.ts.
 */
export const atLr: MethodCard<typeof id, [typeof atlrSettings]> = {
  id,
  label: 'AT-LR',
  summary:
    'Adversarial training plus γ × the relative error of chosen layers between clean and adversarial inputs (LSA, docs/methods/lsa.md#lsa-and-at-lr).',
  paper: 'Khalooei, Homayounpour, Amirmazlaghani, Neurocomputing 2023',
  docs: { page: 'lsa', anchor: 'lsa-and-at-lr' },
  family: 'layer-regularised',
  settings: [atlrSettings],
  trainsAgainst: (config) => ATLR_BASE_ATTACK[config.atlr.base](config),
  paperName: (config) => atlrName(config.atlr),
  build: (lib) => lib.atLrTraining,
};
