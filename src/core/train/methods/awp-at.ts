import { crossEntropy } from '../loss';
import { adversarialRule, weightPerturbationMethod } from '../awp';
import { adversarialBatch, configuredAttackId } from '../adversarial';

/**
 * AT-AWP (Wu, Xia, Wang, NeurIPS 2020), METHODS.md §5.2 [V-code, csdongxian/AWP `utils_awp.py`,
 * `train_cifar10.py`]: x_adv from `config.attack` (PGD by default) against w; v_l = γ‖w_l‖·d_l/‖d_l‖ on every
 * kernel with d = ∇_w CE(f_w(x_adv), y) (K₂ = `config.awp.steps` ascent steps, §5.3); an optimiser step on
 * CE(f_{w+v}(x_adv), y) at w + v; then v is subtracted. γ = `config.awp.gamma` (default 0.01), after
 * `config.awp.warmup` epochs; γ = 0 is PGD-AT.
 */
export const awpAt = weightPerturbationMethod({
  id: 'awp-at',
  label: 'AT-AWP',
  summary:
    'PGD-AT trained at adversarially perturbed weights w + v, ‖v_l‖ = γ‖w_l‖ per layer (Wu et al. 2020, METHODS.md §5.2).',
  defaultGamma: 0.01,
  attack: (ctx, x, y) => adversarialBatch(ctx, configuredAttackId(ctx.config.attack), x, y),
  loss: (ctx, params, _x, xAdv, y) => crossEntropy(ctx.model.apply(params, xAdv).logits, y),
  perturbation: adversarialRule,
});
