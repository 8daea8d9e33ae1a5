/**
 * Names of runs in LSA's tables and figures (docs/methods/lsa.md#lsa-and-at-lr): "Normal", "AT-PGD", "AT-TRADE", and for AT-LR
 * the paper's "AT-<attack>-LR-L<k>", each from its method's card. No tfjs.
 */
import type { ExperimentConfig } from '../../core/config';
import { METHOD_CARD } from '../../core/train/cards';
import { atLr } from '../../core/train/methods/at-lr';

/** The paper's name of a run's training, e.g. "AT-PGD-LR-L2" for AT-LR regularising layer 2; else Basin's id. */
export function paperName(config: ExperimentConfig): string {
  const method = config.training.method;
  return METHOD_CARD[method].paperName?.(config) ?? method;
}

/**
 * A run's label with the paper's name added when it says more (e.g. "run 3 · AT-PGD-LR-L2"); with
 * `atLrOnly`, only AT-LR runs get it (elsewhere "PGD-AT · AT-PGD" would only repeat itself).
 */
export function labelWithPaperName(label: string, config: ExperimentConfig, atLrOnly = false): string {
  if (atLrOnly && config.training.method !== atLr.id) return label;
  const name = paperName(config);
  return label.includes(name) ? label : `${label} · ${name}`;
}
