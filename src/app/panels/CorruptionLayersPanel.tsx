import { scaleLinear } from 'd3';
import { type Ref, useMemo, useRef, useState } from 'react';
import type { BudgetMode, Norm } from '../../core/analysis/corruption/kinds';
import type { GroupVulnerability, LayersResult } from '../../core/analysis/corruption/layers';
import { NumberField } from '../controls/fields';
import { downloadBlob, downloadText, stamp, svgText, svgToPng, toCsv } from '../export';
import type { Theme } from '../theme/themes';
import { MODE_LABEL, NORM_LABEL, budgetLabel } from './corruption-common';
import { BudgetFields } from './corruption-controls';
import { usePanelExports } from './PanelFrame';
import type { PanelProps } from './types';
import { AnalysisBar, Choice, fmt, pct, useAnalysis, usePerRun } from './use-analysis';

interface LayersForm {
  norm: Norm;
  mode: Exclude<BudgetMode, 'layer-relative'>;
  value: number;
  steps: number;
}

export const DEFAULT_LAYERS_FORM: LayersForm = { norm: 'l2', mode: 'relative', value: 0.05, steps: 0 };

/** The analysis settings of a form: one group per tensor (kernel and bias apart); vectors kept for MLPs. */
export const layersSettings = (form: LayersForm, images: boolean) => ({
  ...form,
  grouping: 'tensor',
  keepVectors: !images,
});

type Metric = 'loss' | 'acc';

const W = 470;
const LABEL_W = 150;
const ROW_GAP = 10;
const BAR_H = 9;
const TOP = 26;
/** Below the bars: tick labels, axis title and the legend row. */
const AXIS_H = 54;

/** Kernel and bias tensors in two colours (Okabe–Ito blue and orange); a whole layer in the first. */
const kindFill = (g: GroupVulnerability, theme: Theme) =>
  g.kind === 'bias' ? theme.chart.classes[0] : theme.chart.classes[1];

interface Bar {
  key: string;
  label: string;
  value: number;
  style: 'outline' | 'solid' | 'hatched';
}

function barsOf(g: GroupVulnerability, clean: LayersResult['clean'], metric: Metric): Bar[] {
  if (metric === 'acc')
    return [
      {
        key: 'one',
        label: 'one-step accuracy drop',
        value: clean.testAcc - g.oneStep.testAcc,
        style: 'solid',
      },
      ...(g.multiStep
        ? [
            {
              key: 'multi',
              label: 'multi-step accuracy drop',
              value: clean.testAcc - g.multiStep.testAcc,
              style: 'hatched' as const,
            },
          ]
        : []),
    ];
  return [
    { key: 'est', label: 'estimate ε‖g_G‖', value: g.estimate, style: 'outline' },
    { key: 'one', label: 'measured ΔL one-step', value: g.oneStep.deltaLoss, style: 'solid' },
    ...(g.multiStep
      ? [
          {
            key: 'multi',
            label: 'measured ΔL multi-step',
            value: g.multiStep.deltaLoss,
            style: 'hatched' as const,
          },
        ]
      : []),
  ];
}

