/**
 * LSA across the compared runs (docs/methods/lsa.md#figures figure 2): each run's relative error per layer under one
 * perturbation, from its latest LSA, one line per run; AT-LR should pull its regularised layer down.
 */
import { useMemo, useState } from 'react';
import type { Data } from 'plotly.js';
import type { LsaResult } from '../../core/analysis/lsa';
import { LSA_PERTURBATION_LABELS } from '../../core/analysis/lsa-view';
import { LSA_PERTURBATIONS, type LsaPerturbation } from '../../core/config';
import { toCsv } from '../export';
import { lsaRecords } from '../lsa/lsa-data';
import { labelWithPaperName } from '../lsa/naming';
import { usePlotExports } from '../panels/figure-exports';
import { LazyPlot } from '../plotly/LazyPlot';
import type { RunView } from '../store/runs';
import type { Theme } from '../theme/themes';
import { runColour } from '../svg/grammar';
import { plotlyPaper } from '../plotly/paper';

export function LsaAcrossRuns({ runs, theme }: { runs: readonly RunView[]; theme: Theme }) {
  const [kind, setKind] = useState<LsaPerturbation>('pgd');
  const entries = useMemo(
    () =>
      runs.map((run) => {
        const records = lsaRecords(run);
        const last = records[records.length - 1];
        const result = last?.result as LsaResult | undefined;
        const p = result?.perturbations.find((q) => q.kind === kind);
        return { run, epoch: last?.epoch ?? null, result, values: p?.relativeError ?? null };
      }),
    [runs, kind],
  );
  const c = theme.chart;
  const data: Partial<Data>[] = entries.flatMap(({ run, result, values }) =>
    result && values
      ? [
          {
            type: 'scatter' as const,
            mode: 'lines+markers' as const,
            name: labelWithPaperName(run.label, run.config),
            x: result.probeNames.map((n, l) => `L${l} · ${n}`),
            y: values,
            line: { color: runColour(theme, run.id), width: 2 },
            marker: { size: 7 },
            hovertemplate: `${run.label} · %{x}: %{y:.4f}<extra></extra>`,
          },
        ]
      : [],
  );
  const [gd, setGd] = useState<HTMLElement | null>(null);
  const csv = useMemo(
    () => () =>
      toCsv(
        ['run', 'epoch', 'perturbation', 'layer', 'probe', 'relative_error'],
        entries.flatMap((e) =>
          e.result && e.values
            ? e.result.probeNames.map((n, l) => [e.run.label, e.epoch, kind, l, n, e.values![l]])
            : [],
        ),
      ),
    [entries, kind],
  );
  usePlotExports(gd, 'compare-lsa', data.length ? csv : null);
  return (
    <div data-testid="comparison-lsa" data-value={data.length}>
      <div className="row-controls">
        <label>
          Perturbation{' '}
          <select value={kind} onChange={(e) => setKind(e.target.value as LsaPerturbation)}>
            {LSA_PERTURBATIONS.map((p) => (
              <option key={p} value={p}>
                {LSA_PERTURBATION_LABELS[p]}
              </option>
            ))}
          </select>
        </label>
      </div>
      {data.length ? (
        <LazyPlot
          data={data}
          layout={{
            height: 260,
            margin: { l: 50, r: 12, t: 10, b: 70 },
            ...plotlyPaper(theme),
            legend: { orientation: 'h', y: -0.3, x: 0 },
            xaxis: { color: c.muted, automargin: false },
            yaxis: {
              color: c.muted,
              gridcolor: c.grid,
              title: { text: 'relative error' },
              rangemode: 'tozero',
            },
          }}
          onGraph={setGd}
          style={{ width: '100%', height: 260 }}
          ariaLabel="Relative error per layer of each compared run under the chosen perturbation, one line per run. The CSV download has the numbers."
        />
      ) : (
        <p className="placeholder">No compared run has an LSA under {LSA_PERTURBATION_LABELS[kind]}.</p>
      )}
      <p className="chart-summary">
        {entries
          .filter((e) => e.values)
          .map(
            (e) =>
              `${labelWithPaperName(e.run.label, e.run.config, true)} (epoch ${e.epoch}): ${e.values!.map((v) => v.toFixed(3)).join(' / ')}`,
          )
          .join('; ')}
      </p>
    </div>
  );
}
