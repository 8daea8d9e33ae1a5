/**
 * The comparison view's figures as plain Plotly data (no React, no Plotly import): accuracy curves of
 * several runs side by side with the robust generalisation gap shaded, and their 1-D loss landscapes
 * overlaid. Every run in its own colour (its chip's), train solid and test dashed (svg/grammar.ts). The
 * numbers come from the core's comparison helpers (core/compare.ts).
 */
import type { Data, Layout } from 'plotly.js';
import { type RunCurves, runCurves } from '../../core/compare';
import type { AnalysisRecord } from '../../core/events';
import type { RunView } from '../store/runs';
import type { Theme } from '../theme/themes';
import { plotlyAxis, plotlyPaper } from '../plotly/paper';
import { plotlyLine, runColour, seriesStyle, sideBySideRanges } from '../svg/grammar';

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

function baseLayout(theme: Theme, height: number): Partial<Layout> {
  return {
    height,
    ...plotlyPaper(theme),
    showlegend: true,
    legend: { orientation: 'h', y: -0.2, x: 0 },
  };
}

/**
 * One subplot per run, side by side, in the run's colour, on the same accuracy axis (0–1) and on the same
 * epoch axis only when every run has as many epochs (otherwise each run's own): robust accuracy on the
 * training points (solid) and test points (dashed) with the gap between them shaded (train robust − test
 * robust), and clean accuracy as thinner, lighter lines with the same dashes.
 */
export function accuracyFigure(runs: readonly RunView[], theme: Theme): Figure & { sharedEpochs: boolean } {
  const curves: RunCurves[] = runs.map((r) => runCurves(r));
  const epochs = sideBySideRanges(runs.map((r) => [0, Math.max(1, r.epochsTotal) + 0.5]));
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
    const runId = runs[k].id;
    const suffix = k === 0 ? '' : String(k + 1);
    const xaxis = `x${suffix}`;
    const yaxis = `y${suffix}`;
    const first = k === 0;
    const line = (
      name: string,
      x: number[],
      y: number[],
      split: 'train' | 'test',
      clean: boolean,
      extra: Record<string, unknown> = {},
    ): Partial<Data> =>
      ({
        type: 'scatter',
        mode: x.length > 40 ? 'lines' : 'lines+markers',
        name,
        legendgroup: name,
        showlegend: false,
        x,
        y,
        xaxis,
        yaxis,
        ...plotlyLine(seriesStyle(theme, { runId, split, secondary: clean })),
        marker: { size: 4 },
        hovertemplate: `${cv.label} · ${name}: %{y:.3f} (epoch %{x})<extra></extra>`,
        ...extra,
      }) as Partial<Data>;
    if (cv.robustEpochs.length) {
      data.push(line('robust, train', cv.robustEpochs, cv.robustTrainAcc, 'train', false));
      // 'tonexty' fills down to the previous trace of this subplot: the band is the robust gap.
      data.push(
        line('robust, test', cv.robustEpochs, cv.robustTestAcc, 'test', false, {
          fill: 'tonexty',
          fillcolor: withAlpha(runColour(theme, runId), 0.18),
        }),
      );
    }
    // Clean accuracy is the second quantity only beside robust curves.
    const secondary = cv.robustEpochs.length > 0;
    data.push(line('clean, train', cv.epochs, cv.cleanTrainAcc, 'train', secondary));
    data.push(line('clean, test', cv.epochs, cv.cleanTestAcc, 'test', secondary));
    const x0 = k * (width + gap);
    layout[`xaxis${suffix}`] = {
      ...plotlyAxis(theme),
      domain: [x0, x0 + width],
      anchor: yaxis,
      range: epochs.ranges[k],
      title: { text: 'epoch' },
      nticks: 6,
      // Zooming one subplot zooms the others only when they share the epoch axis.
      ...(epochs.shared && !first ? { matches: 'x' } : {}),
    };
    layout[`yaxis${suffix}`] = {
      ...plotlyAxis(theme),
      anchor: xaxis,
      range: [0, 1.02],
      tickformat: '.0%',
      showticklabels: first,
      ...(first ? { title: { text: 'accuracy' } } : {}),
    };
    // Titles are cut to their subplot's width (the table below has the full names), in the run's colour.
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
      font: { size: 12, color: runColour(theme, runId) },
    });
  });
  data.push(
    ...styleLegend(
      theme,
      curves.some((cv) => cv.robustEpochs.length > 0),
    ),
  );
  return { data, layout, sharedEpochs: epochs.shared };
}

/**
 * The legend of the side-by-side figure: what each line style means, in neutral ink (the colours are the
 * runs, named above their subplots). Each entry shows and hides its kind of line in every subplot.
 */
function styleLegend(theme: Theme, robust: boolean): Partial<Data>[] {
  const kinds = [
    ...(robust ? [['robust, train', 'train', false] as const, ['robust, test', 'test', false] as const] : []),
    ['clean, train', 'train', robust] as const,
    ['clean, test', 'test', robust] as const,
  ];
  return kinds.map(([name, split, clean]) => {
    const style = seriesStyle(theme, { runId: 1, split, secondary: clean });
    return {
      type: 'scatter',
      mode: 'lines',
      name,
      legendgroup: name,
      x: [null],
      y: [null],
      hoverinfo: 'skip',
      ...plotlyLine({ ...style, colour: theme.chart.text }),
    } as Partial<Data>;
  });
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

const isRobust = (record: AnalysisRecord) => (record.result as { robust?: unknown } | null)?.robust != null;

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

/**
 * The runs' 1-D landscapes on one pair of axes: each run in its colour, train solid, test dashed. The legend
 * names each run once (clicking it shows or hides both its curves); its title says which dash is which split.
 */
export function landscapeFigure(
  entries: readonly { runId: number; label: string; curve: LandscapeCurve | null }[],
  theme: Theme,
  robust: boolean,
): Figure {
  const data: Partial<Data>[] = [];
  entries.forEach(({ runId, label, curve }) => {
    if (!curve) return;
    curve.splits.forEach((s, k) => {
      data.push({
        type: 'scatter',
        mode: curve.alphas.length > 25 ? 'lines' : 'lines+markers',
        name: label,
        legendgroup: `run-${runId}`,
        showlegend: k === 0,
        x: curve.alphas,
        y: s.loss.map((v) => (Number.isFinite(v) ? v : null)) as number[],
        ...plotlyLine(seriesStyle(theme, { runId, split: s.split })),
        marker: { size: 4 },
        hovertemplate: `${label} · ${s.split}: loss %{y:.4f} at α = %{x:.2f}<extra></extra>`,
      });
    });
  });
  if (!data.length) data.push({ type: 'scatter', x: [0], y: [null], showlegend: false });
  return {
    data,
    layout: {
      ...baseLayout(theme, 330),
      legend: { orientation: 'h', y: -0.3, x: 0, title: { text: 'train solid, test dashed:', side: 'left' } },
      margin: { l: 58, r: 12, t: 10, b: 84 },
      xaxis: {
        ...plotlyAxis(theme),
        title: { text: 'α (step along the shared direction d)' },
        zeroline: true,
      },
      yaxis: { ...plotlyAxis(theme), title: { text: robust ? 'robust loss (PGD at every point)' : 'loss' } },
    },
  };
}
