/**
 * Filter weight distributions of two runs side by side (AW-Net's observation, docs/methods/awnet.md): per
 * kernel the histogram of its weights (as densities, so tensors of different runs compare), and per filter
 * the L1 norm and standard deviation as box plots. Reads each run's latest 'weight-distribution' record; the
 * shown run's is computed when it is missing.
 */
import { useEffect, useMemo, useState } from 'react';
import { METHOD_CARD } from '../../core/train/cards';
import type { Data, Layout } from 'plotly.js';
import type { LayerDistribution, WeightDistributionResult } from '../../core/analysis/weight-distribution';
import { toCsv } from '../export';
import { PlotOr } from '../plotly/LazyPlot';
import { plotlyAxis, plotlyPaper } from '../plotly/paper';
import { withAlpha } from '../compare/figures';
import { runColour } from '../svg/grammar';
import type { RunView } from '../store/runs';
import { usePlotExports } from './figure-exports';
import type { PanelProps } from './types';
import { AnalysisBar, canAnalyse, useAnalysis } from './use-analysis';
import { latestOf } from '../../core/analysis/records';

const latestResult = (run: RunView) => latestOf(run.analyses, 'weight-distribution')?.result ?? null;

/** "run 2 · PGD-AT" */
const runName = (run: RunView) => `${run.label} · ${METHOD_CARD[run.config.training.method].label}`;

