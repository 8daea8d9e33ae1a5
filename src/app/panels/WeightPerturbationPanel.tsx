/**
 * Worst-case vs random weight perturbation (docs/methods/awp.md#random-weight-perturbation/docs/methods/awp.md#robust-landscape; AWP lesson step 3): the loss when every
 * kernel moves by the fraction γ of its norm, along AWP's direction (the per-layer normalised gradient) and
 * along random directions of the same per-layer sizes (RWP), from the 'weight-perturbation' analysis.
 */
import { useMemo, useState } from 'react';
import type { Data } from 'plotly.js';
import type { WeightPerturbationResult } from '../../core/analysis/weight-perturbation';
import { toCsv } from '../export';
import { PlotOr } from '../plotly/LazyPlot';
import { withAlpha } from '../compare/figures';
import { plotlyLine, seriesStyle } from '../svg/grammar';
import { usePlotExports } from './figure-exports';
import type { PanelProps } from './types';
import { plotlyPaper } from '../plotly/paper';

/** The settings of AWP lesson step 3: kernels moved by up to 30 % of their norm, five random directions. */
const DEFAULT_SETTINGS = { gammaMax: 0.3, points: 11, randomDraws: 5, split: 'train', size: 256 };

export function WeightPerturbationPanel({ run, theme, actions }: PanelProps) {
  const record = useMemo(() => {
    for (let i = run.analyses.length - 1; i >= 0; i--)
      if (run.analyses[i].id === 'weight-perturbation') return run.analyses[i];
    return null;
  }, [run.analyses]);
  const r = record?.result as WeightPerturbationResult | undefined;
  const c = theme.chart;
  const fig = useMemo(() => {
    if (!r) return null;
    // The run's colour and the split's dash (svg/grammar.ts): the worst case is the main line, the random
    // directions' mean the thinner one, each random direction fainter still.
    const main = seriesStyle(theme, { runId: run.id, split: r.split });
    const second = seriesStyle(theme, { runId: run.id, split: r.split, secondary: true });
    const data: Partial<Data>[] = r.random.each.map((curve, k) => ({
      type: 'scatter',
      mode: 'lines',
      name: 'random directions',
      legendgroup: 'each',
      showlegend: k === 0,
      x: r.gammas,
      y: curve.loss,
      line: { color: withAlpha(main.colour, 0.3), width: 1, dash: plotlyLine(main).line.dash },
      hoverinfo: 'skip',
    }));
    data.push(
      {
        type: 'scatter',
        mode: 'lines+markers',
        name: 'random (mean)',
        x: r.gammas,
        y: r.random.loss,
        ...plotlyLine(second),
        marker: { size: 4 },
        hovertemplate: 'random, γ = %{x:.2f}: loss %{y:.4f}<extra></extra>',
      },
      {
        type: 'scatter',
        mode: 'lines+markers',
        name: 'worst case (AWP direction)',
        x: r.gammas,
        y: r.adversarial.loss,
        ...plotlyLine({ ...main, width: 2.5 }),
        marker: { symbol: 'diamond', size: 7 },
        hovertemplate: 'worst case, γ = %{x:.2f}: loss %{y:.4f}<extra></extra>',
      },
    );
    return {
      data,
      layout: {
        height: 340,
        margin: { l: 58, r: 12, t: 64, b: 50 },
        ...plotlyPaper(theme),
        legend: { orientation: 'h' as const, y: 1.02, yanchor: 'bottom' as const, x: 0 },
        xaxis: { color: c.muted, gridcolor: c.grid, title: { text: 'γ: every kernel moved by γ·‖w_l‖' } },
        yaxis: {
          color: c.muted,
          gridcolor: c.grid,
          title: { text: `${r.robust ? 'robust ' : ''}${r.split} loss` },
        },
      },
    };
  }, [r, c, theme, run.id]);
  const [gd, setGd] = useState<HTMLElement | null>(null);
  const csv = useMemo(
    () =>
      r
        ? () =>
            toCsv(
              ['gamma', 'worst_case_loss', 'worst_case_acc', 'random_mean_loss', 'random_mean_acc'],
              r.gammas.map((g, i) => [
                g,
                r.adversarial.loss[i],
                r.adversarial.acc[i],
                r.random.loss[i],
                r.random.acc[i],
              ]),
            )
        : null,
    [r],
  );
  usePlotExports(gd, 'weight-perturbation', csv);
  const busy = run.analysisProgress['weight-perturbation'] !== undefined;
  return (
    <div data-testid="weight-perturbation" data-value={r ? r.gammas.length : 0}>
      <div className="row-controls">
        <button
          type="button"
          onClick={() => actions.runAnalysis('weight-perturbation', DEFAULT_SETTINGS)}
          disabled={busy || run.status === 'creating' || run.status === 'running'}
          data-testid="weight-perturbation-run"
        >
          {busy ? 'Computing…' : r ? 'Compute again' : 'Compare worst-case and random'}
        </button>
      </div>
      <PlotOr
        fig={fig}
        height={340}
        onGraph={setGd}
        ariaLabel="Loss against the relative perturbation size γ along the worst-case direction and along random directions of the same size. The summary below gives the rises."
      >
        <p className="placeholder">Not computed yet.</p>
      </PlotOr>
      {r && (
        <p className="chart-summary">
          At γ = {r.gammas[r.gammas.length - 1]} the loss rises by {r.metrics.adversarialRise.toFixed(3)} in
          the worst-case direction and by {r.metrics.randomRise.toFixed(3)} on average in random ones (ratio{' '}
          {r.metrics.riseRatio.toFixed(1)}×), after epoch {record!.epoch}.
        </p>
      )}
    </div>
  );
}
