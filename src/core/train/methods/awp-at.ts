import { configuredAttackId } from '../../attacks/attack-ids';
import type { MethodCard } from '../card';
import { awpSettings } from '../settings/awp';

const id = 'awp-at';

/**
 * AT-AWP (Wu, Xia, Wang, NeurIPS 2020), docs/methods/awp.md#the-update [V-code, csdongxian/AWP `utils_awp.py`,
 * `train_cifar10.py`]: x_adv from `config.attack` (PGD by default) against w; v_l = γ‖w_l‖·d_l/‖d_l‖ on every
 * kernel with d = ∇_w CE(f_w(x_adv), y) (K₂ = `config.awp.steps` ascent steps, docs/methods/awp.md#multi-step-variant); an optimiser step on
 * CE(f_{w+v}(x_adv), y) at w + v; then v is subtracted. γ = `config.awp.gamma` (default 0.01), after
 * `config.awp.warmup` epochs; γ = 0 is PGD-AT.
 */
export const awpAt: MethodCard<typeof id, [typeof awpSettings]> = {
  id,
  label: 'AT-AWP',
  summary:
    'PGD-AT trained at adversarially perturbed weights w + v, ‖v_l‖ = γ‖w_l‖ per layer (Wu et al. 2020, docs/methods/awp.md#the-update).',
  paper: 'Wu, Xia, Wang, NeurIPS 2020',
  docs: { page: 'awp', anchor: 'the-update' },
  family: 'weight-perturbation',
  settings: [awpSettings],
  trainsAgainst: (config) => configuredAttackId(config.attack),
  paperName: () => 'AT-AWP',
  build: (lib) =>
    lib.weightPerturbationMethod({
      id,
      defaultGamma: 0.01,
      ...lib.adversarialTrainingObjective,
      perturbation: lib.adversarialRule,
    }),
};
