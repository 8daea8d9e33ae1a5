/**
 * Plotly pieces of the loss-and-accuracy curves drawn along one parameter (α): the 1-D landscape and the
 * interpolation between two models. Loss on the left axis, train solid and test dashed; accuracy dotted on
 * the right axis.
 */
import type { Data, LayoutAxis } from 'plotly.js';
import type { Theme } from '../../theme/themes';
import { toPlotValues } from './records';

/** The loss trace of one split, and its accuracy trace when `acc` is given; `extra` goes into both. */
export function splitCurveTraces(
  theme: Theme,
  split: string,
  alphas: number[],
  loss: ArrayLike<number>,
  acc: ArrayLike<number> | null,
  extra: Partial<Data> = {},
): Partial<Data>[] {
  const colour = split === 'test' ? theme.chart.test : theme.chart.train;
  const traces: Partial<Data>[] = [
    {
      type: 'scatter',
      mode: 'lines',
      name: `${split} loss`,
      x: alphas,
      y: toPlotValues(loss),
      ...extra,
      line: { color: colour, dash: split === 'test' ? 'dash' : 'solid', width: 2 },
      hovertemplate: `${split} loss %{y:.4f} at α %{x:.3f}<extra></extra>`,
    } as Partial<Data>,
  ];
  if (acc)
    traces.push({
      type: 'scatter',
      mode: 'lines',
      name: `${split} accuracy`,
      x: alphas,
      y: toPlotValues(acc),
      yaxis: 'y2',
      ...extra,
      line: { color: colour, dash: 'dot', width: 1.2 },
      opacity: 0.8,
      hovertemplate: `${split} accuracy %{y:.1%} at α %{x:.3f}<extra></extra>`,
    } as Partial<Data>);
  return traces;
}

/** The right-hand accuracy axis (`yaxis2`), 0–100 %. */
export function accuracyAxis(theme: Theme): Partial<LayoutAxis> {
  return {
    overlaying: 'y',
    side: 'right',
    range: [0, 1.02],
    // Own ticks (0, 25 %, … 100 %), not ticks synced to the loss axis.
    tickmode: 'linear',
    tick0: 0,
    dtick: 0.25,
    tickformat: '.0%',
    title: { text: 'accuracy (dotted)' },
    color: theme.chart.muted,
    showgrid: false,
    automargin: false,
  };
}
