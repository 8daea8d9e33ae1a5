/**
 * Comparing runs (comparison mode): the table of final figures (clean and robust accuracy, the
 * robust generalisation gap, sharpness numbers) and the curves on shared axes, as plain data from what a
 * run already holds (its config, per-epoch metrics and analysis records), so live runs and runs loaded from
 * a bundle compare alike. No tfjs: the UI thread calls it.
 */
import type { ExperimentConfig } from './config';
import { configDifferences } from './config-patch';
import { METHOD_CARD } from './train/cards';
import type { AnalysisRecord, EpochMetrics } from './events';

/** What a run must hold to be compared (the UI's RunView and a loaded bundle both have it). */
export interface ComparableRun {
  label: string;
  config: ExperimentConfig;
  history: readonly EpochMetrics[];
  analyses?: readonly AnalysisRecord[];
}

/** One sharpness number read from an analysis record. */
export interface SharpnessFigure {
  /** The analysis it comes from, e.g. "landscape-1d", "sharpness", "weight-perturbation". */
  source: string;
  /** What the number is, e.g. "max rise within r = 0.5". */
  measure: string;
  value: number;
  split: string | null;
  /** Whether it is of the robust (adversarial) loss. */
  robust: boolean;
  /** Epochs completed when it was computed. */
  epoch: number;
}

export interface ComparisonRow {
  label: string;
  /** The method's id (CSV, bundles) and its name for people (tables). */
  method: string;
  methodLabel: string;
  /** Epochs completed (the last history entry), 0 if none. */
  epoch: number;
  cleanTrainAcc: number | null;
  cleanTestAcc: number | null;
  /** Robust figures at the last epoch that has them (`robustEpoch`). */
  robustTrainAcc: number | null;
  robustTestAcc: number | null;
  /** Robust generalisation gap: train robust − test robust accuracy. */
  robustGap: number | null;
  robustEpoch: number | null;
  /** The best test robust accuracy over the run and its epoch (AWP's logs report best and last). */
  bestRobustTestAcc: number | null;
  bestRobustEpoch: number | null;
  /** The latest sharpness of the robust loss (a robust landscape's max rise; test split preferred). */
  robustSharpness: SharpnessFigure | null;
  /** The latest sharpness of the clean loss (a landscape's max rise; training split preferred). */
  sharpness: SharpnessFigure | null;
  /** The latest top Hessian eigenvalue, if computed. */
  hessianTopEigenvalue: number | null;
  /** Every sharpness number the run's analyses hold. */
  sharpnessFigures: SharpnessFigure[];
}

