/**
 * The training curves' view-model (pure: no React): the points drawn (epoch 0 first when measured), the
 * scales and paths of the light SVG figure, its hover read-out, the interactive Plotly figure and the summary
 * line. Loss on top, accuracy below; the run's colour, train solid and test dashed (svg/grammar.ts).
 */
import { line as d3line, scaleLinear } from 'd3';
import type { Data, Layout } from 'plotly.js';
import type { EpochMetrics } from '../../core/events';
import type { LegendItem } from '../svg/figure';
import { legendHeight } from '../svg/figure';
import { type SeriesStyle, plotlyLine, seriesStyle } from '../svg/grammar';
import type { Theme } from '../theme/themes';
import { plotlyAxis, plotlyPaper } from '../plotly/paper';
import type { RunView } from '../store/runs';

export type CurvePoint = Pick<EpochMetrics, 'epoch' | 'trainLoss' | 'trainAcc' | 'testLoss' | 'testAcc'>;

/** Height of the light figure with one legend row, its margins and the gap between the two panes. */
export const CURVES_HEIGHT = 380;
const M = { left: 58, right: 14, top: 10, bottom: 62 };
const GAP = 34;
const PANE = (CURVES_HEIGHT - M.top - M.bottom - GAP) / 2;

interface CurveSeries {
  name: string;
  split: 'train' | 'test';
  accuracy: boolean;
  value(m: CurvePoint): number;
}

const CURVE_SERIES: readonly CurveSeries[] = [
  { name: 'train loss', split: 'train', accuracy: false, value: (m) => m.trainLoss },
  { name: 'test loss', split: 'test', accuracy: false, value: (m) => m.testLoss },
  { name: 'train accuracy', split: 'train', accuracy: true, value: (m) => m.trainAcc },
  { name: 'test accuracy', split: 'test', accuracy: true, value: (m) => m.testAcc },
];

/** The points drawn: the history, after the untrained model as epoch 0 when the engine measured it. */
export function curvePoints(history: readonly EpochMetrics[], initial: RunView['initial']): CurvePoint[] {
  return initial && (history[0]?.epoch ?? 1) === 1 ? [{ epoch: 0, ...initial }, ...history] : [...history];
}

interface CurvePath {
  name: string;
  style: SeriesStyle;
  /** The SVG path through the finite values ('' when none). */
  d: string;
  /** Markers at the points (only while there are few of them). */
  dots: [number, number][];
}

/** Everything the light figure draws, at width `W` (px). */
export function curvesLayout(
  points: readonly CurvePoint[],
  total: number,
  theme: Theme,
  runId: number,
  W: number,
) {
  const legend: LegendItem[] = (['train', 'test'] as const).map((split) => {
    const style = seriesStyle(theme, { runId, split });
    return { label: split, colour: style.colour, dash: style.dash };
  });
  // CURVES_HEIGHT holds one legend row; a narrow panel wraps the legend and the figure grows.
  const height = CURVES_HEIGHT - 16 + legendHeight(legend, W - M.left - M.right);
  const sx = scaleLinear()
    .domain([0, Math.max(total, 1) + 0.5])
    .range([M.left, W - M.right]);
  const losses = points.flatMap((m) => [m.trainLoss, m.testLoss]).filter(Number.isFinite);
  const loss = scaleLinear()
    .domain([0, losses.length ? Math.max(...losses) * 1.08 : 1])
    .range([M.top + PANE, M.top]);
  const acc = scaleLinear()
    .domain([0, 1.02])
    .range([M.top + 2 * PANE + GAP, M.top + PANE + GAP]);
  const markers = points.length <= 40;
  const paths: CurvePath[] = CURVE_SERIES.map((s) => {
    const sy = s.accuracy ? acc : loss;
    const ok = points.filter((m) => Number.isFinite(s.value(m)));
    const xy = ok.map((m): [number, number] => [sx(m.epoch), sy(s.value(m))]);
    return {
      name: s.name,
      style: seriesStyle(theme, { runId, split: s.split }),
      d: d3line()(xy) ?? '',
      dots: markers ? xy : [],
    };
  });
  return {
    width: W,
    height,
    margins: M,
    sx,
    loss,
    acc,
    /** The two panes' vertical extents [bottom, top]. */
    lossPane: [M.top + PANE, M.top] as [number, number],
    accPane: [M.top + 2 * PANE + GAP, M.top + PANE + GAP] as [number, number],
    plotBottom: M.top + 2 * PANE + GAP,
    readoutY: M.top + PANE + GAP / 2 - 40,
    epochTicks: sx.ticks(6).filter(Number.isInteger),
    paths,
    legend,
    legendY: CURVES_HEIGHT - 14,
  };
}

