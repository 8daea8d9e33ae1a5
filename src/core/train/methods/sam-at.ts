import { configuredAttackId } from '../../attacks/attack-ids';
import type * as tf from '../../tf';
import type { PerturbationRule } from '../awp';
import type { MethodCard } from '../card';
import { awpSettings } from '../settings/awp';
import type { MethodLib } from '../lib';

const id = 'sam-at';

/**
 * SAM's rule (Foret et al., ICLR 2021) on the kernels: v = ρ·g/‖g‖₂ with g = ∇_w ρ_adv(w) and ONE norm over
 * all kernels together, ρ = γ·‖w‖₂ (the kernels' global norm). AWP's rule normalises per layer instead.
 */
const globalRule =
  (lib: MethodLib): PerturbationRule =>
  (ctx, loss, gamma) => {
    const { tf } = lib;
    const grads = lib.weightGradients(loss, ctx.vars);
    const kernels = grads.flatMap((g, i): [tf.Tensor, tf.Tensor][] => (g ? [[ctx.vars[i], g]] : []));
    const scale = tf.tidy(() => {
      const wNorm = lib.globalNorm(kernels.map(([w]) => w));
      const gNorm = lib.globalNorm(kernels.map(([, g]) => g));
      return tf.div(tf.mul(wNorm, gamma), tf.add(gNorm, lib.AWP_NORM_EPS));
    });
    const v = grads.map((g) => (g ? tf.mul(g, scale) : null));
    tf.dispose([scale, ...kernels.map(([, g]) => g)]);
    return v;
  };

/**
 * SAM-AT, the global-norm counterpart of AT-AWP (docs/methods/awp.md#global-perturbation-sam) [P]: PGD-AT
 * trained at w + v, with v the sharpness-aware perturbation of SAM (Foret et al., ICLR 2021) of the adversarial
 * loss, ‖v‖₂ = γ‖w‖₂ over all kernels together instead of ‖v_l‖ = γ‖w_l‖ per layer. Otherwise AT-AWP's
 * procedure and settings (`config.attack`, `config.awp.gamma` default 0.01, `config.awp.warmup`; one ascent
 * step, as in SAM).
 */
export const samAt: MethodCard<typeof id, [typeof awpSettings]> = {
  id,
  label: 'AT-SAM',
  summary:
    'PGD-AT trained at w + v with SAM’s global-norm perturbation, ‖v‖ = γ‖w‖ over all kernels together: AWP’s per-layer bound made global (Foret et al. 2021; docs/methods/awp.md#global-perturbation-sam).',
  paper: 'Foret, Kleiner, Mobahi, Neyshabur, ICLR 2021',
  docs: { page: 'awp', anchor: 'global-perturbation-sam' },
  family: 'weight-perturbation',
  settings: [awpSettings],
  trainsAgainst: (config) => configuredAttackId(config.attack),
  build: (lib) =>
    lib.weightPerturbationMethod({
      id,
      defaultGamma: 0.01,
      ...lib.adversarialTrainingObjective,
      perturbation: globalRule(lib),
    }),
};