export interface Comparison {
  rows: ComparisonRow[];
  /** Config settings (leaf paths) in which the runs differ; a one-setting comparison has exactly one. */
  differences: string[];
  /** Why the runs may not be comparable (different seed, data or model: not the same initial weights). */
  warnings: string[];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const finite = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Reads the sharpness numbers out of one analysis record (results may come from JSON: checked, not trusted). */
type SharpnessReader = (record: AnalysisRecord) => SharpnessFigure[];

/** A landscape's per-split "max rise within r" (landscape-1d / landscape-2d). */
const landscapeReader: SharpnessReader = (record) => {
  const result = record.result;
  if (!isObject(result) || !Array.isArray(result.sharpness)) return [];
  const robust = isObject(record.settings) && record.settings.robust != null;
  return result.sharpness.flatMap((entry: unknown) => {
    if (!isObject(entry) || !isObject(entry.maxRise)) return [];
    const value = finite(entry.maxRise.rise);
    if (value === null) return [];
    const radius = finite(entry.maxRise.radius);
    return [
      {
        source: record.id,
        measure: radius === null ? 'max rise' : `max rise within r = ${radius}`,
        value,
        split: typeof entry.split === 'string' ? entry.split : null,
        robust,
        epoch: record.epoch,
      },
    ];
  });
};

/** By analysis id. Adding a source of sharpness numbers: one reader, one line here. */
const SHARPNESS_READERS: Record<string, SharpnessReader> = {
  'landscape-1d': landscapeReader,
  'landscape-2d': landscapeReader,
  sharpness: (record) => {
    const result = record.result;
    if (!isObject(result) || !Array.isArray(result.maxRise)) return [];
    const radius = finite(result.radius);
    return result.maxRise.flatMap((entry: unknown) => {
      if (!isObject(entry) || !isObject(entry.rise)) return [];
      const value = finite(entry.rise.rise);
      if (value === null) return [];
      return [
        {
          source: record.id,
          measure: radius === null ? 'max rise' : `max rise within r = ${radius}`,
          value,
          split: typeof entry.split === 'string' ? entry.split : null,
          robust: false,
          epoch: record.epoch,
        },
      ];
    });
  },
  'weight-perturbation': (record) => {
    const result = record.result;
    if (!isObject(result) || !isObject(result.metrics) || !Array.isArray(result.gammas)) return [];
    const value = finite(result.metrics.adversarialRise);
    const gammaMax = finite(result.gammas[result.gammas.length - 1]);
    if (value === null) return [];
    return [
      {
        source: record.id,
        measure: `worst-case rise at γ = ${gammaMax}`,
        value,
        split: typeof result.split === 'string' ? result.split : null,
        robust: result.robust === true,
        epoch: record.epoch,
      },
    ];
  },
};

/** Every sharpness number in a run's analysis records, oldest first. */
export function sharpnessFigures(analyses: readonly AnalysisRecord[] = []): SharpnessFigure[] {
  return analyses.flatMap((record) => SHARPNESS_READERS[record.id]?.(record) ?? []);
}

/** The latest figure of a kind, preferring a split (and landscapes over other sources at the same epoch). */
function latest(figures: SharpnessFigure[], robust: boolean, preferredSplit: string): SharpnessFigure | null {
  const rank = (f: SharpnessFigure) =>
    f.epoch * 4 + (f.split === preferredSplit ? 2 : 0) + (f.source.startsWith('landscape') ? 1 : 0);
  const pool = figures.filter((f) => f.robust === robust && f.source !== 'weight-perturbation');
  return pool.reduce<SharpnessFigure | null>(
    (best, f) => (best === null || rank(f) >= rank(best) ? f : best),
    null,
  );
}

function hessianOf(analyses: readonly AnalysisRecord[] = []): number | null {
  let value: number | null = null;
  for (const record of analyses) {
    if (record.id !== 'sharpness' || !isObject(record.result) || !isObject(record.result.hessian)) continue;
    value = finite(record.result.hessian.eigenvalue) ?? value;
  }
  return value;
}

/** The final figures of one run. */
function summarizeRun(run: ComparableRun): ComparisonRow {
  const last = run.history[run.history.length - 1];
  const robustEpochs = run.history.filter((m) => finite(m.extra.robustTestAcc) !== null);
  const lastRobust = robustEpochs[robustEpochs.length - 1];
  const best = robustEpochs.reduce<EpochMetrics | null>(
    (b, m) => (b === null || m.extra.robustTestAcc > b.extra.robustTestAcc ? m : b),
    null,
  );
  const figures = sharpnessFigures(run.analyses);
  const robustTrainAcc = lastRobust ? finite(lastRobust.extra.robustTrainAcc) : null;
  const robustTestAcc = lastRobust ? finite(lastRobust.extra.robustTestAcc) : null;
  return {
    label: run.label,
    method: run.config.training.method,
    methodLabel: METHOD_CARD[run.config.training.method].label,
    epoch: last?.epoch ?? 0,
    cleanTrainAcc: last ? finite(last.trainAcc) : null,
    cleanTestAcc: last ? finite(last.testAcc) : null,
    robustTrainAcc,
    robustTestAcc,
    robustGap: robustTrainAcc !== null && robustTestAcc !== null ? robustTrainAcc - robustTestAcc : null,
    robustEpoch: lastRobust?.epoch ?? null,
    bestRobustTestAcc: best ? finite(best.extra.robustTestAcc) : null,
    bestRobustEpoch: best?.epoch ?? null,
    robustSharpness: latest(figures, true, 'test'),
    sharpness: latest(figures, false, 'train'),
    hessianTopEigenvalue: hessianOf(run.analyses),
    sharpnessFigures: figures,
  };
}

/** Settings that decide the data and the initial weights: runs must share them to be compared fairly. */
const SAME_START = ['seed', 'data', 'model'] as const;

/**
 * Model settings that act only in the forward pass, not on the initial weights: AW-Net's signal range λ (λ = 0
 * is the same network with r ≡ 1) and whether analyses see the router.
 */
const FORWARD_ONLY_MODEL_SETTINGS = new Set(['lambda', 'routerInAnalyses']);

function startDifferences(a: ExperimentConfig, b: ExperimentConfig, key: (typeof SAME_START)[number]) {
  const diffs = configDifferences(a[key], b[key]);
  return key === 'model' ? diffs.filter((d) => !FORWARD_ONLY_MODEL_SETTINGS.has(d)) : diffs;
}

/**
 * The comparison table of two or more runs: one row of final figures per run, the settings in which the
 * runs differ, and warnings when they do not start from the same data and initial weights.
 */
export function compareRuns(runs: readonly ComparableRun[]): Comparison {
  const rows = runs.map(summarizeRun);
  const differences = [
    ...new Set(runs.slice(1).flatMap((r) => configDifferences(runs[0].config, r.config))),
  ].sort();
  const warnings: string[] = [];
  for (const key of SAME_START) {
    const differing = runs.slice(1).filter((r) => startDifferences(runs[0].config, r.config, key).length);
    if (differing.length)
      warnings.push(
        `${differing.map((r) => r.label).join(', ')} differ${differing.length === 1 ? 's' : ''} from ${runs[0].label} in ${key}: not the same ${key === 'data' ? 'data' : 'initial weights'}`,
      );
  }
  return { rows, differences, warnings };
}

/** One run's curves for a shared-axes plot: clean and robust accuracy per epoch, and the robust gap. */
export interface RunCurves {
  label: string;
  epochs: number[];
  cleanTrainAcc: number[];
  cleanTestAcc: number[];
  /** Epochs with robust numbers (the robust analysis may run every k epochs). */
  robustEpochs: number[];
  robustTrainAcc: number[];
  robustTestAcc: number[];
  /** train robust − test robust accuracy: the band to shade between the two robust curves. */
  robustGap: number[];
}

export function runCurves(run: ComparableRun): RunCurves {
  const robust = run.history.filter(
    (m) => finite(m.extra.robustTestAcc) !== null && finite(m.extra.robustTrainAcc) !== null,
  );
  return {
    label: run.label,
    epochs: run.history.map((m) => m.epoch),
    cleanTrainAcc: run.history.map((m) => m.trainAcc),
    cleanTestAcc: run.history.map((m) => m.testAcc),
    robustEpochs: robust.map((m) => m.epoch),
    robustTrainAcc: robust.map((m) => m.extra.robustTrainAcc),
    robustTestAcc: robust.map((m) => m.extra.robustTestAcc),
    robustGap: robust.map((m) => m.extra.robustTrainAcc - m.extra.robustTestAcc),
  };
}
