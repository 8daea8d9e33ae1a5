/**
 * LSA's accuracy-vs-FGSM-ε table with the R&G score (docs/methods/lsa.md#rg-score, docs/methods/lsa.md#figures figure 3) for several runs, and
 * the R&G bar chart. The rows come from each run's latest 'fgsm-sweep' record via the core's rgTable.
 */
import { DocLink } from '../docs/DocLink';
import { useMemo, useState } from 'react';
import type { SweepResult } from '../../core/analysis/fgsm-sweep';
import { type NamedSweep, rgTable } from '../../core/analysis/lsa-view';
import { downloadText, stamp, toCsv } from '../export';
import { downloadFigure, LazyPlot } from '../plotly/LazyPlot';
import { usePanelExports } from '../panels/PanelFrame';
import type { RunView } from '../store/runs';
import type { Theme } from '../theme/themes';
import { runColour } from '../svg/grammar';
import { labelWithPaperName } from './naming';
import { plotlyPaper } from '../plotly/paper';
import { latestOf } from '../../core/analysis/records';

/** The latest FGSM sweep of a run, if it has one. */
export function latestSweep(run: RunView): SweepResult | null {
  return latestOf(run.analyses, 'fgsm-sweep')?.result ?? null;
}

/** Runs with a sweep, named as in LSA's tables (label and paper name). */
function namedSweeps(runs: readonly RunView[]): (NamedSweep & { runId: number })[] {
  return runs.flatMap((run) => {
    const sweep = latestSweep(run);
    return sweep ? [{ name: labelWithPaperName(run.label, run.config), sweep, runId: run.id }] : [];
  });
}

export function RgTable({ runs, theme, testId }: { runs: readonly RunView[]; theme: Theme; testId: string }) {
  const sweeps = useMemo(() => namedSweeps(runs), [runs]);
  const table = useMemo(() => rgTable(sweeps), [sweeps]);
  // Each bar in its run's colour (rows are named as namedSweeps names them).
  const colours = new Map(sweeps.map((s) => [s.name, runColour(theme, s.runId)]));
  const [gd, setGd] = useState<HTMLElement | null>(null);
  const best = table.rows.reduce((b, r) => Math.max(b, r.rg), -Infinity);
  const exporters = useMemo(
    () =>
      table.rows.length
        ? {
            ...(gd
              ? {
                  png: () => downloadFigure(gd, 'png', `basin-rg-${stamp()}`),
                  svg: () => downloadFigure(gd, 'svg', `basin-rg-${stamp()}`),
                }
              : {}),
            csv: () =>
              downloadText(
                toCsv(
                  ['run', ...table.epsilons.map((e) => `fgsm_acc_percent_eps_${e}`), 'rg'],
                  table.rows.map((r) => [r.name, ...r.accuracy, r.rg]),
                ),
                `basin-rg-${stamp()}.csv`,
                'text/csv',
              ),
          }
        : null,
    [gd, table],
  );
  usePanelExports(exporters);
  if (!table.rows.length)
    return (
      <p className="placeholder" data-testid={`${testId}-empty`}>
        No FGSM ε sweep yet: run one on each run you want in the table.
      </p>
    );
  return (
    <div className="rg" data-testid={testId} data-value={table.rows.length}>
      <table className="compare-table">
        <caption>
          FGSM accuracy (%) on the test split at each ε; R&amp;G = the sum over the row, ε = 0 included (LSA,
          <DocLink to={{ page: 'lsa', anchor: 'rg-score' }} />
          ).
          {!table.comparable && ' The runs used different ε grids: their R&G scores do not compare.'}
        </caption>
        <thead>
          <tr>
            <th scope="col">run</th>
            {table.epsilons.map((e) => (
              <th key={e} scope="col">
                ε = {e}
              </th>
            ))}
            <th scope="col">R&amp;G</th>
          </tr>
        </thead>
        <tbody>
          {table.rows.map((r) => (
            <tr key={r.name}>
              <th scope="row">{r.name}</th>
              {r.accuracy.map((a, i) => (
                <td key={i}>{a === null ? '–' : a.toFixed(1)}</td>
              ))}
              <td>{r.rg === best ? <strong>{r.rg.toFixed(1)}</strong> : r.rg.toFixed(1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <LazyPlot
        data={[
          {
            type: 'bar',
            x: table.rows.map((r) => r.name),
            y: table.rows.map((r) => r.rg),
            marker: { color: table.rows.map((r) => colours.get(r.name) ?? theme.chart.muted) },
            hovertemplate: '%{x}: R&G %{y:.1f}<extra></extra>',
          },
        ]}
        layout={{
          height: 180,
          margin: { l: 52, r: 10, t: 8, b: 60 },
          ...plotlyPaper(theme),
          showlegend: false,
          xaxis: { color: theme.chart.muted, automargin: false },
          yaxis: {
            color: theme.chart.muted,
            gridcolor: theme.chart.grid,
            title: { text: 'R&G' },
            range: [0, 100 * Math.max(...table.rows.map((r) => r.accuracy.length)) * 1.02],
          },
        }}
        onGraph={setGd}
        style={{ width: '100%', height: 180 }}
        ariaLabel="R&G score per run as bars; the table above has the same numbers."
      />
    </div>
  );
}
