/**
 * Reading the landscape family's results out of a run (plain data from the engine; no maths here): the
 * records of one analysis, the latest per epoch, the epoch the shown parameters are at, and the partial
 * grid of a computation in progress.
 */
import type { SurfacePartial } from '../../../core/analysis/surface';
import type { RunView } from '../../store/runs';

export interface Recorded<R> {
  epoch: number;
  settings: unknown;
  result: R;
  /** Position in run.analyses (later = newer). */
  order: number;
}

/** Every record of analysis `id`, oldest first. */
export function recordsOf<R>(run: Pick<RunView, 'analyses'>, id: string): Recorded<R>[] {
  const out: Recorded<R>[] = [];
  run.analyses.forEach((a, order) => {
    if (a.id === id) out.push({ epoch: a.epoch, settings: a.settings, result: a.result as R, order });
  });
  return out;
}

/** The newest record of each epoch, by epoch (the frames of an animation over training). */
export function latestPerEpoch<R>(records: readonly Recorded<R>[]): Recorded<R>[] {
  const byEpoch = new Map<number, Recorded<R>>();
  for (const r of records) byEpoch.set(r.epoch, r);
  return [...byEpoch.values()].sort((a, b) => a.epoch - b.epoch);
}

/** Epochs the run's current parameters are after. */
export function currentEpoch(run: RunView): number {
  if (run.restoredEpoch !== null) return run.restoredEpoch;
  return run.history.length ? run.history[run.history.length - 1].epoch : 0;
}

/** The progress of a running analysis `id`, with its partial surface if one was reported. */
export function progressOf(
  run: RunView,
  id: string,
): { epoch: number; fraction: number; partial?: SurfacePartial } | undefined {
  return run.analysisProgress[id] as
    { epoch: number; fraction: number; partial?: SurfacePartial } | undefined;
}

/** Row-major values [rows][cols] as nested arrays for Plotly's z. */
export function toMatrix(a: ArrayLike<number>, rows: number, cols: number, f = (v: number) => v) {
  const z: (number | null)[][] = [];
  for (let r = 0; r < rows; r++) {
    const row: (number | null)[] = [];
    for (let c = 0; c < cols; c++) {
      const v = a[r * cols + c];
      row.push(Number.isFinite(v) ? f(v) : null);
    }
    z.push(row);
  }
  return z;
}

/** Run states in which the engine is free to compute an analysis on the current parameters. */
export const canCompute = (run: RunView) =>
  run.status === 'idle' || run.status === 'paused' || run.status === 'done';

/** Short number formats for read-outs. */
export const fmt = (v: number, digits = 4) =>
  Number.isFinite(v)
    ? Math.abs(v) >= 1000 || (Math.abs(v) < 1e-3 && v !== 0)
      ? v.toExponential(2)
      : v.toFixed(digits)
    : '–';