/** The point whose epoch is nearest `epoch` (null without points). */
export function nearestPoint(points: readonly CurvePoint[], epoch: number): CurvePoint | null {
  let best: CurvePoint | null = null;
  for (const m of points) if (!best || Math.abs(m.epoch - epoch) < Math.abs(best.epoch - epoch)) best = m;
  return best;
}

const formatValue = (s: CurveSeries, v: number) => (s.accuracy ? `${(v * 100).toFixed(1)}%` : v.toFixed(4));

/** The hover read-out at one point: the epoch, then every series' value. */
export function hoverLines(point: CurvePoint, theme: Theme, runId: number) {
  return [
    { text: `epoch ${point.epoch}`, colour: theme.chart.text },
    ...CURVE_SERIES.map((s) => ({
      text: `${s.name}: ${formatValue(s, s.value(point))}`,
      colour: seriesStyle(theme, { runId, split: s.split }).colour,
    })),
  ];
}

/** The same curves as an interactive Plotly figure (zoom, pan, values on hover). */
export function interactiveCurves(points: readonly CurvePoint[], theme: Theme, total: number, runId: number) {
  const axis = plotlyAxis(theme);
  const epochs = points.map((m) => m.epoch);
  const data: Partial<Data>[] = CURVE_SERIES.map((s) => ({
    type: 'scatter',
    mode: points.length <= 40 ? 'lines+markers' : 'lines',
    name: s.name,
    x: epochs,
    y: points.map((m) => (Number.isFinite(s.value(m)) ? s.value(m) : null)),
    yaxis: s.accuracy ? 'y2' : 'y',
    ...plotlyLine(seriesStyle(theme, { runId, split: s.split })),
    marker: { size: 5 },
    hovertemplate: `${s.name} %{y:${s.accuracy ? '.1%' : '.4f'}} (epoch %{x})<extra></extra>`,
  }));
  const layout: Partial<Layout> = {
    height: CURVES_HEIGHT,
    margin: { l: 58, r: 14, t: 10, b: 62 },
    ...plotlyPaper(theme),
    showlegend: true,
    legend: { orientation: 'h', y: -0.2, x: 0 },
    xaxis: { ...axis, anchor: 'y2', title: { text: 'epoch' }, range: [0, Math.max(total, 1) + 0.5] },
    yaxis: { ...axis, domain: [0.56, 1], title: { text: 'loss' }, rangemode: 'tozero' },
    yaxis2: { ...axis, domain: [0, 0.44], title: { text: 'accuracy' }, tickformat: '.0%', range: [0, 1.02] },
    hovermode: 'x unified',
    uirevision: 'curves',
  };
  return { data, layout };
}

/** The line under the figure: the last epoch's numbers. */
export function curvesSummary(history: readonly EpochMetrics[]): string {
  const last = history[history.length - 1];
  if (!last) return 'No epoch trained yet: press Play or Step.';
  return `After ${last.epoch} epoch${last.epoch === 1 ? '' : 's'}: train loss ${last.trainLoss.toFixed(4)}, test loss ${last.testLoss.toFixed(4)}; train accuracy ${(last.trainAcc * 100).toFixed(1)}%, test accuracy ${(last.testAcc * 100).toFixed(1)}%.`;
}

export const CURVES_ARIA =
  'Loss (top) and accuracy (bottom) per epoch, training solid, test dashed. The metrics table has the same numbers.';
