/**
 * Plain-data views the LSA panels draw (docs/methods/lsa.md#figures): the epochs × layers heat-map assembled from a run's
 * per-epoch 'lsa' analyses, and the FGSM ε-sweep accuracy table with R&G for several runs (docs/methods/lsa.md#rg-score). Type-only
 * imports: the UI thread can use these without loading tfjs.
 */
import type { LsaPerturbation } from '../config';
import type { AnalysisRecord } from '../events';
import type { SweepResult } from './fgsm-sweep';
import type { LsaResult } from './lsa';
import { recordsOf } from './records';

/** Legend names of the perturbation kinds. */
export const LSA_PERTURBATION_LABELS: Record<LsaPerturbation, string> = {
  fgsm: 'FGSM',
  pgd: 'PGD',
  gaussian: 'Gaussian noise',
  salt: 'Salt noise',
  pepper: 'Pepper noise',
  speckle: 'Speckle noise',
};

export interface LsaHeatmap {
  kind: LsaPerturbation;
  /** Row labels: the epoch each row was measured after (ascending, one row per epoch). */
  epochs: number[];
  /** Column labels: the probes. */
  layers: string[];
  /** values[row][layer]: the relative error (the analysis' `relativeError`, i.e. its reduction). */
  values: number[][];
  /** Per row, the MVL (probe indices) and the μ + η·σ threshold. */
  mvl: number[][];
  threshold: number[];
}

/**
 * The epochs × layers heat-map of relative errors under `kind`, from a run's analysis records (the runner's
 * `analyses`, or the 'analysis' events gathered by the store). The latest record of an epoch wins; records
 * without `kind` are skipped.
 */
export function lsaHeatmap(records: readonly AnalysisRecord[], kind: LsaPerturbation): LsaHeatmap {
  const byEpoch = new Map<number, LsaResult>();
  for (const { epoch, result } of recordsOf(records, 'lsa')) {
    if (result.perturbations.some((p) => p.kind === kind)) byEpoch.set(epoch, result);
  }
  const epochs = [...byEpoch.keys()].sort((a, b) => a - b);
  const rows = epochs.map((e) => byEpoch.get(e)!.perturbations.find((p) => p.kind === kind)!);
  return {
    kind,
    epochs,
    layers: epochs.length ? [...byEpoch.get(epochs[0])!.probeNames] : [],
    values: rows.map((p) => [...p.relativeError]),
    mvl: rows.map((p) => [...p.mvl.mvl]),
    threshold: rows.map((p) => p.mvl.threshold),
  };
}

/** One run's FGSM sweep, named for the table (e.g. "AT-PGD-LR-L2"). */
export interface NamedSweep {
  name: string;
  sweep: Pick<SweepResult, 'epsilons' | 'accuracy' | 'rg'>;
}

export interface RgTable {
  /** Columns: the union of the runs' ε grids, ascending. */
  epsilons: number[];
  /** Rows: per run, the FGSM accuracy in % at each column (null where its grid lacks that ε) and its R&G. */
  rows: { name: string; accuracy: (number | null)[]; rg: number }[];
  /** True when every run used the same grid, so the R&G scores compare (docs/methods/lsa.md#rg-score: R&G sums over the grid). */
  comparable: boolean;
}

/**
 * LSA's accuracy-vs-FGSM-ε table with the R&G column (docs/methods/lsa.md#rg-score [V-slides]: R&G = Σ_ε accuracy in %,
 * ε = 0 included), rows = runs in the given order.
 */
export function rgTable(runs: readonly NamedSweep[]): RgTable {
  const epsilons = [...new Set(runs.flatMap((r) => r.sweep.epsilons))].sort((a, b) => a - b);
  const key = (eps: readonly number[]) => [...eps].sort((a, b) => a - b).join(',');
  const comparable = runs.every((r) => key(r.sweep.epsilons) === key(runs[0].sweep.epsilons));
  const rows = runs.map(({ name, sweep }) => ({
    name,
    accuracy: epsilons.map((e) => {
      const i = sweep.epsilons.indexOf(e);
      return i < 0 ? null : 100 * sweep.accuracy[i];
    }),
    rg: sweep.rg,
  }));
  return { epsilons, rows, comparable };
}
