/**
 * Scales and ticks of the SVG figures: padded domains over the finite values, log scales with 1–2–5 ticks.
 */
import { type ScaleContinuousNumeric, scaleLinear, scaleLog } from 'd3';

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

/** Smallest value a log axis shows. */
export const LOG_FLOOR = 1e-4;

export interface ValueAxis {
  scale: ScaleContinuousNumeric<number, number>;
  ticks: number[];
  format(v: number): string;
}

/** m × 10^k within [lo, hi] for the mantissas m. */
function decades(lo: number, hi: number, mantissas: number[]): number[] {
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++)
    for (const m of mantissas) {
      const v = Number((m * 10 ** e).toPrecision(12)); // 1e-4, not 9.999…e-5
      if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) out.push(v);
    }
  return out;
}

/**
 * Ticks 1, 2, 5 × 10^k within [lo, hi]; only the powers of ten when those are too many, every 1–9 × 10^k
 * when the range is too narrow for three.
 */
export function logTickValues(lo: number, hi: number): number[] {
  const out = decades(lo, hi, [1, 2, 5]);
  if (out.length > 8) return out.filter((v) => Math.abs(Math.log10(v) % 1) < 1e-9);
  return out.length < 3 ? decades(lo, hi, [1, 2, 3, 4, 5, 6, 7, 8, 9]) : out;
}

const short = (v: number) => String(Number(v.toPrecision(3)));

/**
 * A value axis over the finite values of `arrays` onto [bottom, top] pixels, padded by 5 % (linear) or a
 * factor 1.15 (log, values floored at LOG_FLOOR). A linear axis has about five ticks, fewer on a short one
 * (one per 28 px at most, so that their labels do not touch).
 */
export function valueAxis(
  arrays: readonly ArrayLike<number>[],
  range: [number, number],
  log: boolean,
): ValueAxis {
  let [lo, hi] = finiteRange(arrays);
  if (!Number.isFinite(lo)) [lo, hi] = log ? [0.1, 1] : [0, 1];
  if (log) {
    const scale = scaleLog()
      .domain([Math.max(lo, LOG_FLOOR) / 1.15, Math.max(hi, LOG_FLOOR) * 1.15])
      .range(range);
    const [d0, d1] = scale.domain();
    return { scale, ticks: logTickValues(d0, d1), format: short };
  }
  const pad = hi > lo ? (hi - lo) * 0.05 : 0.5;
  const scale = scaleLinear()
    .domain([lo - pad, hi + pad])
    .range(range);
  const room = Math.abs(range[0] - range[1]);
  return { scale, ticks: scale.ticks(Math.max(2, Math.min(5, Math.floor(room / 28)))), format: short };
}
