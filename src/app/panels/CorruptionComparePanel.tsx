import { useMemo, useState } from 'react';
import { METHOD_CARD } from '../../core/train/cards';
import { acr } from '../../core/train/methods/acr';
import { apd } from '../../core/train/methods/apd';
import type { ExperimentConfig } from '../../core/config';
import { downloadText, stamp, toCsv } from '../export';
import { downloadFigure, LazyPlot } from '../plotly/LazyPlot';
import type { RunView } from '../store/runs';
import { NORM_LABEL } from './corruption-common';
import {
  KIND_LABEL,
  type Kind,
  type Row,
  compareFigure,
  compareTableRows,
  curveKey,
  keyLabel,
} from './corruption-compare-model';
import { usePanelExports } from './PanelFrame';
import type { PanelProps } from './types';
import { Choice, fmt, pct } from './use-analysis';
import { recordsOf } from '../../core/analysis/records';

/** The method and its defence setting, as a short text. */
function methodText(config: ExperimentConfig): string {
  const m = config.training.method;
  const c = config.corruption;
  const budget =
    c.budget === 'absolute'
      ? `ε=${c.epsilon}`
      : `ρ=${c.rho}${c.budget === 'layer-relative' ? ' per tensor' : ''}`;
  if (m === acr.id) return `${acr.label} (${NORM_LABEL[c.norm]} ${budget}, λ=${c.lambda})`;
  if (m === apd.id) return `${apd.label} (${NORM_LABEL[c.norm]} ${budget}, K=${c.steps})`;
  return METHOD_CARD[m].label;
}

function rowsOf(runs: readonly RunView[]): Row[] {
  return runs.map((run) => {
    const recs = recordsOf(run.analyses, 'corruption-sweep');
    const last = recs[recs.length - 1];
    return { run, epoch: last?.epoch ?? null, result: last?.result ?? null };
  });
}

/**
 * The rows, kept as the same array while no run's sweep, label or method changed: the run list changes with
 * every training event, and the chart should not be redrawn for those.
 */
function useSameRows(rows: Row[]): Row[] {
  const sig = rows
    .map(
      (r) => `${r.run.id}:${r.run.label}:${r.run.config.training.method}:${r.epoch}:${r.run.analyses.length}`,
    )
    .join('|');
  const [held, setHeld] = useState({ sig, rows });
  if (held.sig !== sig) {
    setHeld({ sig, rows });
    return rows;
  }
  return held.rows;
}

