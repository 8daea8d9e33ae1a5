import { configuredAttackId } from '../../attacks/attack-ids';
import type { MethodCard } from '../card';
import { awpSettings } from '../settings/awp';

const id = 'rwp';

/**
 * Random weight perturbation on top of PGD-AT, the baseline AWP is compared with, docs/methods/awp.md#random-weight-perturbation [U/P]:
 * the AT-AWP procedure with v_l = γ‖w_l‖·u_l/‖u_l‖, u ~ N(0, I) from the step's random stream (drawn after
 * the input attack) instead of the loss's ascent direction: the same per-layer sizes, no worst case.
 */
export const rwp: MethodCard<typeof id, [typeof awpSettings]> = {
  id,
  label: 'AT-RWP',
  summary:
    'PGD-AT trained at randomly perturbed weights w + v, ‖v_l‖ = γ‖w_l‖ per layer: AWP’s random baseline (docs/methods/awp.md#random-weight-perturbation).',
  paper: 'Wu, Xia, Wang, NeurIPS 2020',
  docs: { page: 'awp', anchor: 'random-weight-perturbation' },
  family: 'weight-perturbation',
  settings: [awpSettings],
  trainsAgainst: (config) => configuredAttackId(config.attack),
  paperName: () => 'AT-RWP',
  build: (lib) =>
    lib.weightPerturbationMethod({
      id,
      defaultGamma: 0.01,
      ...lib.adversarialTrainingObjective,
      perturbation: lib.randomRule,
    }),
};
