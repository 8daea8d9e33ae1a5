import { useMemo, useState } from 'react';
import { readableCitations } from '../docs/pages';
import type { Data, Layout } from 'plotly.js';
import type { Norm } from '../../core/analysis/corruption/kinds';
import type { MeasureSeries, SweepCurve, SweepResult } from '../../core/analysis/corruption/sweep';
import { NumberField } from '../controls/fields';
import { downloadText, stamp, toCsv } from '../export';
import { downloadFigure, LazyPlot } from '../plotly/LazyPlot';
import type { Theme } from '../theme/themes';
import { LOG_AXIS, MODE_LABEL, NORM_LABEL, kindColours, parseIntList, plotBase } from './corruption-common';
import { plotlyAxis } from '../plotly/paper';
import { usePanelExports } from './PanelFrame';
import type { PanelProps } from './types';
import { AnalysisBar, Choice, fmt, pct, useAnalysis, usePerRun } from './use-analysis';

/** The suggested grids of docs/methods/corruption.md#figures [P]; the absolute L2 grid is ours [P], for comparing models at the same ε. */
const GRIDS = {
  l2Relative: { norm: 'l2', mode: 'relative', values: [0.005, 0.01, 0.02, 0.05, 0.1, 0.2] },
  l2Absolute: { norm: 'l2', mode: 'absolute', values: [0.01, 0.03, 0.1, 0.25, 0.5, 1] },
  linfAbsolute: { norm: 'linf', mode: 'absolute', values: [1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1] },
} as const;

type L2Mode = 'relative' | 'absolute';
type YScale = 'linear' | 'log';

interface SweepForm {
  l2Mode: L2Mode;
  trials: number;
  steps: string;
  set: 'train' | 'test';
}

export const DEFAULT_SWEEP_FORM: SweepForm = {
  l2Mode: 'relative',
  trials: 20,
  steps: '1, 3, 10',
  set: 'train',
};

/** The analysis settings of a form (null while the K list does not parse). */
export function sweepSettings(form: SweepForm, images: boolean) {
  const multiSteps = parseIntList(form.steps, 1, 100, 6);
  if (!multiSteps) return null;
  return {
    grids: [form.l2Mode === 'relative' ? GRIDS.l2Relative : GRIDS.l2Absolute, GRIDS.linfAbsolute],
    randomTrials: form.trials,
    multiSteps,
    data: { set: form.set },
    // The vectors a*, a_K go into the run bundle; for a CNN they are large, so only the numbers are kept.
    keepVectors: !images,
  };
}

