import type { MethodCard } from '../card';
import { awpSettings } from '../settings/awp';
import { tradesSettings } from '../settings/trades';

const id = 'awp-trades';

/**
 * TRADES-AWP (Wu, Xia, Wang, NeurIPS 2020), docs/methods/awp.md#the-update [V-code, csdongxian/AWP `trades_AWP/utils_awp.py`]:
 * x_adv from TRADES' KL attack (docs/methods/attacks.md#trades) against w; v_l = γ‖w_l‖·d_l/‖d_l‖ on every kernel with
 * d = ∇_w [CE(f_w(x), y) + β·KL_batchmean(p_w(x) ‖ p_w(x_adv))]; an optimiser step on the same TRADES loss at
 * w + v; then v is subtracted. γ = `config.awp.gamma` (default 0.005), after `config.awp.warmup` epochs
 * (the official TRADES-AWP uses 10 of 200).
 */
export const awpTrades: MethodCard<typeof id, [typeof awpSettings, typeof tradesSettings]> = {
  id,
  label: 'TRADES-AWP',
  summary:
    'TRADES trained at adversarially perturbed weights w + v, ‖v_l‖ = γ‖w_l‖ per layer (Wu et al. 2020, docs/methods/awp.md#the-update).',
  paper: 'Wu, Xia, Wang, NeurIPS 2020',
  docs: { page: 'awp', anchor: 'the-update' },
  family: 'weight-perturbation',
  settings: [awpSettings, tradesSettings],
  trainsAgainst: () => 'trades',
  paperName: () => 'TRADES-AWP',
  build: (lib) =>
    lib.weightPerturbationMethod({
      id,
      defaultGamma: 0.005,
      attack: (ctx, x, y) => lib.adversarialBatch(ctx, 'trades', x, y),
      loss: (ctx, params, x, xAdv, y) =>
        lib.tradesLoss(lib.forwardOf(ctx.model, params), x, xAdv, y, ctx.config.trades.beta),
      perturbation: lib.adversarialRule,
    }),
};
