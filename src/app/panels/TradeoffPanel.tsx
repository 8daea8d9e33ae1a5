/**
 * Clean vs robust accuracy of every run of the session (AW-Net's trade-off figure, docs/methods/awnet.md):
 * one point per run at its last epoch, the frontier of the static models, and a table with "WRA (mean)",
 * the mean of clean and robust accuracy (our assumption about the paper's metric).
 */
import { METHOD_CARD } from '../../core/train/cards';
import { awnet } from '../../core/train/methods/awnet';
import { useMemo, useState } from 'react';
import type { Data } from 'plotly.js';
import { type TradeoffPoint, aboveFrontier, tradeoffFrontier, wraMean } from '../../core/analysis/tradeoff';
import { toCsv } from '../export';
import { PlotOr } from '../plotly/LazyPlot';
import { useOnStage } from '../presenter/figure-scale';
import { plotlyAxis, plotlyPaper } from '../plotly/paper';
import { runColour } from '../svg/grammar';
import type { RunView } from '../store/runs';
import { usePlotExports } from './figure-exports';
import type { PanelProps } from './types';
import { pct } from './use-analysis';

interface Row extends TradeoffPoint {
  run: RunView;
  awnet: boolean;
  epoch: number;
}

/** A run's clean test accuracy and robust test accuracy (PGD through the whole model) at its last epoch. */
function rowOf(run: RunView): Row | null {
  const last = run.history[run.history.length - 1];
  const robust = last?.extra.robustTestAcc;
  if (!last || robust === undefined) return null;
  return {
    run,
    robust,
    clean: last.testAcc,
    awnet: run.config.training.method === awnet.id,
    epoch: last.epoch,
  };
}

export function TradeoffPanel({ run, runs = [], theme }: PanelProps) {
  const rows = useMemo(
    () => (runs.length ? runs : [run]).map(rowOf).filter((r): r is Row => r !== null),
    [runs, run],
  );
  const frontier = useMemo(() => tradeoffFrontier(rows.filter((r) => !r.awnet)), [rows]);
  const c = theme.chart;
  const fig = useMemo(() => {
    if (!rows.length) return null;
    const axis = plotlyAxis(theme);
    const data: Partial<Data>[] = rows.map((r) => ({
      type: 'scatter',
      mode: 'text+markers',
      name: r.run.label,
      x: [r.robust],
      y: [r.clean],
      text: [r.run.label],
      textposition: 'top center',
      cliponaxis: false,
      marker: {
        size: r.awnet ? 15 : 11,
        symbol: r.awnet ? 'star' : 'circle',
        color: runColour(theme, r.run.id),
      },
      hovertemplate: `${r.run.label}: robust %{x:.3f}, clean %{y:.3f}<extra></extra>`,
    }));
    if (frontier.length)
      data.push({
        type: 'scatter',
        mode: 'lines',
        name: 'frontier of the static models',
        x: frontier.map((p) => p.robust),
        y: frontier.map((p) => p.clean),
        line: { color: c.muted, dash: 'dash', width: 1.5 },
        hoverinfo: 'skip',
      });
    return {
      data,
      layout: {
        height: 320,
        margin: { l: 56, r: 12, t: 28, b: 100 },
        ...plotlyPaper(theme),
        legend: { orientation: 'h' as const, y: -0.42, x: 0 },
        xaxis: { ...axis, title: { text: 'robust test accuracy (PGD through the whole model)' } },
        yaxis: { ...axis, title: { text: 'clean test accuracy' } },
      },
    };
  }, [rows, frontier, c, theme]);
  const [gd, setGd] = useState<HTMLElement | null>(null);
  const csv = useMemo(
    () => () =>
      toCsv(
        ['run', 'method', 'model', 'epoch', 'clean', 'robust', 'wra_mean'],
        rows.map((r) => [
          r.run.label,
          r.run.config.training.method,
          r.run.config.model.kind,
          r.epoch,
          r.clean,
          r.robust,
          wraMean(r),
        ]),
      ),
    [rows],
  );
  usePlotExports(gd, 'tradeoff', rows.length ? csv : null);
  // On the presenter's stage the table alone: one labelled point per run of the session does not stay
  // legible at projector type size beside another figure, and the table has every number its lesson reads.
  const onStage = useOnStage();
  return (
    <div data-testid="tradeoff" data-value={rows.length}>
      {!onStage && (
        <PlotOr
          fig={fig}
          height={320}
          onGraph={setGd}
          ariaLabel="Clean against robust test accuracy, one point per run, with the frontier of the static models. The table below gives the numbers."
        >
          <p className="placeholder">
            No run has robust accuracy yet: switch on Robust evaluation (More settings) and train.
          </p>
        </PlotOr>
      )}
      {rows.length > 0 && (
        <div className="compare-table">
          <table data-testid="tradeoff-table">
            <thead>
              <tr>
                <th>run</th>
                <th>method</th>
                <th>clean</th>
                <th>robust</th>
                <th title="The mean of clean and robust accuracy: our assumption about the paper's Weighted Robust Accuracy">
                  WRA (mean)*
                </th>
                <th>vs frontier</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const gap = r.awnet ? aboveFrontier(r, frontier) : null;
                return (
                  <tr key={r.run.id}>
                    <td>{r.run.label}</td>
                    <td>{`${METHOD_CARD[r.run.config.training.method].label}${r.run.config.model.kind === 'awnet' ? ' · AW-Net model' : ''}`}</td>
                    <td>{pct(r.clean)}</td>
                    <td>{pct(r.robust)}</td>
                    <td>{pct(wraMean(r))}</td>
                    <td>{gap === null ? '' : `${gap >= 0 ? '+' : ''}${(100 * gap).toFixed(1)} pts clean`}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <p className="chart-summary">
        * WRA (mean of clean and robust accuracy) is our assumption about the paper&apos;s Weighted Robust
        Accuracy, whose exact definition we could not read.
      </p>
    </div>
  );
}