/** Horizontal bars per parameter group: the first-order indicator and the measured change, kernel and bias apart. */
function Bars({
  r,
  metric,
  theme,
  svgRef,
  title,
}: {
  r: LayersResult;
  metric: Metric;
  theme: Theme;
  svgRef: Ref<SVGSVGElement>;
  title: string;
}) {
  const rows = r.groups.map((g) => ({ g, bars: barsOf(g, r.clean, metric) }));
  const perRow = Math.max(1, ...rows.map((row) => row.bars.length));
  const rowH = perRow * (BAR_H + 2) + ROW_GAP;
  const height = TOP + rows.length * rowH + AXIS_H;
  const values = rows.flatMap((row) => row.bars.map((b) => b.value)).filter(Number.isFinite);
  const lo = Math.min(0, ...values);
  const hi = Math.max(1e-12, ...values);
  const x = scaleLinear()
    .domain([lo, hi])
    .nice()
    .range([LABEL_W, W - 22]);
  const ticks = x.ticks(5);
  const tickText = metric === 'acc' ? (v: number) => pct(v, 0) : (v: number) => fmt(v, 3);
  const c = theme.chart;
  const hatch = `hatch-${theme.name}`;
  return (
    <svg
      ref={svgRef}
      viewBox={`0 0 ${W} ${height}`}
      width={W}
      height={height}
      fontFamily="sans-serif"
      fontSize={11}
      role="img"
      aria-label={`Per-parameter-group ${metric === 'loss' ? 'loss change' : 'test accuracy drop'} under a corruption restricted to that group. The table below has the numbers.`}
      data-testid="clayers-bars"
    >
      <defs>
        <pattern id={hatch} width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="4" height="4" fill={c.background} />
          <line x1="0" y1="0" x2="0" y2="4" stroke={c.text} strokeWidth="2" />
        </pattern>
      </defs>
      <rect width={W} height={height} fill={c.background} />
      {ticks.map((t) => (
        <g key={t}>
          <line x1={x(t)} x2={x(t)} y1={TOP - 4} y2={height - AXIS_H + 4} stroke={c.grid} />
          <text x={x(t)} y={height - AXIS_H + 16} textAnchor="middle" fill={c.muted}>
            {tickText(t)}
          </text>
        </g>
      ))}
      <text x={8} y={15} fill={c.text}>
        {title}
      </text>
      <g transform={`translate(${LABEL_W},${height - 10})`} fill={c.muted}>
        <rect x={0} y={-8} width={12} height={8} fill={theme.chart.classes[1]} />
        <text x={16} y={0}>
          kernel
        </text>
        <rect x={62} y={-8} width={12} height={8} fill={theme.chart.classes[0]} />
        <text x={78} y={0}>
          bias
        </text>
        <rect x={114} y={-8} width={12} height={8} fill="none" stroke={c.muted} strokeWidth={1.4} />
        <text x={130} y={0}>
          estimate
        </text>
        <rect x={190} y={-8} width={12} height={8} fill={`url(#${hatch})`} stroke={c.muted} />
        <text x={206} y={0}>
          multi-step
        </text>
      </g>
      <text x={(LABEL_W + W) / 2} y={height - AXIS_H + 32} textAnchor="middle" fill={c.muted}>
        {metric === 'loss'
          ? 'loss change ΔL (bars) and first-order estimate ε‖g_G‖ (outlined)'
          : 'test accuracy drop'}
      </text>
      {rows.map(({ g, bars }, ri) => {
        const y0 = TOP + ri * rowH;
        const fill = kindFill(g, theme);
        return (
          <g key={g.name} data-group={g.name}>
            <text x={LABEL_W - 6} y={y0 + (perRow * (BAR_H + 2)) / 2 + 4} textAnchor="end" fill={c.text}>
              {g.name}
            </text>
            {bars.map((b, bi) => {
              const y = y0 + bi * (BAR_H + 2);
              const v = Number.isFinite(b.value) ? b.value : 0;
              const xa = x(Math.min(0, v));
              const wBar = Math.max(1, Math.abs(x(v) - x(0)));
              return (
                <rect
                  key={b.key}
                  data-bar={b.key}
                  x={xa}
                  y={y}
                  width={wBar}
                  height={BAR_H}
                  fill={b.style === 'outline' ? 'none' : b.style === 'hatched' ? `url(#${hatch})` : fill}
                  stroke={fill}
                  strokeWidth={b.style === 'outline' ? 1.6 : 1}
                >
                  <title>{`${g.name}: ${b.label} = ${metric === 'acc' ? pct(b.value) : fmt(b.value)}`}</title>
                </rect>
              );
            })}
          </g>
        );
      })}
      <line x1={x(0)} x2={x(0)} y1={TOP - 4} y2={height - AXIS_H + 4} stroke={c.muted} />
    </svg>
  );
}

function layersCsv(r: LayersResult): string {
  return toCsv(
    [
      'group',
      'kind',
      'size',
      'param_norm',
      'epsilon',
      'grad_norm',
      'estimate',
      'delta_loss_one_step',
      'test_acc_one_step',
      'delta_loss_multi_step',
      'test_acc_multi_step',
    ],
    r.groups.map((g) => [
      g.name,
      g.kind,
      g.size,
      g.paramNorm,
      g.epsilon,
      g.gradNorm,
      g.estimate,
      g.oneStep.deltaLoss,
      g.oneStep.testAcc,
      g.multiStep?.deltaLoss ?? '',
      g.multiStep?.testAcc ?? '',
    ]),
  );
}

