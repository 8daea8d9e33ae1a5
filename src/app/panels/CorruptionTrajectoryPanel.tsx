import { useEffect, useMemo, useState } from 'react';
import type { Data, Layout } from 'plotly.js';
import type { Norm } from '../../core/analysis/corruption/kinds';
import type { TrajectoryResult } from '../../core/analysis/corruption/trajectory';
import { NumberField } from '../controls/fields';
import { downloadText, stamp, toCsv } from '../export';
import { downloadFigure, LazyPlot } from '../plotly/LazyPlot';
import type { Theme } from '../theme/themes';
import { NORM_LABEL, budgetLabel, kindColours, plotBase } from './corruption-common';
import { plotlyAxis } from '../plotly/paper';
import { BudgetFields } from './corruption-controls';
import { usePanelExports } from './PanelFrame';
import type { PanelProps } from './types';
import { AnalysisBar, fmt, useAnalysis, usePerRun } from './use-analysis';

interface TrajectoryForm {
  norm: Norm;
  mode: 'relative' | 'absolute';
  value: number;
  steps: number;
  resolution: number;
  span: number;
}

export const DEFAULT_TRAJECTORY_FORM: TrajectoryForm = {
  norm: 'l2',
  mode: 'relative',
  value: 0.05,
  steps: 10,
  resolution: 21,
  span: 1.5,
};

/** One animation frame per this many ms. */
const FRAME_MS = 450;

/** The loss surface (contour) with the path a_0 … a_k, and ΔL(a_j) for j ≤ k beside it. */
function figure(
  r: TrajectoryResult,
  k: number,
  theme: Theme,
): { data: Partial<Data>[]; layout: Partial<Layout> } {
  const res = r.grid.alphas.length;
  const z = Array.from({ length: r.grid.betas.length }, (_, j) =>
    Array.from({ length: res }, (_, i) => r.grid.loss[j * res + i]),
  );
  const col = kindColours(theme);
  const c = theme.chart;
  const steps = Array.from({ length: r.steps + 1 }, (_, j) => j);
  const upTo = steps.slice(0, k + 1);
  const axis = plotlyAxis(theme);
  return {
    data: [
      {
        type: 'contour',
        x: r.grid.alphas,
        y: r.grid.betas,
        z,
        colorscale: 'Viridis',
        contours: { coloring: 'heatmap', showlines: true },
        line: { width: 0.5, color: 'rgba(255,255,255,0.35)' },
        colorbar: { title: { text: 'loss', side: 'right' }, thickness: 10, len: 0.9, x: 0.54, xpad: 2 },
        hovertemplate: 'α %{x:.2f}, β %{y:.2f}: loss %{z:.4f}<extra></extra>',
        name: 'loss surface',
        showlegend: false,
      },
      {
        type: 'scatter',
        mode: 'lines+markers',
        x: r.alpha,
        y: r.beta,
        line: { color: 'rgba(255,255,255,0.45)', width: 1, dash: 'dot' },
        marker: { size: 4, color: 'rgba(255,255,255,0.45)' },
        hoverinfo: 'skip',
        name: 'whole path',
        showlegend: false,
      },
      {
        type: 'scatter',
        mode: 'lines+markers',
        x: upTo.map((j) => r.alpha[j]),
        y: upTo.map((j) => r.beta[j]),
        line: { color: '#ffffff', width: 2.5 },
        marker: { size: 7, color: col.oneStep, line: { color: '#ffffff', width: 1 } },
        hovertemplate: 'a_%{text}: α %{x:.3f}, β %{y:.3f}<extra></extra>',
        text: upTo.map(String),
        name: 'path so far',
        showlegend: false,
      },
      {
        type: 'scatter',
        mode: 'markers',
        x: [r.alpha[k]],
        y: [r.beta[k]],
        marker: { size: 15, symbol: 'star', color: '#ffffff', line: { color: '#000000', width: 1.2 } },
        hovertemplate: `a_${k}<extra></extra>`,
        name: `a_${k}`,
        showlegend: false,
      },
      {
        type: 'scatter',
        mode: 'lines+markers',
        x: steps,
        y: r.deltaLoss,
        xaxis: 'x2',
        yaxis: 'y2',
        line: { color: c.muted, width: 1, dash: 'dot' },
        marker: { size: 4, color: c.muted },
        hoverinfo: 'skip',
        showlegend: false,
      },
      {
        type: 'scatter',
        mode: 'lines+markers',
        x: upTo,
        y: upTo.map((j) => r.deltaLoss[j]),
        xaxis: 'x2',
        yaxis: 'y2',
        line: { color: col.oneStep, width: 2.5 },
        marker: { size: 6, color: col.oneStep },
        hovertemplate: 'ΔL(a_%{x}) = %{y:.4g}<extra></extra>',
        showlegend: false,
      },
    ],
    layout: {
      ...plotBase(theme, 340),
      margin: { l: 48, r: 10, t: 26, b: 44 },
      showlegend: false,
      xaxis: {
        ...axis,
        domain: [0, 0.52],
        title: { text: 'α (along a_K)' },
        range: [r.grid.alphas[0], r.grid.alphas[res - 1]],
      },
      yaxis: {
        ...axis,
        title: { text: 'β (random ⟂ direction)' },
        range: [r.grid.betas[0], r.grid.betas[r.grid.betas.length - 1]],
        scaleanchor: 'x',
        scaleratio: 1,
      },
      xaxis2: {
        ...axis,
        anchor: 'y2',
        domain: [0.76, 1],
        title: { text: 'step k' },
        range: [-0.3, r.steps + 0.3],
        dtick: r.steps > 5 ? undefined : 1,
        nticks: 6,
      },
      yaxis2: { ...axis, anchor: 'x2' },
      annotations: [
        {
          text: 'loss surface of the plane',
          showarrow: false,
          x: 0.26,
          y: 1.07,
          xref: 'paper',
          yref: 'paper',
          font: { size: 11 },
        },
        {
          text: 'ΔL along the path',
          showarrow: false,
          x: 0.88,
          y: 1.07,
          xref: 'paper',
          yref: 'paper',
          font: { size: 11 },
        },
      ],
    },
  };
}

