/**
 * The comparison view's figures as plain Plotly data (no React, no Plotly import): accuracy curves of
 * several runs side by side on shared axes with the robust generalisation gap shaded, and their 1-D loss
 * landscapes overlaid. The numbers come from the core's comparison helpers (core/compare.ts).
 */
import type { Data, Layout } from 'plotly.js';
import { type RunCurves, runCurves } from '../../core/compare';
import type { AnalysisRecord } from '../../core/events';
import type { RunView } from '../store/runs';
import type { Theme } from '../theme/themes';
import { plotlyAxis, plotlyPaper } from '../plotly/paper';

export interface Figure {
  data: Partial<Data>[];
  layout: Partial<Layout>;
}

/** "#RRGGBB" with an alpha, for fills. */
export function withAlpha(hex: string, alpha: number): string {
  const m = /^#([0-9a-f]{6})$/i.exec(hex);
  if (!m) return hex;
  const n = parseInt(m[1], 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${alpha})`;
}

/** A run's colour when runs are overlaid (Okabe–Ito, by position in the comparison). */
export const runColour = (theme: Theme, index: number) =>
  theme.chart.classes[index % theme.chart.classes.length];

function baseLayout(theme: Theme, height: number): Partial<Layout> {
  return {
    height,
    ...plotlyPaper(theme),
    showlegend: true,
    legend: { orientation: 'h', y: -0.2, x: 0 },
  };
}

/**
 * One subplot per run, side by side, all on the same axes (epoch range and accuracy 0–1): robust accuracy
 * on the training and test points (solid) with the gap between them shaded (train robust − test robust),
 * and clean accuracy (dotted).
 */
export function accuracyFigure(runs: readonly RunView[], theme: Theme): Figure {
  const c = theme.chart;
  const curves: RunCurves[] = runs.map((r) => runCurves(r));
  const lastEpoch = Math.max(1, ...runs.map((r) => r.epochsTotal));
  const n = Math.max(1, runs.length);
  const gap = 0.04;
  const width = (1 - gap * (n - 1)) / n;
  const data: Partial<Data>[] = [];
  const layout: Partial<Layout> & Record<string, unknown> = {
    ...baseLayout(theme, 340),
    margin: { l: 52, r: 12, t: 28, b: 64 },
    annotations: [],
  };
  curves.forEach((cv, k) => {
    const suffix = k === 0 ? '' : String(k + 1);
    const xaxis = `x${suffix}`;
    const yaxis = `y${suffix}`;
    const first = k === 0;
    const line = (
      name: string,
      x: number[],
      y: number[],
      colour: string,
      dash: 'solid' | 'dot',
      extra: Record<string, unknown> = {},
    ): Partial<Data> =>
      ({
        type: 'scatter',
        mode: x.length > 40 ? 'lines' : 'lines+markers',
        name,
        legendgroup: name,
        showlegend: first,
        x,
        y,
        xaxis,
        yaxis,
        line: { color: colour, dash, width: dash === 'solid' ? 2 : 1.5 },
        marker: { size: 4 },
        hovertemplate: `${cv.label} · ${name}: %{y:.3f} (epoch %{x})<extra></extra>`,
        ...extra,
      }) as Partial<Data>;
    if (cv.robustEpochs.length) {
      data.push(line('robust, train', cv.robustEpochs, cv.robustTrainAcc, c.train, 'solid'));
      // 'tonexty' fills down to the previous trace of this subplot: the band is the robust gap.
      data.push(
        line('robust, test', cv.robustEpochs, cv.robustTestAcc, c.test, 'solid', {
          fill: 'tonexty',
          fillcolor: withAlpha(c.test, 0.18),
        }),
      );
    }
    data.push(line('clean, train', cv.epochs, cv.cleanTrainAcc, c.train, 'dot'));
    data.push(line('clean, test', cv.epochs, cv.cleanTestAcc, c.test, 'dot'));
    const x0 = k * (width + gap);
    layout[`xaxis${suffix}`] = {
      ...plotlyAxis(theme),
      domain: [x0, x0 + width],
      anchor: yaxis,
      range: [0, lastEpoch + 0.5],
      title: { text: 'epoch' },
      nticks: 6,
    };
    layout[`yaxis${suffix}`] = {
      ...plotlyAxis(theme),
      anchor: xaxis,
      range: [0, 1.02],
      tickformat: '.0%',
      showticklabels: first,
      ...(first ? { title: { text: 'accuracy' } } : {}),
    };
    // Titles are cut to their subplot's width (the table below has the full names).
    const room = Math.max(8, Math.floor(64 / n));
    const title = cv.label.length > room ? `${cv.label.slice(0, room - 1)}…` : cv.label;
    (layout.annotations as unknown[]).push({
      text: `<b>${escapeHtml(title)}</b>`,
      hovertext: cv.label,
      xref: 'paper',
      yref: 'paper',
      x: x0 + width / 2,
      y: 1.0,
      yanchor: 'bottom',
      showarrow: false,
      font: { size: 12, color: c.text },
    });
  });
  if (!data.length) data.push({ type: 'scatter', x: [0], y: [null], showlegend: false });
  return { data, layout };
}

const escapeHtml = (s: string) =>
  s.replace(/[<>&]/g, (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[ch]!);

/** The latest landscape-1d record of a run, robust or clean. */
export function latestLandscape(analyses: readonly AnalysisRecord[], robust: boolean): AnalysisRecord | null {
  for (let i = analyses.length - 1; i >= 0; i--) {
    const r = analyses[i];
    if (r.id !== 'landscape-1d') continue;
    if (isRobust(r) === robust) return r;
  }
  return null;
}

export const isRobust = (record: AnalysisRecord) =>
  (record.result as { robust?: unknown } | null)?.robust != null;

/** What a landscape-1d result holds that the overlay draws (checked loosely: records may come from a bundle). */
export interface LandscapeCurve {
  alphas: number[];
  splits: { split: string; loss: number[]; acc: number[] }[];
  directionSeed: number;
  epoch: number;
}

export function landscapeCurve(record: AnalysisRecord): LandscapeCurve | null {
  const r = record.result as {
    alphas?: number[];
    values?: { split: string; loss: ArrayLike<number>; acc: ArrayLike<number> }[];
    directionSeed?: number;
  } | null;
  if (!r || !Array.isArray(r.alphas) || !Array.isArray(r.values)) return null;
  return {
    alphas: r.alphas,
    splits: r.values.map((v) => ({ split: v.split, loss: Array.from(v.loss), acc: Array.from(v.acc) })),
    directionSeed: typeof r.directionSeed === 'number' ? r.directionSeed : NaN,
    epoch: record.epoch,
  };
}

/** The runs' 1-D landscapes on one pair of axes: one colour per run, test solid, train dashed. */
export function landscapeFigure(
  entries: readonly { label: string; curve: LandscapeCurve | null }[],
  theme: Theme,
  robust: boolean,
): Figure {
  const data: Partial<Data>[] = [];
  entries.forEach(({ label, curve }, k) => {
    if (!curve) return;
    const colour = runColour(theme, k);
    for (const s of curve.splits) {
      const test = s.split === 'test';
      data.push({
        type: 'scatter',
        mode: 'lines+markers',
        name: `${label} · ${s.split}`,
        x: curve.alphas,
        y: s.loss.map((v) => (Number.isFinite(v) ? v : null)) as number[],
        line: { color: colour, width: test ? 2.5 : 1.5, dash: test ? 'solid' : 'dash' },
        marker: { size: 4, symbol: test ? 'circle' : 'square' },
        hovertemplate: `${label} · ${s.split}: loss %{y:.4f} at α = %{x:.2f}<extra></extra>`,
      });
    }
  });
  if (!data.length) data.push({ type: 'scatter', x: [0], y: [null], showlegend: false });
  return {
    data,
    layout: {
      ...baseLayout(theme, 320),
      margin: { l: 58, r: 12, t: 10, b: 70 },
      xaxis: {
        ...plotlyAxis(theme),
        title: { text: 'α (step along the shared direction d)' },
        zeroline: true,
      },
      yaxis: { ...plotlyAxis(theme), title: { text: robust ? 'robust loss (PGD at every point)' : 'loss' } },
    },
  };
}