export function CorruptionLayersPanel({ run, theme, actions }: PanelProps) {
  const [form, setForm] = usePerRun<LayersForm>(run, () => DEFAULT_LAYERS_FORM);
  const [metric, setMetric] = useState<Metric>('loss');
  const svgRef = useRef<SVGSVGElement>(null);
  const state = useAnalysis<LayersResult>(run, 'corruption-layers', actions);
  const r = (state.busy ? state.partial : null) ?? state.latest?.result ?? null;
  const exporters = useMemo(
    () =>
      r
        ? {
            svg: () =>
              svgRef.current &&
              downloadText(
                svgText(svgRef.current),
                `basin-corruption-layers-${stamp()}.svg`,
                'image/svg+xml',
              ),
            png: async () => {
              const svg = svgRef.current;
              if (!svg) return;
              const { width, height } = svg.viewBox.baseVal;
              downloadBlob(
                await svgToPng(svgText(svg), width, height),
                `basin-corruption-layers-${stamp()}.png`,
              );
            },
            csv: () => downloadText(layersCsv(r), `basin-corruption-layers-${stamp()}.csv`, 'text/csv'),
          }
        : null,
    [r],
  );
  usePanelExports(exporters);
  const set = (patch: Partial<LayersForm>) => setForm({ ...form, ...patch });
  const worst = r?.groups.length
    ? r.groups.reduce((a, b) => (b.oneStep.deltaLoss > a.oneStep.deltaLoss ? b : a))
    : null;
  return (
    <div className="corruption-layers">
      <div className="panel-controls">
        <BudgetFields
          prefix="clayers"
          runId={run.id}
          budget={form}
          relative={{ label: 'ρ·‖θ_G‖', title: 'ε_G = ρ‖θ_G‖: compares groups of different size [P]' }}
          absoluteTitle="The same ε for every group"
          onChange={set}
        />
        <NumberField
          label="Multi-step K"
          value={form.steps}
          min={0}
          max={100}
          integer
          onCommit={(steps) => set({ steps })}
          testId="clayers-steps"
          hint="Also a K-step corruption inside each group (0 = one-step only)"
        />
      </div>
      <AnalysisBar
        run={run}
        state={state}
        label="Measure each layer"
        onStart={() => state.start(layersSettings(form, run.config.data.kind === 'mnist'))}
        testId="clayers-run"
      />
      {r ? (
        <>
          <div className="panel-controls">
            <Choice<Metric>
              label="Bars"
              name={`clayers-metric-${run.id}`}
              value={metric}
              options={[
                { value: 'loss', label: 'loss change' },
                { value: 'acc', label: 'test accuracy drop' },
              ]}
              onChange={setMetric}
              testId="clayers-metric"
            />
          </div>
          <div className="bars-figure">
            <Bars
              r={r}
              metric={metric}
              theme={theme}
              svgRef={svgRef}
              title={`${NORM_LABEL[r.norm]} corruption of one tensor at a time, ${budgetLabel(r.norm, r.mode, r.value).replace('θ', 'θ_G')}`}
            />
          </div>
          <p className="chart-summary" data-testid="clayers-summary" data-value={r.groups.length}>
            {`${NORM_LABEL[r.norm]}, ${MODE_LABEL[r.mode]} (${budgetLabel(r.norm, r.mode, r.value).replace('θ', 'θ_G')}), each group corrupted alone: `}
            {worst
              ? `the most vulnerable is ${worst.name} (ΔL ${fmt(worst.oneStep.deltaLoss)}, test accuracy ${pct(worst.oneStep.testAcc)} vs ${pct(r.clean.testAcc)} clean).`
              : 'no group measured yet.'}
          </p>
          <details className="table-alt">
            <summary>Per-group numbers (table)</summary>
            <table data-testid="clayers-table">
              <thead>
                <tr>
                  <th scope="col">group</th>
                  <th scope="col">size</th>
                  <th scope="col">‖θ_G‖</th>
                  <th scope="col">ε_G</th>
                  <th scope="col">‖g_G‖</th>
                  <th scope="col">ε‖g_G‖</th>
                  <th scope="col">ΔL one-step</th>
                  <th scope="col">test acc</th>
                  {r.groups.some((g) => g.multiStep) && <th scope="col">ΔL multi-step</th>}
                </tr>
              </thead>
              <tbody>
                {r.groups.map((g) => (
                  <tr key={g.name}>
                    <th scope="row">{g.name}</th>
                    <td>{g.size}</td>
                    <td>{fmt(g.paramNorm)}</td>
                    <td>{fmt(g.epsilon)}</td>
                    <td>{fmt(g.gradNorm)}</td>
                    <td>{fmt(g.estimate)}</td>
                    <td>{fmt(g.oneStep.deltaLoss)}</td>
                    <td>{pct(g.oneStep.testAcc)}</td>
                    {r.groups.some((x) => x.multiStep) && <td>{fmt(g.multiStep?.deltaLoss)}</td>}
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      ) : (
        !state.busy && (
          <p className="placeholder">
            Corrupts one parameter tensor at a time (a layer&apos;s kernel and bias apart) in its worst-case
            direction and measures how much the loss rises.
          </p>
        )
      )}
    </div>
  );
}
