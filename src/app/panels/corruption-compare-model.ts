/**
 * The corruption comparison's view-model (pure: no React): for one budget (norm and mode) and one kind of
 * corruption, each run's test accuracy over the corruption size, in the run's colour and dashed (test data,
 * svg/grammar.ts), and the table rows at one budget value.
 */
import type { Data, Layout } from 'plotly.js';
import type { MeasureSeries, SweepCurve, SweepResult } from '../../core/analysis/corruption/sweep';
import type { ExperimentConfig } from '../../core/config';
import { plotlyAxis } from '../plotly/paper';
import type { RunView } from '../store/runs';
import { plotlyLine, seriesStyle } from '../svg/grammar';
import type { Theme } from '../theme/themes';
import { LOG_AXIS, MODE_LABEL, NORM_LABEL, plotBase } from './corruption-common';

export type Kind = 'random' | 'oneStep' | 'multiStep';
export const KIND_LABEL: Record<Kind, string> = {
  random: 'random (mean)',
  oneStep: 'one-step',
  multiStep: 'multi-step (largest K)',
};

export const curveKey = (c: Pick<SweepCurve, 'norm' | 'mode'>) => `${c.norm}/${c.mode}`;
export const keyLabel = (key: string) => {
  const [norm, mode] = key.split('/') as [SweepCurve['norm'], SweepCurve['mode']];
  return `${NORM_LABEL[norm]}, ${MODE_LABEL[mode]}`;
};

export interface Row {
  run: RunView;
  epoch: number | null;
  result: SweepResult | null;
}

function seriesOf(curve: SweepCurve, kind: Kind): { series: MeasureSeries; label: string } {
  if (kind === 'random') return { series: curve.random.mean, label: 'random mean' };
  if (kind === 'oneStep' || curve.multiStep.length === 0) return { series: curve.oneStep, label: 'one-step' };
  const m = curve.multiStep[curve.multiStep.length - 1];
  return { series: m.series, label: `K = ${m.steps}` };
}

/** The figure: one line per run that has this budget, named by `describe` (its method and setting). */
export function compareFigure(
  rows: readonly Row[],
  key: string,
  kind: Kind,
  theme: Theme,
  describe: (config: ExperimentConfig) => string,
): { data: Partial<Data>[]; layout: Partial<Layout> } {
  const axis = plotlyAxis(theme);
  const data: Partial<Data>[] = [];
  rows.forEach((row) => {
    const curve = row.result?.curves.find((c) => curveKey(c) === key);
    if (!curve) return;
    const { series, label } = seriesOf(curve, kind);
    data.push({
      type: 'scatter',
      mode: 'lines+markers',
      name: `${row.run.label}: ${describe(row.run.config)} (${label})`,
      x: curve.epsilons,
      y: series.testAcc,
      ...plotlyLine(seriesStyle(theme, { runId: row.run.id, split: 'test' })),
      marker: { size: 6 },
      hovertemplate: `${row.run.label}: %{y:.1%} at ε = %{x:.3g}<extra></extra>`,
    });
  });
  return {
    data,
    layout: {
      ...plotBase(theme, 300),
      margin: { l: 58, r: 12, t: 8, b: 44 },
      showlegend: true,
      legend: { orientation: 'h', y: -0.25, x: 0 },
      xaxis: { ...axis, ...LOG_AXIS, title: { text: `corruption size ε (${keyLabel(key)}, log scale)` } },
      yaxis: {
        ...axis,
        range: [0, 1.02],
        tickformat: '.0%',
        title: { text: `test accuracy, ${KIND_LABEL[kind]}` },
      },
    },
  };
}

/** Each swept run's clean accuracy and its accuracy under each kind of corruption at one budget value. */
export function compareTableRows(swept: readonly Row[], key: string | null, value: number | null) {
  const cell = (row: Row, k: Kind) => {
    const curve = row.result?.curves.find((c) => curveKey(c) === key);
    const i = curve && value !== null ? curve.values.indexOf(value) : -1;
    if (!curve || i < 0) return null;
    const { series, label } = seriesOf(curve, k);
    return { acc: series.testAcc[i], dl: series.deltaLoss[i], label, eps: curve.epsilons[i] };
  };
  return swept.map((row) => ({
    row,
    clean: row.result!.clean.testAcc,
    random: cell(row, 'random'),
    one: cell(row, 'oneStep'),
    multi: cell(row, 'multiStep'),
  }));
}
