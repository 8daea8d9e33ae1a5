import { forwardOf } from '../../attacks/attack';
import { tradesLoss } from '../../attacks/trades';
import { adversarialBatch } from '../adversarial';
import { type TrainingMethod, minimize } from '../method';

/**
 * TRADES (Zhang et al. 2019), docs/methods/attacks.md#trades [V-code, official `trades.py`]: x_adv from the inner
 * maximisation of the summed KL(p(x) ‖ p(x_adv)) over the L∞ ε-ball (settings from `config.attack`), then one
 * step on CE(f(x), y) + β·batchmean KL(p(x) ‖ p(x_adv)) with gradients through both p(x) and p(x_adv)
 * (β = `config.trades.beta`).
 */
export const trades: TrainingMethod = {
  id: 'trades',
  label: 'TRADES',
  summary:
    'Clean cross-entropy plus β × KL between clean and worst-case predictions (Zhang et al., docs/methods/attacks.md#trades).',
  step: (ctx, x, y) => {
    const xAdv = adversarialBatch(ctx, 'trades', x, y);
    return minimize(ctx, (params) =>
      tradesLoss(forwardOf(ctx.model, params), x, xAdv, y, ctx.config.trades.beta),
    );
  },
};
