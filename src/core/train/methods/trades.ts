import type { MethodCard } from '../card';
import { tradesSettings } from '../settings/trades';

const id = 'trades';

/**
 * TRADES (Zhang et al. 2019), docs/methods/attacks.md#trades [V-code, official `trades.py`]: x_adv from the inner
 * maximisation of the summed KL(p(x) ‖ p(x_adv)) over the L∞ ε-ball (settings from `config.attack`), then one
 * step on CE(f(x), y) + β·batchmean KL(p(x) ‖ p(x_adv)) with gradients through both p(x) and p(x_adv)
 * (β = `config.trades.beta`).
 */
export const trades: MethodCard<typeof id, [typeof tradesSettings]> = {
  id,
  label: 'TRADES',
  summary:
    'Clean cross-entropy plus β × KL between clean and worst-case predictions (Zhang et al., docs/methods/attacks.md#trades).',
  paper: 'Zhang et al., ICML 2019',
  docs: { page: 'attacks', anchor: 'trades' },
  family: 'adversarial',
  settings: [tradesSettings],
  trainsAgainst: () => 'trades',
  paperName: () => 'AT-TRADE',
  build: (lib) => ({
    step: (ctx, x, y) => {
      const xAdv = lib.adversarialBatch(ctx, 'trades', x, y);
      return lib.minimize(ctx, (params) =>
        lib.tradesLoss(lib.forwardOf(ctx.model, params), x, xAdv, y, ctx.config.trades.beta),
      );
    },
  }),
};
