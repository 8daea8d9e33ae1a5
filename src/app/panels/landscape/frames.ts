/**
 * What a landscape picture draws, from either a finished result or the partial grid of a computation in
 * progress (the coarse subgrid first, then the full grid with the points evaluated so far).
 */
import { coarseSubgrid } from '../../../core/analysis/grid';
import type { LandscapeResult } from '../../../core/analysis/landscape';
import type { SurfacePartial } from '../../../core/analysis/surface';
import { scaleLinear } from 'd3';
import { finiteRange, LOG_FLOOR, logTickValues } from '../../svg/scales';

type FrameStage = 'coarse' | 'refine' | 'complete' | 'incomplete';

export interface LandscapeFrame {
  epoch: number;
  alphas: number[];
  /** null for a curve. */
  betas: number[] | null;
  splits: string[];
  /** Per split, row-major [β][α]; NaN where not evaluated. */
  loss: Float32Array[];
  /** Per split (absent for the coarse stage, which carries losses only). */
  acc: Float32Array[] | null;
  /** Points per axis drawn now, and of the full grid. */
  resolution: number;
  fullResolution: number;
  stage: FrameStage;
  evaluated: number;
  total: number;
  /** The finished result, when the frame is one. */
  result: LandscapeResult | null;
}

export function frameFromResult(result: LandscapeResult, epoch: number): LandscapeFrame {
  const total = result.shape[0] * result.shape[1];
  return {
    epoch,
    alphas: result.alphas,
    betas: result.betas,
    splits: result.values.map((v) => v.split),
    loss: result.values.map((v) => v.loss),
    acc: result.values.map((v) => v.acc),
    resolution: result.alphas.length,
    fullResolution: result.alphas.length,
    stage: result.complete ? 'complete' : 'incomplete',
    evaluated: result.complete ? total : result.values[0].loss.filter(Number.isFinite).length,
    total,
    result,
  };
}

export function frameFromPartial(partial: SurfacePartial, epoch: number): LandscapeFrame {
  const total = partial.shape[0] * partial.shape[1];
  const base = {
    epoch,
    splits: partial.splits,
    fullResolution: partial.alphas.length,
    evaluated: partial.evaluated,
    total,
    result: null,
  };
  if (partial.stage === 'coarse') {
    const subs = partial.splits.map((_, set) => coarseSubgrid(partial, partial, set));
    return {
      ...base,
      alphas: subs[0].alphas,
      betas: subs[0].betas,
      loss: subs.map((s) => s.loss),
      acc: null,
      resolution: subs[0].alphas.length,
      stage: 'coarse',
    };
  }
  return {
    ...base,
    alphas: partial.alphas,
    betas: partial.betas,
    loss: partial.loss,
    acc: partial.acc,
    resolution: partial.alphas.length,
    stage: 'refine',
  };
}

/**
 * The grid with its NaN points filled from their neighbours (the mean of the finite 4-neighbours, repeated
 * outwards), as contours need a value everywhere: the points a refining computation has not reached yet.
 * A grid without any finite value comes back unchanged.
 */
export function fillGaps(values: ArrayLike<number>, nx: number, ny: number): Float64Array {
  let cur = Float64Array.from(values);
  for (let pass = 0; pass < nx + ny; pass++) {
    const next = Float64Array.from(cur);
    let missing = 0;
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const p = j * nx + i;
        if (!Number.isNaN(cur[p])) continue;
        let sum = 0;
        let n = 0;
        for (const [di, dj] of [
          [1, 0],
          [-1, 0],
          [0, 1],
          [0, -1],
        ]) {
          const a = i + di;
          const b = j + dj;
          if (a < 0 || a >= nx || b < 0 || b >= ny || Number.isNaN(cur[b * nx + a])) continue;
          sum += cur[b * nx + a];
          n++;
        }
        if (n > 0) next[p] = sum / n;
        else missing++;
      }
    cur = next;
    if (missing === 0) break;
  }
  return cur;
}

/** Where the lowest and highest finite values of a grid are. */
export function extremes(loss: Float32Array, alphas: number[], betas: number[] | null) {
  let min = -1;
  let max = -1;
  for (let p = 0; p < loss.length; p++) {
    if (!Number.isFinite(loss[p])) continue;
    if (min < 0 || loss[p] < loss[min]) min = p;
    if (max < 0 || loss[p] > loss[max]) max = p;
  }
  const at = (p: number) => ({
    value: p < 0 ? NaN : loss[p],
    alpha: p < 0 ? NaN : alphas[p % alphas.length],
    beta: p < 0 || !betas ? NaN : betas[Math.floor(p / alphas.length)],
  });
  return { min: at(min), max: at(max) };
}

/**
 * Redraws of a refining picture, at most this often: the coarse picture shows at once and stays long
 * enough to be read; each redraw of a 51×51 grid traces 20 contour levels on the main thread (a few ms; in
 * the Plotly view, tens).
 */
export const REFINE_REDRAW_MS = 2000;

/** Loss values above this are drawn in the top colour (Li et al. use vmax = 10, docs/methods/landscapes.md#2-d-surfaces). */
export const COLOUR_CAP = 10;
export const log10 = (v: number) => Math.log10(Math.max(v, LOG_FLOOR));

/** Colour-bar ticks for a log-scale loss: 1–2–5 steps within [lo, hi] (in log10 units). */
export function logTicks(lo: number, hi: number): { tickvals: number[]; ticktext: string[] } {
  const vals = logTickValues(10 ** lo, 10 ** hi);
  return { tickvals: vals.map(Math.log10), ticktext: vals.map((v) => String(Number(v.toPrecision(2)))) };
}

/** Colour-bar ticks: 1–2–5 steps for a log scale (values in log10 units), about five round values otherwise. */
export function colourTicks(lo: number, hi: number, log: boolean): { value: number; label: string }[] {
  if (log) {
    const { tickvals, ticktext } = logTicks(lo, hi);
    return tickvals.map((value, i) => ({ value, label: ticktext[i] }));
  }
  return scaleLinear()
    .domain([lo, hi])
    .ticks(5)
    .map((value) => ({ value, label: String(Number(value.toPrecision(3))) }));
}

/** The colour range of a loss picture, in drawn units (log10 when `log`). */
export interface LossColours {
  log: boolean;
  lo: number;
  hi: number;
  /** Some loss lies above COLOUR_CAP (drawn in the top colour). */
  clipped: boolean;
}

/** From the lowest finite loss of `arrays` to the highest, capped at COLOUR_CAP. */
export function lossColours(arrays: readonly ArrayLike<number>[], log: boolean): LossColours {
  const [min, max] = finiteRange(arrays);
  if (!Number.isFinite(min)) return { log, lo: 0, hi: 1, clipped: false };
  const top = Math.min(max, COLOUR_CAP);
  const clipped = max > COLOUR_CAP;
  if (log) {
    const lo = log10(min);
    return { log, lo, hi: Math.max(log10(top), lo + 1e-3), clipped };
  }
  return { log, lo: min, hi: Math.max(top, min + 1e-6), clipped };
}

/** How many CPU workers shared a picture's points, and why fewer helped than asked for (older results: one). */
export function workersSentence(r: { workers?: number; workersNote?: string | null }): string {
  const n = r.workers ?? 1;
  return (n > 1 ? ` Shared among ${n} CPU workers.` : '') + (r.workersNote ? ` Note: ${r.workersNote}.` : '');
}
