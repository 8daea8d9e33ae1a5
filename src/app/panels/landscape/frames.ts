/**
 * What a landscape picture draws, from either a finished result or the partial grid of a computation in
 * progress (the coarse subgrid first, then the full grid with the points evaluated so far).
 */
import { coarseSubgrid } from '../../../core/analysis/grid';
import type { LandscapeResult } from '../../../core/analysis/landscape';
import type { SurfacePartial } from '../../../core/analysis/surface';

export type FrameStage = 'coarse' | 'refine' | 'complete' | 'incomplete';

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

/** [lowest, highest] finite value over arrays (NaN, NaN when none). */
export function finiteRange(arrays: readonly ArrayLike<number>[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const a of arrays)
    for (let i = 0; i < a.length; i++) {
      const v = a[i];
      if (!Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  return lo <= hi ? [lo, hi] : [NaN, NaN];
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
 * enough to be read; a 51×51 contour costs tens of ms to draw, more on machines that draw in software.
 */
export const REFINE_REDRAW_MS = 2000;

/** Loss values above this are drawn in the top colour (Li et al. use vmax = 10, METHODS.md §2.4). */
export const COLOUR_CAP = 10;
/** Smallest loss a log-scale picture shows. */
export const LOG_FLOOR = 1e-4;
export const log10 = (v: number) => Math.log10(Math.max(v, LOG_FLOOR));

/** Colour-bar ticks for a log-scale loss: 1–2–5 steps within [lo, hi] (in log10 units). */
export function logTicks(lo: number, hi: number): { tickvals: number[]; ticktext: string[] } {
  const vals: number[] = [];
  for (let e = Math.floor(lo) - 1; e <= Math.ceil(hi) + 1; e++)
    for (const m of [1, 2, 5]) {
      const v = Math.log10(m) + e;
      if (v >= lo - 1e-9 && v <= hi + 1e-9) vals.push(v);
    }
  return { tickvals: vals, ticktext: vals.map((v) => String(Number((10 ** v).toPrecision(2)))) };
}