/** Loss change (top) and test accuracy (bottom) against ε on a log axis, one curve of the sweep. */
function figure(
  curve: SweepCurve,
  clean: SweepResult['clean'],
  theme: Theme,
  yScale: YScale,
): { data: Partial<Data>[]; layout: Partial<Layout> } {
  const col = kindColours(theme);
  const x = curve.epsilons;
  const hover = (name: string, fmtY: string) => `${name}: %{y:${fmtY}} at ε = %{x:.3g}<extra></extra>`;
  const traces: Partial<Data>[] = [];
  const add = (axis: 'y' | 'y2', field: keyof MeasureSeries, showlegend: boolean) => {
    const f = axis === 'y' ? '.4g' : '.1%';
    const xa = axis === 'y' ? 'x' : 'x2';
    traces.push(
      {
        type: 'scatter',
        mode: 'lines',
        x,
        y: curve.random.min[field],
        xaxis: xa,
        yaxis: axis,
        line: { width: 0, color: col.random },
        showlegend: false,
        hoverinfo: 'skip',
        legendgroup: 'random',
      },
      {
        type: 'scatter',
        mode: 'lines',
        name: `random, min–max of ${curve.random.trials}`,
        x,
        y: curve.random.max[field],
        xaxis: xa,
        yaxis: axis,
        fill: 'tonexty',
        fillcolor: col.randomBand,
        line: { width: 0, color: col.random },
        showlegend,
        hoverinfo: 'skip',
        legendgroup: 'random-band',
      },
      {
        type: 'scatter',
        mode: 'lines+markers',
        name: 'random, mean',
        x,
        y: curve.random.mean[field],
        xaxis: xa,
        yaxis: axis,
        line: { color: col.random, width: 1.5, dash: 'dash' },
        marker: { size: 4, symbol: 'circle-open' },
        showlegend,
        legendgroup: 'random',
        hovertemplate: hover('random mean', f),
      },
      ...curve.multiStep.map((m, i): Partial<Data> => ({
        type: 'scatter',
        mode: 'lines+markers',
        name: `multi-step K = ${m.steps}`,
        x,
        y: m.series[field],
        xaxis: xa,
        yaxis: axis,
        line: { color: col.multi(i, curve.multiStep.length), width: 2, dash: i % 2 ? 'dashdot' : 'solid' },
        marker: { size: 6, symbol: 'diamond' },
        showlegend,
        legendgroup: `multi-${m.steps}`,
        hovertemplate: hover(`K = ${m.steps}`, f),
      })),
      // Drawn after the multi-step curves: K = 1 from a₀ = 0 is the same corruption and would hide it.
      {
        type: 'scatter',
        mode: 'lines+markers',
        name: 'one-step (gradient)',
        x,
        y: curve.oneStep[field],
        xaxis: xa,
        yaxis: axis,
        line: { color: col.oneStep, width: 2.5 },
        marker: { size: 9, symbol: 'square-open', line: { width: 2 } },
        showlegend,
        legendgroup: 'one',
        hovertemplate: hover('one-step', f),
      },
    );
  };
  add('y', 'deltaLoss', true);
  traces.push({
    type: 'scatter',
    mode: 'lines',
    name: `first-order estimate ε‖g‖${curve.norm === 'l2' ? '₂' : '₁'}`,
    x,
    y: curve.estimate,
    line: { color: col.oneStep, width: 1.5, dash: 'dot' },
    hovertemplate: hover('estimate', '.4g'),
  });
  add('y2', 'testAcc', false);
  traces.push({
    type: 'scatter',
    mode: 'lines',
    name: 'clean model',
    x: [x[0], x[x.length - 1]],
    y: [clean.testAcc, clean.testAcc],
    xaxis: 'x2',
    yaxis: 'y2',
    line: { color: theme.chart.text, width: 1, dash: 'dot' },
    hovertemplate: `clean: ${pct(clean.testAcc)}<extra></extra>`,
  });
  const axis = plotlyAxis(theme);
  return {
    data: traces,
    layout: {
      ...plotBase(theme, 520),
      margin: { l: 62, r: 12, t: 8, b: 44 },
      showlegend: true,
      legend: { orientation: 'h', y: -0.12, x: 0 },
      xaxis: { ...axis, ...LOG_AXIS, anchor: 'y', domain: [0, 1], showticklabels: false },
      xaxis2: {
        ...axis,
        ...LOG_AXIS,
        anchor: 'y2',
        matches: 'x',
        title: { text: `corruption size ε (${NORM_LABEL[curve.norm]}, log scale)` },
      },
      yaxis: { ...axis, type: yScale, domain: [0.55, 1], title: { text: 'loss change ΔL' } },
      yaxis2: {
        ...axis,
        domain: [0, 0.45],
        range: [0, 1.02],
        tickformat: '.0%',
        title: { text: 'test accuracy' },
      },
    },
  };
}

function sweepCsv(r: SweepResult): string {
  const rows: unknown[][] = [];
  for (const c of r.curves)
    c.epsilons.forEach((eps, i) => {
      const push = (kind: string, s: MeasureSeries) =>
        rows.push([
          c.norm,
          c.mode,
          c.values[i],
          eps,
          kind,
          s.deltaLoss[i],
          s.loss[i],
          s.acc[i],
          s.testLoss[i],
          s.testAcc[i],
          c.estimate[i],
        ]);
      push('one-step', c.oneStep);
      push('random-mean', c.random.mean);
      push('random-min', c.random.min);
      push('random-max', c.random.max);
      c.multiStep.forEach((m) => push(`multi-step-K${m.steps}`, m.series));
    });
  return toCsv(
    [
      'norm',
      'budget',
      'value',
      'epsilon',
      'kind',
      'delta_loss',
      'loss',
      'acc',
      'test_loss',
      'test_acc',
      'first_order_estimate',
    ],
    rows,
  );
}