export function WeightDistributionPanel({ run, runs = [], theme, actions }: PanelProps) {
  const state = useAnalysis<WeightDistributionResult>(run, 'weight-distribution', actions);
  const mine = state.latest?.result ?? null;
  const idle = run.status === 'done' || run.status === 'paused';
  // The shown run's distributions are cheap: compute them once it has stopped training without any.
  useEffect(() => {
    if (!mine && idle && canAnalyse(run) && !state.busy && run.history.length > 0) state.start({});
  }, [mine, idle, run, state]);
  const others = runs.filter((r) => r.id !== run.id && latestResult(r) !== null);
  const [otherId, setOtherId] = useState<number | null>(null);
  const other = others.find((r) => r.id === otherId) ?? others[others.length - 1] ?? null;
  const theirs = other ? latestResult(other) : null;
  const names = mine?.layers.map((l) => l.name) ?? [];
  const [layerName, setLayerName] = useState<string | null>(null);
  const name = layerName && names.includes(layerName) ? layerName : (names[0] ?? null);
  const a = mine?.layers.find((l) => l.name === name) ?? null;
  const b = theirs?.layers.find((l) => l.name === name) ?? null;
  const fig = useMemo(() => {
    if (!a) return null;
    const sides = [
      { d: a, label: runName(run), colour: runColour(theme, run.id) },
      ...(b && other ? [{ d: b, label: runName(other), colour: runColour(theme, other.id) }] : []),
    ];
    const density = (d: LayerDistribution) => {
      const width = d.edges[1] - d.edges[0];
      const total = d.counts.reduce((s, v) => s + v, 0);
      return d.counts.map((n) => n / (total * width));
    };
    const data: Partial<Data>[] = sides.flatMap(({ d, label, colour }, k) => [
      {
        type: 'scatter',
        mode: 'lines',
        name: label,
        legendgroup: label,
        x: d.edges.slice(0, -1).map((e, i) => (e + d.edges[i + 1]) / 2),
        y: density(d),
        line: { color: colour, width: 2, shape: 'hvh' },
        fill: 'tozeroy',
        fillcolor: withAlpha(colour, 0.15),
        xaxis: 'x',
        yaxis: 'y',
        hovertemplate: `${label}<br>w = %{x:.3f}: density %{y:.2f}<extra></extra>`,
      },
      // Per-filter values as strips (run k at x = k, spread deterministically), with the median as a bar.
      ...(['filterL1', 'filterStd'] as const).flatMap((stat, s): Partial<Data>[] => {
        const values = d[stat];
        const median = [...values].sort((p, q) => p - q)[Math.floor(values.length / 2)];
        const axes = s === 0 ? { xaxis: 'x2', yaxis: 'y2' } : { xaxis: 'x3', yaxis: 'y3' };
        return [
          {
            type: 'scatter',
            mode: 'markers',
            name: label,
            legendgroup: label,
            showlegend: false,
            x: values.map((_, j) => k + (((j * 0.618034) % 1) - 0.5) * 0.5),
            y: values,
            marker: { color: withAlpha(colour, 0.7), size: 5 },
            ...axes,
            hovertemplate: `${label}, filter %{pointNumber}: %{y:.3f}<extra></extra>`,
          },
          {
            type: 'scatter',
            mode: 'lines',
            showlegend: false,
            x: [k - 0.35, k + 0.35],
            y: [median, median],
            line: { color: colour, width: 3 },
            ...axes,
            hovertemplate: `${label}: median %{y:.3f}<extra></extra>`,
          },
        ];
      }),
    ]);
    const axis = plotlyAxis(theme);
    // One strip per run (0 = this run, 1 = the other), no numbers on the axis.
    const strips = {
      ...axis,
      range: [-0.6, sides.length - 0.4] as [number, number],
      showticklabels: false,
      zeroline: false,
    };
    return {
      data,
      layout: {
        height: 320,
        margin: { l: 50, r: 10, t: 28, b: 70 },
        ...plotlyPaper(theme),
        legend: { orientation: 'h' as const, y: -0.22, x: 0 },
        xaxis: { ...axis, domain: [0, 0.5], title: { text: `weights of ${a.name}` } },
        yaxis: { ...axis, title: { text: 'density' } },
        xaxis2: { ...strips, domain: [0.6, 0.78], anchor: 'y2' as const, title: { text: 'filter L1 norm' } },
        yaxis2: { ...axis, anchor: 'x2' as const },
        xaxis3: { ...strips, domain: [0.86, 1], anchor: 'y3' as const, title: { text: 'filter std' } },
        yaxis3: { ...axis, anchor: 'x3' as const },
      } satisfies Partial<Layout>,
    };
  }, [a, b, other, run, theme]);
  const [gd, setGd] = useState<HTMLElement | null>(null);
  const csv = useMemo(
    () =>
      a
        ? () =>
            toCsv(
              ['run', 'layer', 'filter', 'l1', 'std'],
              [
                ...a.filterL1.map((v, j) => [runName(run), a.name, j, v, a.filterStd[j]]),
                ...(b && other
                  ? b.filterL1.map((v, j) => [runName(other), b.name, j, v, b.filterStd[j]])
                  : []),
              ],
            )
        : null,
    [a, b, run, other],
  );
  usePlotExports(gd, 'weight-distribution', csv);
  const summary = (d: LayerDistribution, r: RunView) => {
    const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
    return `${runName(r)}: std ${d.std.toFixed(3)}, mean |w| ${d.meanAbs.toFixed(3)}, filter L1 ${mean(d.filterL1).toFixed(2)} (mean)`;
  };
  return (
    <div
      data-testid="weight-distribution"
      data-value={mine ? mine.layers.length : 0}
      data-compared={b ? 1 : 0}
    >
      <AnalysisBar
        run={run}
        state={state}
        label={mine ? 'Compute again' : 'Compute the distributions'}
        onStart={() => state.start({})}
        testId="weight-distribution-run"
      />
      <div className="row-controls">
        <label>
          Layer{' '}
          <select
            value={name ?? ''}
            onChange={(e) => setLayerName(e.target.value)}
            data-testid="weight-distribution-layer"
          >
            {names.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          Compare with{' '}
          <select
            value={other?.id ?? ''}
            onChange={(e) => setOtherId(Number(e.target.value))}
            disabled={others.length === 0}
            data-testid="weight-distribution-other"
          >
            {others.length === 0 && <option value="">no other run with distributions yet</option>}
            {others.map((r) => (
              <option key={r.id} value={r.id}>
                {runName(r)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <PlotOr
        fig={fig}
        height={320}
        onGraph={setGd}
        ariaLabel="Histogram of one layer's weights for this run and another, and box plots of the per-filter L1 norms and standard deviations. The summary below gives the numbers."
      >
        <p className="placeholder">
          {state.busy ? 'Computing…' : 'Train the model; its distributions follow.'}
        </p>
      </PlotOr>
      {a && (
        <p className="chart-summary" data-testid="weight-distribution-summary">
          {summary(a, run)}
          {b && other ? (
            <> · {summary(b, other)}</>
          ) : other ? (
            ` · ${runName(other)} has no layer ${a.name}`
          ) : (
            ''
          )}
        </p>
      )}
    </div>
  );
}
