/**
 * AW-Net's router on clean and adversarial inputs (docs/methods/awnet.md; our proposal): histograms of its
 * detection p(x), the ROC with its AUC, and the effective per-filter scale r_l, from 'awnet-router'.
 */
import { useMemo, useState } from 'react';
import type { Data, Layout } from 'plotly.js';
import type { RouterResult } from '../../core/analysis/awnet-router';
import { toCsv } from '../export';
import { PlotOr } from '../plotly/LazyPlot';
import { useOnStage } from '../presenter/figure-scale';
import { plotlyAxis, plotlyPaper } from '../plotly/paper';
import { withAlpha } from '../compare/figures';
import { usePlotExports } from './figure-exports';
import type { PanelProps } from './types';
import { AnalysisBar, pct, useAnalysis } from './use-analysis';

/** Bins of the p(x) histograms on [0, 1]. */
const BINS = 20;
const BIN_CENTRES = Array.from({ length: BINS }, (_, i) => (i + 0.5) / BINS);
/** The share of `values` in each bin. */
const shares = (values: readonly number[]) => {
  const counts = new Array<number>(BINS).fill(0);
  for (const v of values) counts[Math.min(BINS - 1, Math.floor(v * BINS))]++;
  return counts.map((n) => n / Math.max(values.length, 1));
};

/**
 * The presenter's stage form: the ROC curve alone, across the width (three subplots side by side do not fit
 * at projector type size); the lab keeps the histograms and the per-filter scales.
 */
function rocOnly(fig: { data: Partial<Data>[]; layout: Partial<Layout> }) {
  const { xaxis2, yaxis2 } = fig.layout;
  const layout: Partial<Layout> = { ...fig.layout };
  delete layout.xaxis2;
  delete layout.yaxis2;
  delete layout.xaxis3;
  delete layout.yaxis3;
  return {
    data: fig.data
      .filter((d) => (d as { xaxis?: string }).xaxis === 'x2')
      .map((d) => ({ ...d, xaxis: 'x', yaxis: 'y' }) as Partial<Data>),
    layout: {
      ...layout,
      xaxis: { ...xaxis2, domain: [0, 1], anchor: undefined },
      yaxis: { ...yaxis2, anchor: undefined },
    },
  };
}

