import { adversarialTrainingObjective, randomRule, weightPerturbationMethod } from '../awp';

/**
 * Random weight perturbation on top of PGD-AT, the baseline AWP is compared with, docs/methods/awp.md#random-weight-perturbation [U/P]:
 * the AT-AWP procedure with v_l = γ‖w_l‖·u_l/‖u_l‖, u ~ N(0, I) from the step's random stream (drawn after
 * the input attack) instead of the loss's ascent direction: the same per-layer sizes, no worst case.
 */
export const rwp = weightPerturbationMethod({
  id: 'rwp',
  label: 'AT-RWP',
  summary:
    'PGD-AT trained at randomly perturbed weights w + v, ‖v_l‖ = γ‖w_l‖ per layer: AWP’s random baseline (docs/methods/awp.md#random-weight-perturbation).',
  defaultGamma: 0.01,
  ...adversarialTrainingObjective,
  perturbation: randomRule,
});
