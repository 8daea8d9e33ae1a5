import { useMemo, useState } from 'react';
import type { Data, Layout } from 'plotly.js';
import type { EpochMetrics } from '../../core/events';
import { downloadText, stamp, toCsv } from '../export';
import { downloadFigure, LazyPlot } from '../plotly/LazyPlot';
import type { RunView } from '../store/runs';
import type { Theme } from '../theme/themes';
import { useThrottled } from '../useThrottled';
import { usePanelExports } from './PanelFrame';
import type { PanelProps } from './types';
import { pct } from './use-analysis';
import { plotlyAxis, plotlyPaper } from '../plotly/paper';

/** Epochs that have robust numbers (robust evaluation may run every k epochs). */
const robustEpochs = (history: EpochMetrics[]) =>
  history.filter((m) => Number.isFinite(m.extra.robustTestAcc ?? NaN));

export const hasRobustMetrics = (run: RunView) =>
  run.config.robustEval.enabled || run.history.some((m) => m.extra.robustTestAcc !== undefined);

function figure(
  history: EpochMetrics[],
  theme: Theme,
  total: number,
): { data: Partial<Data>[]; layout: Partial<Layout> } {
  const c = theme.chart;
  const robust = robustEpochs(history);
  const line = (
    name: string,
    rows: EpochMetrics[],
    y: (m: EpochMetrics) => number,
    colour: string,
    dash: 'solid' | 'dash',
    bold: boolean,
    extra: { fill?: 'tonexty'; fillcolor?: string } = {},
  ): Partial<Data> => ({
    type: 'scatter',
    mode: rows.length > 40 ? 'lines' : 'lines+markers',
    name,
    x: rows.length ? rows.map((m) => m.epoch) : [0],
    y: rows.length ? rows.map(y) : [null],
    line: { color: colour, dash, width: bold ? 2.5 : 1.2 },
    opacity: bold ? 1 : 0.55,
    marker: { size: bold ? 7 : 4, symbol: bold ? 'diamond' : dash === 'solid' ? 'circle' : 'square' },
    hovertemplate: `${name}: %{y:.1%} (epoch %{x})<extra></extra>`,
    ...extra,
  });
  const axis = { ...plotlyAxis(theme), nticks: 6 };
  return {
    data: [
      line('clean train', history, (m) => m.trainAcc, c.train, 'solid', false),
      line('clean test', history, (m) => m.testAcc, c.test, 'dash', false),
      line('robust test', robust, (m) => m.extra.robustTestAcc, c.test, 'dash', true),
      // Filled down to the robust test curve: the shaded band is the robust generalisation gap.
      line('robust train', robust, (m) => m.extra.robustTrainAcc, c.train, 'solid', true, {
        fill: 'tonexty',
        fillcolor: theme.name === 'dark' ? 'rgba(200,200,200,0.26)' : 'rgba(90,90,90,0.24)',
      }),
    ],
    layout: {
      height: 320,
      margin: { l: 58, r: 14, t: 10, b: 44 },
      ...plotlyPaper(theme),
      showlegend: true,
      legend: { orientation: 'h', y: -0.2, x: 0, traceorder: 'normal' },
      xaxis: { ...axis, title: { text: 'epoch' }, range: [0, Math.max(total, 1) + 0.5] },
      yaxis: { ...axis, title: { text: 'accuracy' }, range: [0, 1.02], tickformat: '.0%' },
    },
  };
}

function robustCsv(history: EpochMetrics[]): string {
  return toCsv(
    [
      'epoch',
      'clean_train_acc',
      'clean_test_acc',
      'robust_train_acc',
      'robust_test_acc',
      'robust_gap',
      'robust_train_loss',
      'robust_test_loss',
    ],
    history.map((m) => [
      m.epoch,
      m.trainAcc,
      m.testAcc,
      m.extra.robustTrainAcc ?? '',
      m.extra.robustTestAcc ?? '',
      m.extra.robustGap ?? '',
      m.extra.robustTrainLoss ?? '',
      m.extra.robustTestLoss ?? '',
    ]),
  );
}

export function RobustCurvesPanel({ run, theme, actions }: PanelProps) {
  const history = useThrottled(run.history, run.status === 'running' ? 1000 : 100);
  const [gd, setGd] = useState<HTMLElement | null>(null);
  const fig = useMemo(() => figure(history, theme, run.epochsTotal), [history, theme, run.epochsTotal]);
  const exporters = useMemo(
    () => ({
      ...(gd
        ? {
            png: () => downloadFigure(gd, 'png', `basin-robust-curves-${stamp()}`),
            svg: () => downloadFigure(gd, 'svg', `basin-robust-curves-${stamp()}`),
          }
        : {}),
      csv: () => downloadText(robustCsv(run.history), `basin-robust-metrics-${stamp()}.csv`, 'text/csv'),
    }),
    [gd, run.history],
  );
  usePanelExports(exporters);

  const r = run.config.robustEval;
  const robust = robustEpochs(history);
  const last = robust[robust.length - 1];
  const attack = `PGD-${r.steps} (${r.norm === 'l2' ? 'L2' : 'L∞'}, ε = ${r.epsilon})`;
  if (!r.enabled && !last)
    return (
      <div className="robust-curves">
        <p className="placeholder">
          Robust accuracy is not measured in this run. Turning it on starts a new run that measures it after
          every epoch with {attack} on fixed subsets of {r.testSize} test and {r.trainSize} training points.
        </p>
        <button
          type="button"
          onClick={() =>
            actions.restartWith((cfg) => ({ ...cfg, robustEval: { ...cfg.robustEval, enabled: true } }))
          }
          data-testid="robust-enable"
        >
          Restart with robust evaluation on
        </button>
      </div>
    );
  return (
    <div className="robust-curves">
      <LazyPlot
        data={fig.data}
        layout={fig.layout}
        onGraph={setGd}
        style={{ width: '100%', height: 320 }}
        ariaLabel={`Accuracy per epoch: clean (thin) and under ${attack} (bold diamonds); the shaded band between robust train and robust test is the robust generalisation gap. The table below has the numbers.`}
      />
      <p
        className="chart-summary"
        data-testid="robust-summary"
        data-value={last ? last.extra.robustTestAcc : ''}
      >
        {last
          ? `After epoch ${last.epoch}, under ${attack}: robust test accuracy ${pct(last.extra.robustTestAcc)}, robust train ${pct(last.extra.robustTrainAcc)}, gap ${pct(last.extra.robustGap)} (clean test ${pct(last.testAcc)}).`
          : `Robust accuracy under ${attack} appears after the first epoch.`}
      </p>
      {robust.length > 0 && (
        <details className="table-alt">
          <summary>Robust accuracy per epoch (table)</summary>
          <table data-testid="robust-table">
            <thead>
              <tr>
                <th scope="col">epoch</th>
                <th scope="col">clean test</th>
                <th scope="col">robust train</th>
                <th scope="col">robust test</th>
                <th scope="col">gap</th>
              </tr>
            </thead>
            <tbody>
              {robust
                .slice(-12)
                .reverse()
                .map((m) => (
                  <tr key={m.epoch}>
                    <th scope="row">{m.epoch}</th>
                    <td>{pct(m.testAcc)}</td>
                    <td>{pct(m.extra.robustTrainAcc)}</td>
                    <td>{pct(m.extra.robustTestAcc)}</td>
                    <td>{pct(m.extra.robustGap)}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </details>
      )}
    </div>
  );
}
