/**
 * What the parameter-corruption panels share (docs/methods/corruption.md, docs/methods/corruption.md): names of norms and budgets, the colours of
 * the corruption kinds, and the Plotly axis style.
 */
import { interpolateViridis } from 'd3';
import type { BudgetMode, Norm } from '../../core/analysis/corruption/kinds';
import type { Theme } from '../theme/themes';
import { plotlyPaper } from '../plotly/paper';

export const NORM_LABEL: Record<Norm, string> = { l2: 'L2', linf: 'L∞' };

/** How the budget value reads: ε itself, or ρ times a weight norm. */
export function budgetLabel(norm: Norm, mode: BudgetMode, value: number): string {
  const n = norm === 'l2' ? '₂' : '∞';
  if (mode === 'absolute') return `ε = ${value}`;
  if (mode === 'relative') return `ε = ${value}·‖θ‖${n}`;
  return `ε_l = ${value}·‖θ_l‖${n} per tensor`;
}

export const MODE_LABEL: Record<BudgetMode, string> = {
  absolute: 'absolute ε',
  relative: 'relative ρ·‖θ‖',
  'layer-relative': 'per-tensor ρ·‖θ_l‖',
};

/**
 * Colours of the corruption kinds: random grey, one-step vermillion (Okabe–Ito), multi-step K on viridis
 * (ordinal: more steps, further along the scale). All distinguishable with the common colour-vision deficiencies,
 * and every line also differs in dash or marker.
 */
export function kindColours(theme: Theme) {
  const dark = theme.name === 'dark';
  return {
    random: theme.chart.muted,
    randomBand: dark ? 'rgba(162,169,179,0.22)' : 'rgba(91,99,110,0.18)',
    oneStep: dark ? '#F0772A' : '#D55E00',
    /** Colour of the i-th of n multi-step curves. */
    multi: (i: number, n: number) => {
      const t = n <= 1 ? 0.5 : i / (n - 1);
      return interpolateViridis(dark ? 0.4 + 0.55 * t : 0.12 + 0.68 * t);
    },
  };
}

/** A log ε axis with a tick at each power of ten only, written as 10⁻ⁿ. */
export const LOG_AXIS = { type: 'log' as const, dtick: 1, exponentformat: 'power' as const };

export const plotBase = (theme: Theme, height: number) => ({
  height,
  ...plotlyPaper(theme),
});

/** Parses "1, 3, 10" into whole numbers in [min, max]; null when anything is off. */
export function parseIntList(text: string, min: number, max: number, maxItems: number): number[] | null {
  const parts = text
    .split(/[\s,;]+/)
    .filter(Boolean)
    .map(Number);
  if (parts.length > maxItems) return null;
  return parts.every((v) => Number.isInteger(v) && v >= min && v <= max) ? parts : null;
}
