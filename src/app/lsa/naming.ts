/**
 * Names of runs in LSA's tables and figures (docs/methods/lsa.md#lsa-and-at-lr): "Normal", "AT-PGD", "AT-TRADE", and for AT-LR
 * the paper's "AT-<attack>-LR-L<k>" from the core's naming helper. No tfjs.
 */
import type { ExperimentConfig } from '../../core/config';
import { atlrName } from '../../core/train/at-lr-naming';
import type { MethodId } from '../../core/train/method-ids';

/** LSA's names of the base trainings; methods LSA does not name keep Basin's id. */
const LSA_METHOD_NAMES: Partial<Record<MethodId, string>> = {
  standard: 'Normal',
  'fgsm-at': 'AT-FGSM',
  'fast-at': 'AT-FAST',
  'pgd-at': 'AT-PGD',
  trades: 'AT-TRADE',
  'awp-at': 'AT-AWP',
  'awp-trades': 'TRADES-AWP',
  rwp: 'AT-RWP',
};

/** The paper's name of a run's training, e.g. "AT-PGD-LR-L2" for AT-LR regularising layer 2. */
export function paperName(config: ExperimentConfig): string {
  const method = config.training.method;
  if (method === 'at-lr') return atlrName(config.atlr);
  return LSA_METHOD_NAMES[method] ?? method;
}

/**
 * A run's label with the paper's name added when it says more (e.g. "run 3 · AT-PGD-LR-L2"); with
 * `atLrOnly`, only AT-LR runs get it (elsewhere "PGD-AT · AT-PGD" would only repeat itself).
 */
export function labelWithPaperName(label: string, config: ExperimentConfig, atLrOnly = false): string {
  if (atLrOnly && config.training.method !== 'at-lr') return label;
  const name = paperName(config);
  return label.includes(name) ? label : `${label} · ${name}`;
}