export function CorruptionComparePanel({ run, runs, theme }: PanelProps) {
  const all = useSameRows(rowsOf(runs?.length ? runs : [run]));
  const swept = useMemo(() => all.filter((r) => r.result), [all]);
  const keys = [...new Set(swept.flatMap((r) => r.result!.curves.map(curveKey)))];
  const [chosenKey, setKey] = useState<string | null>(null);
  const [kind, setKind] = useState<Kind>('multiStep');
  const key = chosenKey && keys.includes(chosenKey) ? chosenKey : (keys[0] ?? null);
  const values = key
    ? [
        ...new Set(swept.flatMap((r) => r.result!.curves.find((c) => curveKey(c) === key)?.values ?? [])),
      ].sort((a, b) => a - b)
    : [];
  const [chosenValue, setValue] = useState<number | null>(null);
  const value =
    chosenValue !== null && values.includes(chosenValue)
      ? chosenValue
      : (values[Math.floor(values.length / 2)] ?? null);
  const [gd, setGd] = useState<HTMLElement | null>(null);
  const fig = useMemo(
    () => (key ? compareFigure(swept, key, kind, theme, methodText) : null),
    [swept, key, kind, theme],
  );

  // Memoised: the exporters depend on the rows, and a new exporters object each render would loop with the frame.
  const tableRows = useMemo(() => compareTableRows(swept, key, value), [swept, key, value]);
  const exporters = useMemo(
    () =>
      key && value !== null
        ? {
            ...(gd
              ? {
                  png: () => downloadFigure(gd, 'png', `basin-corruption-compare-${stamp()}`),
                  svg: () => downloadFigure(gd, 'svg', `basin-corruption-compare-${stamp()}`),
                }
              : {}),
            csv: () =>
              downloadText(
                toCsv(
                  [
                    'run',
                    'method',
                    'sweep_epoch',
                    'budget',
                    'value',
                    'epsilon',
                    'clean_test_acc',
                    'random_mean_test_acc',
                    'one_step_test_acc',
                    'multi_step',
                    'multi_step_test_acc',
                  ],
                  tableRows.map((t) => [
                    t.row.run.label,
                    methodText(t.row.run.config),
                    t.row.epoch,
                    key,
                    value,
                    t.one?.eps ?? '',
                    t.clean,
                    t.random?.acc ?? '',
                    t.one?.acc ?? '',
                    t.multi?.label ?? '',
                    t.multi?.acc ?? '',
                  ]),
                ),
                `basin-corruption-compare-${stamp()}.csv`,
                'text/csv',
              ),
          }
        : null,
    [gd, key, value, tableRows],
  );
  usePanelExports(exporters);

  const unswept = all.filter((r) => !r.result);
  if (!swept.length)
    return (
      <p className="placeholder" data-testid="ccompare-empty">
        No ε-sweep yet. Run the corruption ε-sweep on a trained model, then train another (e.g. switch the
        method to ACR or APD) and sweep it too: every run of this session with a sweep is compared here.
      </p>
    );
  return (
    <div className="corruption-compare">
      <div className="panel-controls">
        {keys.length > 1 && (
          <Choice<string>
            label="Budget"
            name={`ccompare-key-${run.id}`}
            value={key!}
            options={keys.map((k) => ({ value: k, label: keyLabel(k) }))}
            onChange={setKey}
            testId="ccompare-key"
          />
        )}
        <label className="field">
          <span className="field-label">{key?.endsWith('absolute') ? 'ε' : 'ρ'} for the table</span>
          <select
            value={value ?? ''}
            onChange={(e) => setValue(Number(e.target.value))}
            data-testid="ccompare-value"
          >
            {values.map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        </label>
        <Choice<Kind>
          label="Chart"
          name={`ccompare-kind-${run.id}`}
          value={kind}
          options={(Object.keys(KIND_LABEL) as Kind[]).map((k) => ({ value: k, label: KIND_LABEL[k] }))}
          onChange={setKind}
          testId="ccompare-kind"
        />
      </div>
      <div className="compare-table">
        <table data-testid="ccompare-table">
          <caption>
            Test accuracy under corruption at {key ? keyLabel(key) : ''} {value}, each run&apos;s latest sweep
          </caption>
          <thead>
            <tr>
              <th scope="col">run</th>
              <th scope="col">method</th>
              <th scope="col">sweep at epoch</th>
              <th scope="col">clean</th>
              <th scope="col">random</th>
              <th scope="col">one-step</th>
              <th scope="col">multi-step</th>
            </tr>
          </thead>
          <tbody>
            {tableRows.map((t) => (
              <tr key={t.row.run.id} aria-current={t.row.run.id === run.id ? 'true' : undefined}>
                <th scope="row">
                  {t.row.run.label}
                  {t.row.run.id === run.id ? ' (shown)' : ''}
                </th>
                <td>{methodText(t.row.run.config)}</td>
                <td>{t.row.epoch}</td>
                <td>{pct(t.clean)}</td>
                {[t.random, t.one, t.multi].map((c, i) => (
                  <td
                    key={i}
                    className={c ? undefined : 'na'}
                    title={c ? `ε = ${fmt(c.eps)}, ΔL = ${fmt(c.dl)}` : "not in this run's sweep"}
                  >
                    {c ? `${pct(c.acc)}${i === 2 ? ` (${c.label})` : ''}` : '–'}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {fig && fig.data.length > 0 && (
        <LazyPlot
          data={fig.data}
          layout={fig.layout}
          onGraph={setGd}
          style={{ width: '100%', height: 300 }}
          ariaLabel={`Test accuracy against corruption size for each run with a sweep, under ${KIND_LABEL[kind]} corruption. The table has the numbers at one ε.`}
        />
      )}
      <p className="chart-summary" data-testid="ccompare-summary" data-value={swept.length}>
        {swept.length} run{swept.length === 1 ? '' : 's'} with an ε-sweep
        {unswept.length
          ? `; without one: ${unswept.map((r) => `${r.run.label} (${methodText(r.run.config)})`).join(', ')}`
          : ''}
        .
        {key?.includes('relative')
          ? ' With a relative budget each model is corrupted by ρ times its own weight norm, so ε differs between runs (hover a cell for it); choose the absolute L2 budget in the sweep for the same ε everywhere.'
          : ''}
      </p>
    </div>
  );
}
