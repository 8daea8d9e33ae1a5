import { useMemo, useState } from 'react';
import type { Data, Layout } from 'plotly.js';
import type { SweepResult } from '../../core/analysis/fgsm-sweep';
import { downloadText, stamp, toCsv } from '../export';
import { downloadFigure, LazyPlot } from '../plotly/LazyPlot';
import type { Theme } from '../theme/themes';
import { usePanelExports } from './PanelFrame';
import type { PanelProps } from './types';
import { AnalysisBar, Choice, fmt, pct, useAnalysis, usePerRun } from './use-analysis';
import { plotlyAxis, plotlyPaper } from '../plotly/paper';

type Split = 'test' | 'train';

function figure(records: { epoch: number; result: SweepResult }[], theme: Theme) {
  const c = theme.chart;
  const axis = plotlyAxis(theme);
  // The newest sweep bold, up to three earlier ones faint: how robustness moved with training.
  const shown = records.slice(-4);
  const data: Partial<Data>[] = shown.map((rec, k) => {
    const newest = k === shown.length - 1;
    return {
      type: 'scatter',
      mode: 'lines+markers',
      name: `epoch ${rec.epoch} (R&G ${rec.result.rg.toFixed(1)})`,
      x: rec.result.epsilons,
      y: rec.result.accuracy,
      line: { color: newest ? c.test : c.muted, width: newest ? 2.5 : 1, dash: newest ? 'solid' : 'dot' },
      marker: { size: newest ? 7 : 4 },
      opacity: newest ? 1 : 0.7,
      hovertemplate: `ε = %{x}: %{y:.1%}<extra>epoch ${rec.epoch}</extra>`,
    };
  });
  const layout: Partial<Layout> = {
    height: 260,
    margin: { l: 58, r: 14, t: 10, b: 44 },
    ...plotlyPaper(theme),
    showlegend: true,
    legend: { orientation: 'h', y: -0.28, x: 0 },
    xaxis: { ...axis, title: { text: 'FGSM ε' } },
    yaxis: { ...axis, title: { text: 'accuracy' }, range: [0, 1.02], tickformat: '.0%' },
  };
  return { data, layout };
}

export function FgsmSweepPanel({ run, theme, actions }: PanelProps) {
  const [split, setSplit] = usePerRun<Split>(run, () => 'test');
  const state = useAnalysis<SweepResult>(run, 'fgsm-sweep', actions);
  const records = useMemo(
    () => state.records.filter((r) => r.result.split === split),
    [state.records, split],
  );
  const latest = records.length ? records[records.length - 1] : null;
  const [gd, setGd] = useState<HTMLElement | null>(null);
  const fig = useMemo(() => figure(records, theme), [records, theme]);
  const r = latest?.result ?? null;
  const exporters = useMemo(
    () =>
      r
        ? {
            ...(gd
              ? {
                  png: () => downloadFigure(gd, 'png', `basin-fgsm-sweep-${stamp()}`),
                  svg: () => downloadFigure(gd, 'svg', `basin-fgsm-sweep-${stamp()}`),
                }
              : {}),
            csv: () =>
              downloadText(
                toCsv(
                  ['epsilon', 'accuracy', 'loss'],
                  r.epsilons.map((e, i) => [e, r.accuracy[i], r.loss[i]]),
                ) + `# R&G,${r.rg}\n`,
                `basin-fgsm-sweep-${stamp()}.csv`,
                'text/csv',
              ),
          }
        : null,
    [gd, r],
  );
  usePanelExports(exporters);

  return (
    <div className="fgsm-sweep">
      <div className="panel-controls">
        <Choice<Split>
          label="Points"
          name={`fgsm-split-${run.id}`}
          value={split}
          options={[
            { value: 'test', label: 'test set' },
            { value: 'train', label: 'training set' },
          ]}
          onChange={setSplit}
          testId="fgsm-split"
        />
      </div>
      <AnalysisBar
        run={run}
        state={state}
        label="Run the FGSM ε-sweep"
        onStart={() => state.start({ split })}
        testId="fgsm-run"
      />
      {r && latest ? (
        <>
          <LazyPlot
            data={fig.data}
            layout={fig.layout}
            onGraph={setGd}
            style={{ width: '100%', height: 260 }}
            ariaLabel={`FGSM accuracy against ε on the ${split} set; R&G ${r.rg.toFixed(1)} of ${100 * r.epsilons.length}. The table has the numbers.`}
          />
          <p className="chart-summary" data-testid="fgsm-summary" data-value={r.rg}>
            R&amp;G score after epoch {latest.epoch}: <strong>{r.rg.toFixed(1)}</strong> of{' '}
            {100 * r.epsilons.length} (sum of the FGSM accuracies in % over ε ∈ {'{'}
            {r.epsilons.join(', ')}
            {'}'}, {r.size} {split} points).
          </p>
          <table data-testid="fgsm-table">
            <caption>FGSM accuracy and loss per ε ({split} set)</caption>
            <thead>
              <tr>
                <th scope="col">ε</th>
                {r.epsilons.map((e) => (
                  <th key={e} scope="col">
                    {e}
                  </th>
                ))}
                <th scope="col">R&amp;G</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">accuracy</th>
                {r.accuracy.map((a, i) => (
                  <td key={i}>{pct(a)}</td>
                ))}
                <td>
                  <strong>{r.rg.toFixed(1)}</strong>
                </td>
              </tr>
              <tr>
                <th scope="row">loss</th>
                {r.loss.map((l, i) => (
                  <td key={i}>{fmt(l, 3)}</td>
                ))}
                <td />
              </tr>
            </tbody>
          </table>
          {records.length > 1 && (
            <details className="table-alt">
              <summary>R&amp;G of every sweep of this run</summary>
              <table>
                <thead>
                  <tr>
                    <th scope="col">epoch</th>
                    <th scope="col">clean accuracy (ε = 0)</th>
                    <th scope="col">R&amp;G</th>
                  </tr>
                </thead>
                <tbody>
                  {records.map((rec, i) => (
                    <tr key={i}>
                      <td>{rec.epoch}</td>
                      <td>{pct(rec.result.epsilons[0] === 0 ? rec.result.accuracy[0] : null)}</td>
                      <td>{rec.result.rg.toFixed(1)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          )}
        </>
      ) : (
        <p className="placeholder">
          Measures accuracy under FGSM at ε = 0, 0.1, …, 0.5 on the whole {split} set and adds them up
          (R&amp;G).
        </p>
      )}
    </div>
  );
}