export function AwnetRouterPanel({ run, theme, actions }: PanelProps) {
  const state = useAnalysis<RouterResult>(run, 'awnet-router', actions);
  const r = state.latest?.result ?? null;
  const c = theme.chart;
  const [layer, setLayer] = useState(0);
  const l = r ? Math.min(layer, r.signals.length - 1) : 0;
  const onStage = useOnStage();
  const fig = useMemo(() => {
    if (!r) return null;
    const axis = plotlyAxis(theme);
    const sig = r.signals[l];
    const filters = sig.clean.map((_, j) => j);
    const data: Partial<Data>[] = [
      ...(
        [
          ['clean inputs', r.pClean, c.train],
          ['adversarial inputs', r.pAdversarial, c.test],
        ] as const
      ).map(([name, values, colour]): Partial<Data> => ({
        type: 'bar',
        name,
        x: BIN_CENTRES,
        y: shares(values),
        width: 1 / BINS,
        opacity: 0.6,
        marker: { color: colour },
        xaxis: 'x',
        yaxis: 'y',
        hovertemplate: `${name}: p ≈ %{x:.3f}, share %{y:.2f}<extra></extra>`,
      })),
      {
        type: 'scatter',
        mode: 'lines',
        name: `ROC (AUC ${r.auc.toFixed(3)})`,
        x: r.roc.fpr,
        y: r.roc.tpr,
        line: { color: c.text, width: 2 },
        xaxis: 'x2',
        yaxis: 'y2',
        hovertemplate: 'false positives %{x:.2f}, true positives %{y:.2f}<extra></extra>',
      },
      {
        type: 'scatter',
        mode: 'lines',
        showlegend: false,
        x: [0, 1],
        y: [0, 1],
        line: { color: c.grid, dash: 'dot', width: 1 },
        xaxis: 'x2',
        yaxis: 'y2',
        hoverinfo: 'skip',
      },
      ...(
        [
          ['r on clean', sig.clean, c.train],
          ['r on adversarial', sig.adversarial, c.test],
        ] as const
      ).map(([name, values, colour]): Partial<Data> => ({
        type: 'bar',
        name,
        x: filters,
        y: values,
        marker: { color: withAlpha(colour, 0.8) },
        xaxis: 'x3',
        yaxis: 'y3',
        hovertemplate: `${name}, filter %{x}: %{y:.3f}<extra></extra>`,
      })),
    ];
    return {
      data,
      layout: {
        height: 340,
        margin: { l: 50, r: 10, t: 10, b: 80 },
        ...plotlyPaper(theme),
        barmode: 'overlay' as const,
        bargap: 0,
        legend: { orientation: 'h' as const, y: -0.25, x: 0 },
        xaxis: { ...axis, domain: [0, 0.3], range: [0, 1], title: { text: 'p(x): adversarial?' } },
        yaxis: { ...axis, title: { text: 'share of inputs' } },
        xaxis2: {
          ...axis,
          domain: [0.38, 0.62],
          range: [0, 1],
          anchor: 'y2' as const,
          title: { text: 'false positive rate' },
        },
        yaxis2: { ...axis, anchor: 'x2' as const, range: [0, 1], title: { text: 'true positive rate' } },
        xaxis3: {
          ...axis,
          domain: [0.72, 1],
          anchor: 'y3' as const,
          title: { text: `filter of ${sig.layer}` },
        },
        yaxis3: { ...axis, anchor: 'x3' as const, title: { text: 'mean r_l' } },
      } satisfies Partial<Layout>,
    };
  }, [r, l, c, theme]);
  const shown = useMemo(() => (fig && onStage ? rocOnly(fig) : fig), [fig, onStage]);
  const [gd, setGd] = useState<HTMLElement | null>(null);
  const csv = useMemo(
    () =>
      r
        ? () =>
            toCsv(
              ['layer', 'filter', 'r_clean', 'r_adversarial'],
              r.signals.flatMap((s) => s.clean.map((v, j) => [s.layer, j, v, s.adversarial[j]])),
            )
        : null,
    [r],
  );
  usePlotExports(gd, 'awnet-router', csv);
  const settings = {
    ...run.config.robustEval,
    size: run.config.robustEval.testSize,
  };
  return (
    <div data-testid="awnet-router" data-value={r ? r.auc : ''}>
      <AnalysisBar
        run={run}
        state={state}
        label={r ? 'Compute again' : 'Look at the router'}
        onStart={() => state.start(settings)}
        testId="awnet-router-run"
      >
        {r && r.signals.length > 1 && (
          <label>
            Layer{' '}
            <select
              value={l}
              onChange={(e) => setLayer(Number(e.target.value))}
              data-testid="awnet-router-layer"
            >
              {r.signals.map((s, i) => (
                <option key={s.layer} value={i}>
                  {s.layer}
                </option>
              ))}
            </select>
          </label>
        )}
      </AnalysisBar>
      <PlotOr
        fig={shown}
        height={340}
        onGraph={setGd}
        ariaLabel="Histograms of the router's detection probability on clean and adversarial inputs, its ROC curve, and the mean per-filter scale on both. The summary below gives the numbers."
      >
        <p className="placeholder">
          {state.busy ? 'Computing…' : 'Computed after the last epoch, or on request.'}
        </p>
      </PlotOr>
      {r && (
        <p className="chart-summary" data-testid="awnet-router-summary">
          On {r.size} {r.split} points, PGD ε = {r.epsilon} through the router: detection AUC{' '}
          {r.auc.toFixed(3)}; accuracy clean {pct(r.accuracy.clean)}, adaptive attack{' '}
          {pct(r.accuracy.adaptive)} (loss {r.losses.adaptive.toFixed(3)}), attack that ignores the router{' '}
          {pct(r.accuracy.routerIgnored)} (loss {r.losses.routerIgnored.toFixed(3)}).
        </p>
      )}
    </div>
  );
}
