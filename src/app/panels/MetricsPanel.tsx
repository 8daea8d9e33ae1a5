import { useMemo } from 'react';
import type { EpochMetrics } from '../../core/events';
import { downloadText, stamp, toCsv } from '../export';
import { useThrottled } from '../useThrottled';
import { usePanelExports } from './PanelFrame';
import type { PanelProps } from './types';

const extraKeys = (history: EpochMetrics[]) =>
  [...new Set(history.flatMap((m) => Object.keys(m.extra)))].sort();

/** The metrics table as CSV: one row per epoch, full precision. */
export function metricsCsv(history: EpochMetrics[]): string {
  const extras = extraKeys(history);
  return toCsv(
    [
      'epoch',
      'train_loss',
      'train_acc',
      'test_loss',
      'test_acc',
      'objective',
      'seconds',
      'examples_per_sec',
      ...extras,
    ],
    history.map((m) => [
      m.epoch,
      m.trainLoss,
      m.trainAcc,
      m.testLoss,
      m.testAcc,
      m.objective,
      m.seconds,
      m.examplesPerSec,
      ...extras.map((k) => m.extra[k] ?? ''),
    ]),
  );
}

const SHOWN_ROWS = 12;

export function MetricsPanel({ run }: PanelProps) {
  const history = useThrottled(run.history, 250);
  const exporters = useMemo(
    () => ({ csv: () => downloadText(metricsCsv(run.history), `basin-metrics-${stamp()}.csv`, 'text/csv') }),
    [run.history],
  );
  usePanelExports(exporters);
  const extras = extraKeys(history);
  const rows = history.slice(-SHOWN_ROWS).reverse();
  if (!history.length) return <p className="placeholder">The table fills in as epochs finish.</p>;
  return (
    <div className="metrics-table">
      <table data-testid="metrics-table">
        <caption>
          Per-epoch metrics, newest first
          {history.length > SHOWN_ROWS ? ` (last ${SHOWN_ROWS} of ${history.length}; CSV has all)` : ''}
        </caption>
        <thead>
          <tr>
            <th scope="col">epoch</th>
            <th scope="col">train loss</th>
            <th scope="col">test loss</th>
            <th scope="col">train acc</th>
            <th scope="col">test acc</th>
            <th scope="col">ex/s</th>
            {extras.map((k) => (
              <th key={k} scope="col">
                {k}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((m) => (
            <tr key={m.epoch}>
              <th scope="row">{m.epoch}</th>
              <td>{m.trainLoss.toFixed(4)}</td>
              <td>{m.testLoss.toFixed(4)}</td>
              <td>{(m.trainAcc * 100).toFixed(1)}%</td>
              <td>{(m.testAcc * 100).toFixed(1)}%</td>
              <td>{Math.round(m.examplesPerSec).toLocaleString('en')}</td>
              {extras.map((k) => (
                <td key={k}>{m.extra[k]?.toFixed(4) ?? '–'}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