function StepsField({ value, onCommit }: { value: string; onCommit(v: string): void }) {
  const [text, setText] = useState(value);
  const ok = parseIntList(text, 1, 100, 6) !== null;
  const commit = () => ok && text !== value && onCommit(text);
  return (
    <label
      className="field"
      title={readableCitations(
        'K of the multi-step curves, e.g. 1, 3, 10 (docs/methods/corruption.md#figures [P])',
      )}
    >
      <span className="field-label">Multi-step K</span>
      <input
        type="text"
        value={text}
        aria-invalid={ok ? undefined : true}
        data-testid="csweep-steps"
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
      />
      {!ok && <span className="field-problem">up to 6 whole numbers 1–100</span>}
    </label>
  );
}

export function CorruptionSweepPanel({ run, theme, actions }: PanelProps) {
  const [form, setForm] = usePerRun<SweepForm>(run, () => DEFAULT_SWEEP_FORM);
  const [norm, setNorm] = useState<Norm>('l2');
  const [yScale, setYScale] = useState<YScale>('linear');
  const [gd, setGd] = useState<HTMLElement | null>(null);
  const state = useAnalysis<SweepResult>(run, 'corruption-sweep', actions);
  // While it runs, the partial result fills the chart in ε by ε.
  const r = (state.busy ? state.partial : null) ?? state.latest?.result ?? null;
  const curve = r?.curves.find((c) => c.norm === norm) ?? null;
  const fig = useMemo(
    () => (r && curve ? figure(curve, r.clean, theme, yScale) : null),
    [r, curve, theme, yScale],
  );
  const images = run.config.data.kind === 'mnist';
  const settings = sweepSettings(form, images);
  const exporters = useMemo(
    () =>
      r
        ? {
            ...(gd
              ? {
                  png: () => downloadFigure(gd, 'png', `basin-corruption-sweep-${stamp()}`),
                  svg: () => downloadFigure(gd, 'svg', `basin-corruption-sweep-${stamp()}`),
                }
              : {}),
            csv: () => downloadText(sweepCsv(r), `basin-corruption-sweep-${stamp()}.csv`, 'text/csv'),
          }
        : null,
    [gd, r],
  );
  usePanelExports(exporters);

  const set = (patch: Partial<SweepForm>) => setForm({ ...form, ...patch });
  const last = curve ? curve.epsilons.length - 1 : -1;
  const deepest = curve?.multiStep[curve.multiStep.length - 1];
  return (
    <div className="corruption-sweep">
      <div className="panel-controls">
        <Choice<L2Mode>
          label="L2 budget"
          name={`csweep-l2mode-${run.id}`}
          value={form.l2Mode}
          options={[
            {
              value: 'relative',
              label: 'ρ·‖θ‖₂',
              title: 'ε = ρ‖θ‖₂, ρ ∈ {0.005 … 0.2} (docs/methods/corruption.md#figures [P])',
            },
            {
              value: 'absolute',
              label: 'absolute ε',
              title: 'ε ∈ {0.01 … 1}: the same ε for every model (our grid [P])',
            },
          ]}
          onChange={(l2Mode) => set({ l2Mode })}
          testId="csweep-l2mode"
        />
        <NumberField
          label="Random trials N"
          value={form.trials}
          min={0}
          max={500}
          integer
          onCommit={(trials) => set({ trials })}
          testId="csweep-trials"
          hint="Random corruptions per ε (20 suggested [P]; docs/methods/corruption.md#figures)"
        />
        <StepsField value={form.steps} onCommit={(steps) => set({ steps })} />
        <Choice<'train' | 'test'>
          label="ΔL on"
          name={`csweep-set-${run.id}`}
          value={form.set}
          options={[
            { value: 'train', label: 'training set' },
            { value: 'test', label: 'test set' },
          ]}
          onChange={(s) => set({ set: s })}
          testId="csweep-set"
        />
      </div>
      <AnalysisBar
        run={run}
        state={state}
        label="Run the ε-sweep"
        onStart={() => settings && state.start(settings)}
        testId="csweep-run"
      />
      {r && (
        <div className="panel-controls">
          <Choice<Norm>
            label="Show"
            name={`csweep-norm-${run.id}`}
            value={norm}
            options={r.curves.map((c) => ({
              value: c.norm,
              label: `${NORM_LABEL[c.norm]} (${MODE_LABEL[c.mode]})`,
            }))}
            onChange={setNorm}
            testId="csweep-norm"
          />
          <Choice<YScale>
            label="ΔL axis"
            name={`csweep-y-${run.id}`}
            value={yScale}
            options={[
              { value: 'linear', label: 'linear' },
              { value: 'log', label: 'log (hides ΔL ≤ 0)' },
            ]}
            onChange={setYScale}
            testId="csweep-yscale"
          />
        </div>
      )}
      {fig && curve && r ? (
        <>
          <LazyPlot
            data={fig.data}
            layout={fig.layout}
            onGraph={setGd}
            style={{ width: '100%', height: 520 }}
            ariaLabel={`Loss change and test accuracy against the ${NORM_LABEL[curve.norm]} corruption size ε (log scale) for random, one-step and multi-step corruption, with the first-order estimate. The table below has the numbers.`}
          />
          <p className="chart-summary" data-testid="csweep-summary" data-value={curve.epsilons.length}>
            {`${NORM_LABEL[curve.norm]}, ${MODE_LABEL[curve.mode]}: at the largest ε = ${fmt(curve.epsilons[last], 4)}, test accuracy ${pct(r.clean.testAcc)} clean → ${pct(curve.random.mean.testAcc[last])} random (mean of ${curve.random.trials}), ${pct(curve.oneStep.testAcc[last])} one-step` +
              (deepest ? `, ${pct(deepest.series.testAcc[last])} after ${deepest.steps} steps` : '') +
              `. At the smallest ε the first-order estimate ε‖g‖ = ${fmt(curve.estimate[0])} vs measured one-step ΔL = ${fmt(curve.oneStep.deltaLoss[0])}.` +
              (r.complete || state.busy ? '' : ' (Stopped early.)')}
          </p>
          <details className="table-alt">
            <summary>The numbers ({NORM_LABEL[curve.norm]} curve, table)</summary>
            <table data-testid="csweep-table">
              <thead>
                <tr>
                  <th scope="col">{curve.mode === 'absolute' ? 'ε' : 'ρ'}</th>
                  <th scope="col">ε</th>
                  <th scope="col">ε‖g‖ (est.)</th>
                  <th scope="col">ΔL one-step</th>
                  <th scope="col">ΔL random mean [min, max]</th>
                  {curve.multiStep.map((m) => (
                    <th key={m.steps} scope="col">
                      ΔL K={m.steps}
                    </th>
                  ))}
                  <th scope="col">acc one-step</th>
                  <th scope="col">acc random mean</th>
                  {curve.multiStep.map((m) => (
                    <th key={m.steps} scope="col">
                      acc K={m.steps}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {curve.epsilons.map((eps, i) => (
                  <tr key={i}>
                    <td>{curve.values[i]}</td>
                    <td>{fmt(eps)}</td>
                    <td>{fmt(curve.estimate[i])}</td>
                    <td>{fmt(curve.oneStep.deltaLoss[i])}</td>
                    <td>
                      {fmt(curve.random.mean.deltaLoss[i])} [{fmt(curve.random.min.deltaLoss[i])},{' '}
                      {fmt(curve.random.max.deltaLoss[i])}]
                    </td>
                    {curve.multiStep.map((m) => (
                      <td key={m.steps}>{fmt(m.series.deltaLoss[i])}</td>
                    ))}
                    <td>{pct(curve.oneStep.testAcc[i])}</td>
                    <td>{pct(curve.random.mean.testAcc[i])}</td>
                    {curve.multiStep.map((m) => (
                      <td key={m.steps}>{pct(m.series.testAcc[i])}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
            <p>
              Clean model: loss {fmt(r.clean.loss)} on the {r.attackSize} points ΔL is measured on, test
              accuracy {pct(r.clean.testAcc)}; ‖g‖₂ = {fmt(r.gradientNorm.l2)}, ‖g‖₁ ={' '}
              {fmt(r.gradientNorm.l1)}.
            </p>
          </details>
        </>
      ) : (
        !state.busy && (
          <p className="placeholder">
            Corrupts the trained weights θ → θ + a (evaluation only: the model is restored) for a range of
            sizes ε, randomly and in the worst-case direction, and measures the loss and accuracy.
          </p>
        )
      )}
    </div>
  );
}
