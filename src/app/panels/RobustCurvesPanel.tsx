import { useMemo, useState } from 'react';
import type { EpochMetrics } from '../../core/events';
import { downloadText, stamp, toCsv } from '../export';
import { downloadFigure, LazyPlot } from '../plotly/LazyPlot';
import { useOnStage } from '../presenter/figure-scale';
import type { RunView } from '../store/runs';
import { useThrottled } from '../useThrottled';
import { usePanelExports } from './PanelFrame';
import type { PanelProps } from './types';
import { pct } from './use-analysis';
import { robustCurvesFigure, robustEpochs } from './robust-curves-model';

export const hasRobustMetrics = (run: RunView) =>
  run.config.robustEval.enabled || run.history.some((m) => m.extra.robustTestAcc !== undefined);

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
  const onStage = useOnStage();
  const fig = useMemo(
    () => robustCurvesFigure(history, theme, run.epochsTotal, run.id, onStage),
    [history, theme, run.epochsTotal, run.id, onStage],
  );
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
