/**
 * What the LSA panels read from a run (docs/methods/lsa.md): its 'lsa' records, the epochs the per-epoch analysis
 * runs after, and Algorithm 1 (the MVL) re-run at another η with the core's own rule (analysis/mvl.ts).
 */
import type { LsaPerturbationResult, LsaResult } from '../../core/analysis/lsa';
import { type MvlResult, mostVulnerableLayers, mvlFromPerSample } from '../../core/analysis/mvl';
import type { ExperimentConfig, LsaPerturbation, LsaSettings } from '../../core/config';
import type { RunView } from '../store/runs';
import { atLr } from '../../core/train/methods/at-lr';
import { recordsOf } from '../../core/analysis/records';

export const lsaRecords = (run: RunView) => recordsOf(run.analyses, 'lsa');

/** Runs the LSA panels apply to: LSA per epoch switched on, AT-LR, or an LSA already computed. */
export const isLsaRun = (run: RunView) =>
  run.config.lsa.every > 0 ||
  run.config.training.method === atLr.id ||
  run.analyses.some((r) => r.id === 'lsa');

/** The settings of an on-demand LSA: the config's lsa section without its schedule. */
export function lsaSettingsOf(config: ExperimentConfig): LsaSettings {
  const settings: Partial<ExperimentConfig['lsa']> = { ...config.lsa };
  delete settings.every;
  return settings as LsaSettings;
}

/** The epochs the per-epoch LSA runs after (every k-th and the last), [] when it is off. */
export function scheduledLsaEpochs(config: ExperimentConfig): number[] {
  const { every } = config.lsa;
  const total = config.training.epochs;
  if (every <= 0) return [];
  return Array.from({ length: total }, (_, i) => i + 1).filter((e) => e % every === 0 || e === total);
}

/**
 * Algorithm 1 at cut-off η for one perturbation kind, as the analysis computes it (analysis/lsa.ts
 * `summarise`): over the (sample, layer) pairs of the per-sample values, or over the layer scores.
 */
export function mvlAt(
  p: Pick<LsaPerturbationResult, 'perSample' | 'relativeError'>,
  statistic: LsaResult['statistic'],
  eta: number,
): MvlResult {
  return statistic === 'pairs'
    ? mvlFromPerSample(p.perSample, eta, 'pairs')
    : mostVulnerableLayers(p.relativeError, p.relativeError, eta);
}

/** The default kind to rank layers by: PGD when measured (LSA's Algorithm 2 attacks), else the first. */
export function defaultKind(result: LsaResult): LsaPerturbation {
  return result.perturbations.some((p) => p.kind === 'pgd') ? 'pgd' : result.perturbations[0].kind;
}
