import { crossEntropy } from '../loss';
import { randomRule, weightPerturbationMethod } from '../awp';
import { adversarialBatch, configuredAttackId } from '../adversarial';

/**
 * Random weight perturbation on top of PGD-AT, the baseline AWP is compared with, METHODS.md §5.4 [U/P]:
 * the AT-AWP procedure with v_l = γ‖w_l‖·u_l/‖u_l‖, u ~ N(0, I) from the step's random stream (drawn after
 * the input attack) instead of the loss's ascent direction: the same per-layer sizes, no worst case.
 */
export const rwp = weightPerturbationMethod({
  id: 'rwp',
  label: 'AT-RWP',
  summary:
    'PGD-AT trained at randomly perturbed weights w + v, ‖v_l‖ = γ‖w_l‖ per layer: AWP’s random baseline (METHODS.md §5.4).',
  defaultGamma: 0.01,
  attack: (ctx, x, y) => adversarialBatch(ctx, configuredAttackId(ctx.config.attack), x, y),
  loss: (ctx, params, _x, xAdv, y) => crossEntropy(ctx.model.apply(params, xAdv).logits, y),
  perturbation: randomRule,
});
