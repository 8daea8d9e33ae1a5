/**
 * LSA per layer (docs/methods/lsa.md#figures figures 1, 2, 5): the relative error of every probe under each perturbation
 * (one bar series per kind), and for one kind the scores Algorithm 1 compares, the μ + η·σ line and the
 * Most Vulnerable Layers highlighted; η is a slider (the MVL is recomputed by the core's rule, no training).
 */
import { useMemo, useState } from 'react';
import type { Data, Layout } from 'plotly.js';
import type { LsaResult } from '../../core/analysis/lsa';
import { LSA_PERTURBATION_LABELS } from '../../core/analysis/lsa-view';
import type { LsaPerturbation } from '../../core/config';
import { toCsv } from '../export';
import { defaultKind, lsaRecords, lsaSettingsOf, mvlAt } from '../lsa/lsa-data';
import { paperName } from '../lsa/naming';
import { PlotOr } from '../plotly/LazyPlot';
import type { Theme } from '../theme/themes';
import { usePlotExports } from './figure-exports';
import type { PanelProps } from './types';
import { plotlyPaper } from '../plotly/paper';

const HIGHLIGHT = 'rgba(240, 228, 66, 0.35)'; // Okabe–Ito yellow, behind the MVL layers

/** Short legend names, so the legend fits in two rows of a narrow column. */
const SHORT: Record<LsaPerturbation, string> = {
  fgsm: 'FGSM',
  pgd: 'PGD',
  gaussian: 'Gaussian',
  salt: 'salt',
  pepper: 'pepper',
  speckle: 'speckle',
};

function figure(
  result: LsaResult,
  kind: LsaPerturbation,
  mvl: ReturnType<typeof mvlAt>,
  theme: Theme,
): { data: Partial<Data>[]; layout: Partial<Layout> } {
  const c = theme.chart;
  const x = result.probeNames.map((n, i) => `L${i} · ${n}`);
  const data: Partial<Data>[] = result.perturbations.map((p, k) => ({
    type: 'bar',
    name: SHORT[p.kind],
    x,
    y: p.relativeError,
    marker: {
      color: c.classes[k % c.classes.length],
      line: { color: p.kind === kind ? c.text : c.background, width: p.kind === kind ? 1.5 : 0.5 },
    },
    hovertemplate: `${LSA_PERTURBATION_LABELS[p.kind]} · %{x}: %{y:.4f}<extra></extra>`,
  }));
  data.push({
    type: 'scatter',
    mode: 'markers',
    name: `score vs μ + ησ (${SHORT[kind]})`,
    x,
    y: mvl.scores,
    marker: { symbol: 'diamond', size: 10, color: c.text, line: { color: c.background, width: 1 } },
    hovertemplate: 'score %{y:.4f}<extra></extra>',
  });
  const top = Math.max(
    mvl.threshold,
    ...mvl.scores.filter(Number.isFinite),
    ...result.perturbations.flatMap((p) => p.relativeError.filter(Number.isFinite)),
  );
  return {
    data,
    layout: {
      height: 340,
      margin: { l: 50, r: 12, t: 10, b: 96 },
      ...plotlyPaper(theme),
      barmode: 'group',
      legend: { orientation: 'h', y: -0.22, x: 0, font: { size: 10.5 } },
      xaxis: { color: c.muted, automargin: false },
      yaxis: {
        color: c.muted,
        gridcolor: c.grid,
        title: { text: 'relative error' },
        range: [0, (Number.isFinite(top) ? top : 1) * 1.15],
      },
      shapes: [
        ...mvl.mvl.map((l) => ({
          type: 'rect' as const,
          xref: 'x' as const,
          yref: 'paper' as const,
          x0: l - 0.5,
          x1: l + 0.5,
          y0: 0,
          y1: 1,
          fillcolor: HIGHLIGHT,
          line: { width: 0 },
          layer: 'below' as const,
        })),
        {
          type: 'line' as const,
          xref: 'paper' as const,
          yref: 'y' as const,
          x0: 0,
          x1: 1,
          y0: mvl.threshold,
          y1: mvl.threshold,
          line: { color: c.text, width: 1.5, dash: 'dash' as const },
        },
      ],
      annotations: [
        {
          xref: 'paper',
          yref: 'y',
          x: 1,
          y: mvl.threshold,
          xanchor: 'right',
          yanchor: 'bottom',
          text: `μ + ησ = ${mvl.threshold.toFixed(3)} (η = ${mvl.eta})`,
          showarrow: false,
          font: { size: 11, color: c.text },
        },
        ...mvl.mvl.map((l) => ({
          xref: 'x' as const,
          yref: 'paper' as const,
          x: l,
          y: 1,
          yanchor: 'top' as const,
          text: '<b>MVL</b>',
          showarrow: false,
          font: { size: 12, color: c.text },
        })),
      ],
    },
  };
}