function trajectoryCsv(r: TrajectoryResult): string {
  return toCsv(
    ['k', 'alpha', 'beta', 'in_plane', 'loss', 'delta_loss'],
    r.loss.map((l, k) => [k, r.alpha[k], r.beta[k], r.inPlane[k], l, r.deltaLoss[k]]),
  );
}

export function CorruptionTrajectoryPanel({ run, theme, actions }: PanelProps) {
  const [form, setForm] = usePerRun<TrajectoryForm>(run, () => DEFAULT_TRAJECTORY_FORM);
  const [gd, setGd] = useState<HTMLElement | null>(null);
  const state = useAnalysis<TrajectoryResult, { rows: number }>(run, 'corruption-trajectory', actions);
  const r = state.latest?.result ?? null;
  const [step, setStep] = useState({ of: r, k: 0 });
  const [playing, setPlaying] = useState(false);
  // A new result starts its animation at a_0.
  let k = step.k;
  if (step.of !== r) {
    k = 0;
    setStep({ of: r, k: 0 });
    if (r) setPlaying(true);
  }
  const K = r?.steps ?? 0;
  useEffect(() => {
    if (!playing || !r) return;
    const t = setTimeout(() => {
      if (k >= K) setPlaying(false);
      else setStep({ of: r, k: k + 1 });
    }, FRAME_MS);
    return () => clearTimeout(t);
  }, [playing, k, K, r]);
  const fig = useMemo(() => (r ? figure(r, Math.min(k, r.steps), theme) : null), [r, k, theme]);
  const exporters = useMemo(
    () =>
      r
        ? {
            ...(gd
              ? {
                  png: () => downloadFigure(gd, 'png', `basin-corruption-trajectory-k${k}-${stamp()}`),
                  svg: () => downloadFigure(gd, 'svg', `basin-corruption-trajectory-k${k}-${stamp()}`),
                }
              : {}),
            csv: () =>
              downloadText(trajectoryCsv(r), `basin-corruption-trajectory-${stamp()}.csv`, 'text/csv'),
          }
        : null,
    [gd, r, k],
  );
  usePanelExports(exporters);
  const set = (patch: Partial<TrajectoryForm>) => setForm({ ...form, ...patch });
  const go = (next: number) => {
    setPlaying(false);
    setStep({ of: r, k: Math.max(0, Math.min(K, next)) });
  };
  return (
    <div className="corruption-trajectory">
      <div className="panel-controls">
        <BudgetFields
          prefix="ctraj"
          runId={run.id}
          budget={form}
          relative={{ label: 'ρ·‖θ‖' }}
          onChange={set}
        />
        <NumberField
          label="Steps K"
          value={form.steps}
          min={1}
          max={100}
          integer
          onCommit={(steps) => set({ steps })}
          testId="ctraj-steps"
          hint="Steps of the multi-step corruption; η = 2.5ε/K (docs/methods/corruption.md#multi-step-corruption [P])"
        />
        <NumberField
          label="Grid"
          value={form.resolution}
          min={3}
          max={101}
          integer
          onCommit={(resolution) => set({ resolution })}
          testId="ctraj-resolution"
          hint="Points per axis of the loss surface (21–25 is a good in-browser size)"
        />
        <NumberField
          label="Span"
          value={form.span}
          min={0.1}
          max={20}
          step="any"
          onCommit={(span) => set({ span })}
          testId="ctraj-span"
          hint="The surface covers [−span, span]² in units of ‖a_K‖; a_K sits at (1, 0)"
        />
      </div>
      <AnalysisBar
        run={run}
        state={state}
        label="Compute the trajectory"
        onStart={() => state.start(form)}
        testId="ctraj-run"
      >
        {state.busy && state.partial && (
          <span>
            surface row {state.partial.rows} of {form.resolution}
          </span>
        )}
      </AnalysisBar>
      {r && fig ? (
        <>
          <div className="player-row">
            <button
              type="button"
              onClick={() => {
                if (playing) setPlaying(false);
                else {
                  if (k >= K) setStep({ of: r, k: 0 });
                  setPlaying(true);
                }
              }}
              data-testid="ctraj-play"
              aria-label={playing ? 'Pause the animation' : 'Play the corruption path step by step'}
            >
              {playing ? '❚❚ Pause' : '▶ Play'}
            </button>
            <button
              type="button"
              className="small"
              onClick={() => go(k - 1)}
              aria-label="One step back"
              disabled={k <= 0}
            >
              ◀
            </button>
            <input
              type="range"
              min={0}
              max={K}
              step={1}
              value={k}
              onChange={(e) => go(Number(e.target.value))}
              aria-label="Corruption step k"
              aria-valuetext={`step ${k} of ${K}`}
              data-testid="ctraj-slider"
            />
            <button
              type="button"
              className="small"
              onClick={() => go(k + 1)}
              aria-label="One step forward"
              disabled={k >= K}
            >
              ▶
            </button>
            <span data-testid="ctraj-step" data-value={k} aria-live="polite">
              k = {k} / {K}: ΔL = {fmt(r.deltaLoss[k])}
            </span>
          </div>
          <LazyPlot
            data={fig.data}
            layout={fig.layout}
            onGraph={setGd}
            style={{ width: '100%', height: 340 }}
            ariaLabel={`The ${K}-step corruption path on the loss surface of its plane, shown up to step ${k}, and the loss change along it. The table below has the numbers.`}
          />
          <p className="chart-summary" data-testid="ctraj-summary" data-value={r.deltaLoss[K]}>
            {`${NORM_LABEL[r.norm]}, ${budgetLabel(r.norm, r.mode, r.value)} (ε = ${fmt(r.epsilon)}), ${K} steps of η = ${fmt(r.stepScale, 3)}ε: ΔL grows from 0 to ${fmt(r.deltaLoss[K])} (clean loss ${fmt(r.cleanLoss)}). ` +
              `The plane holds ${Math.round(100 * Math.min(...r.inPlane))}% or more of every a_k's squared length; its second axis is a random direction (cosine with a_K before orthogonalising: ${fmt(r.plane.cosine, 3)}).`}
          </p>
          <details className="table-alt">
            <summary>The path, step by step (table)</summary>
            <table data-testid="ctraj-table">
              <thead>
                <tr>
                  <th scope="col">k</th>
                  <th scope="col">α</th>
                  <th scope="col">β</th>
                  <th scope="col">in plane</th>
                  <th scope="col">loss</th>
                  <th scope="col">ΔL</th>
                </tr>
              </thead>
              <tbody>
                {r.loss.map((l, j) => (
                  <tr key={j} aria-current={j === k ? 'step' : undefined}>
                    <th scope="row">{j}</th>
                    <td>{fmt(r.alpha[j], 3)}</td>
                    <td>{fmt(r.beta[j], 3)}</td>
                    <td>{Math.round(100 * r.inPlane[j])}%</td>
                    <td>{fmt(l)}</td>
                    <td>{fmt(r.deltaLoss[j])}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      ) : (
        !state.busy && (
          <p className="placeholder">
            Follows the multi-step corruption a_0 = 0 → a_K step by step and draws it on the loss surface of
            the plane spanned by a_K and a random direction.
          </p>
        )
      )}
    </div>
  );
}
