/**
 * One visual grammar for every figure of the lab, the comparison and the lessons:
 * - colour means the run: a run keeps one colour (its chip's in the runs bar) in every figure, picked from
 *   its id, so it does not change when runs are added to or taken out of a comparison;
 * - line style means the split: train solid, test dashed, everywhere (any other split dotted);
 * - a second quantity on the same axes (accuracy beside loss, clean beside robust) is the same colour and
 *   dash, thinner and lighter;
 * - figures share an axis only where their ranges match.
 * Pure (no React, no DOM): the SVG figures and the Plotly figures both read it.
 */
import type { Theme, ThemeName } from '../theme/themes';
import type { Dash } from './figure';

/**
 * Run colours, eight per theme (a page keeps at most eight runs): distinct hues, Okabe–Ito first, each at
 * least 3:1 against the chart background of its theme (WCAG 1.4.11, tests/unit/grammar.test.ts).
 */
export const RUN_PALETTES: Record<ThemeName, readonly string[]> = {
  light: ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#B8860B', '#332288', '#882255', '#937860'],
  dark: ['#3A9BE0', '#F0772A', '#1FBF8F', '#E08FC0', '#F5B335', '#9E8CE0', '#C4517F', '#C9A27E'],
};

/** The colour of run `runId` (ids count from 1; ids eight apart share a colour, never two kept runs). */
export function runColour(theme: Pick<Theme, 'name'>, runId: number): string {
  const palette = RUN_PALETTES[theme.name];
  const k = (((Math.round(runId) - 1) % palette.length) + palette.length) % palette.length;
  return palette[k];
}

/** The line style of a split: train solid, test dashed, anything else (e.g. adversarial points) dotted. */
export function splitDash(split: string): Dash {
  if (split === 'train') return 'solid';
  if (split === 'test') return 'dash';
  return 'dot';
}

/** How a series is drawn: stroke colour, dash, width and opacity. */
export interface SeriesStyle {
  colour: string;
  dash: Dash;
  width: number;
  opacity: number;
}

/**
 * The style of one series: the run's colour, the split's dash; `secondary` for the second quantity drawn on
 * the same axes (accuracy on a loss figure, clean accuracy beside robust), thinner and lighter.
 */
export function seriesStyle(
  theme: Theme,
  s: { runId: number; split: string; secondary?: boolean },
): SeriesStyle {
  return {
    colour: runColour(theme, s.runId),
    dash: splitDash(s.split),
    width: s.secondary ? 1.25 : 2,
    opacity: s.secondary ? 0.6 : 1,
  };
}

/** Plotly's names for the dashes. */
const PLOTLY_DASH: Record<Dash, 'solid' | 'dash' | 'dot'> = { solid: 'solid', dash: 'dash', dot: 'dot' };

/** A series style as a Plotly trace's `line` and `opacity`. */
export function plotlyLine(style: SeriesStyle) {
  return {
    line: { color: style.colour, dash: PLOTLY_DASH[style.dash], width: style.width },
    opacity: style.opacity,
  };
}

/**
 * The x ranges figures side by side should use: one shared range when every figure covers the same span,
 * otherwise each its own (a 40-epoch run is not squeezed into a tenth of a 400-epoch axis).
 */
export function sideBySideRanges(ranges: readonly [number, number][]): {
  shared: boolean;
  ranges: [number, number][];
} {
  const same = ranges.every((r) => r[0] === ranges[0][0] && r[1] === ranges[0][1]);
  return { shared: same, ranges: ranges.map((r) => [r[0], r[1]]) };
}

/**
 * CSS custom properties holding a run's colour in both themes, for page elements drawn outside a figure (the
 * chip of a run): `--run-light`, `--run-dark`; the stylesheet picks one by the page's theme.
 */
export function runColourVars(runId: number): Record<'--run-light' | '--run-dark', string> {
  const pick = (name: ThemeName) => runColour({ name }, runId);
  return { '--run-light': pick('light'), '--run-dark': pick('dark') };
}