export function LsaBarsPanel({ run, theme, actions }: PanelProps) {
  const records = useMemo(() => lsaRecords(run), [run]);
  const [pickedEpoch, setPickedEpoch] = useState<number | null>(null);
  const record =
    (pickedEpoch !== null ? records.find((r) => r.epoch === pickedEpoch) : null) ??
    records[records.length - 1];
  const result = record?.result;
  const [pickedKind, setPickedKind] = useState<LsaPerturbation | null>(null);
  const kind =
    result && pickedKind && result.perturbations.some((p) => p.kind === pickedKind)
      ? pickedKind
      : result
        ? defaultKind(result)
        : null;
  const [pickedEta, setPickedEta] = useState<number | null>(null);
  const eta = pickedEta ?? result?.eta ?? run.config.lsa.eta;
  const perturbation = result?.perturbations.find((p) => p.kind === kind);
  const mvl = useMemo(
    () => (result && perturbation ? mvlAt(perturbation, result.statistic, eta) : null),
    [result, perturbation, eta],
  );
  const fig = useMemo(
    () => (result && kind && mvl ? figure(result, kind, mvl, theme) : null),
    [result, kind, mvl, theme],
  );
  const [gd, setGd] = useState<HTMLElement | null>(null);
  const csv = useMemo(
    () =>
      result
        ? () =>
            toCsv(
              [
                'epoch',
                'perturbation',
                'layer',
                'probe',
                'relative_error',
                'batch',
                'sample_mean',
                'mvl_score',
                'threshold',
                'in_mvl',
              ],
              result.perturbations.flatMap((p) => {
                const m = mvlAt(p, result.statistic, eta);
                return result.probeNames.map((name, l) => [
                  record!.epoch,
                  p.kind,
                  l,
                  name,
                  p.relativeError[l],
                  p.batch[l],
                  p.sampleMean[l],
                  m.scores[l],
                  m.threshold,
                  m.mvl.includes(l),
                ]);
              }),
            )
        : null,
    [result, record, eta],
  );
  usePlotExports(gd, 'lsa-layers', csv);
  const busy = run.analysisProgress.lsa !== undefined;
  const runNow = () => actions.runAnalysis('lsa', lsaSettingsOf(run.config));
  const name = paperName(run.config);
  return (
    <div className="lsa" data-testid="lsa-bars">
      <p className="run-name">
        Run <strong data-testid="paper-name">{name}</strong>
        {record && (
          <span className="muted">
            {' '}
            · LSA after epoch {record.epoch} on {result?.size} {result?.split} points
          </span>
        )}
      </p>
      <div className="row-controls">
        {records.length > 1 && (
          <label>
            After epoch{' '}
            <select
              value={record?.epoch}
              onChange={(e) => setPickedEpoch(Number(e.target.value))}
              data-testid="lsa-epoch"
            >
              {records.map((r) => (
                <option key={`${r.epoch}-${records.indexOf(r)}`} value={r.epoch}>
                  {r.epoch}
                </option>
              ))}
            </select>
          </label>
        )}
        {result && (
          <label>
            MVL under{' '}
            <select
              value={kind ?? ''}
              onChange={(e) => setPickedKind(e.target.value as LsaPerturbation)}
              data-testid="lsa-kind"
            >
              {result.perturbations.map((p) => (
                <option key={p.kind} value={p.kind}>
                  {LSA_PERTURBATION_LABELS[p.kind]}
                </option>
              ))}
            </select>
          </label>
        )}
        {result && (
          <label className="slider">
            η = <output>{eta.toFixed(2)}</output>
            <input
              type="range"
              min={-1}
              max={3}
              step={0.05}
              value={eta}
              onChange={(e) => setPickedEta(Number(e.target.value))}
              data-testid="lsa-eta"
              aria-label="MVL cut-off η"
            />
          </label>
        )}
        <button
          type="button"
          onClick={runNow}
          disabled={busy || run.status === 'creating'}
          data-testid="lsa-run"
        >
          {busy ? 'Computing LSA…' : 'Run LSA now'}
        </button>
      </div>
      <PlotOr
        fig={fig}
        height={340}
        onGraph={setGd}
        ariaLabel="Relative error of each layer under each perturbation as grouped bars; diamonds are the scores compared with the dashed μ + ησ line; the MVL layers are shaded. The table has the same numbers."
      >
        <p className="placeholder">
          {run.config.lsa.every > 0
            ? `LSA runs after every ${run.config.lsa.every === 1 ? '' : `${run.config.lsa.every}th `}epoch: train to see it.`
            : 'No LSA yet: press “Run LSA now”, or set “Lsa · every” in More settings to measure it during training.'}
        </p>
      </PlotOr>
      {mvl && kind && (
        <p className="chart-summary" data-testid="lsa-mvl" data-value={mvl.mvl.join(',')}>
          Under {LSA_PERTURBATION_LABELS[kind]}: μ = {mvl.mu.toFixed(3)}, σ = {mvl.sigma.toFixed(3)},
          threshold μ + ησ = {mvl.threshold.toFixed(3)}.{' '}
          {mvl.mvl.length
            ? `Most vulnerable layer${mvl.mvl.length > 1 ? 's' : ''}: ${mvl.mvl.map((l) => `L${l}`).join(', ')} (shaded).`
            : 'No layer is above the threshold at this η: lower η to find the most vulnerable ones.'}
        </p>
      )}
      {result && (
        <details className="table-alt">
          <summary>Relative errors (table)</summary>
          <table>
            <thead>
              <tr>
                <th scope="col">layer</th>
                {result.perturbations.map((p) => (
                  <th key={p.kind} scope="col">
                    {LSA_PERTURBATION_LABELS[p.kind]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {result.probeNames.map((n, l) => (
                <tr key={n}>
                  <th scope="row">
                    L{l} · {n}
                    {mvl?.mvl.includes(l) ? ' (MVL)' : ''}
                  </th>
                  {result.perturbations.map((p) => (
                    <td key={p.kind}>{p.relativeError[l].toFixed(4)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </div>
  );
}
