/**
 * The robust curves panel's view-model (pure: no React): the epochs with robust numbers and the figure.
 */
import type { Data, Layout } from 'plotly.js';
import type { EpochMetrics } from '../../core/events';
import { plotlyAxis, plotlyPaper } from '../plotly/paper';
import { plotlyLine, seriesStyle } from '../svg/grammar';
import type { Theme } from '../theme/themes';

export /** Epochs that have robust numbers (robust evaluation may run every k epochs). */
const robustEpochs = (history: EpochMetrics[]) =>
  history.filter((m) => Number.isFinite(m.extra.robustTestAcc ?? NaN));

/**
 * Clean and robust accuracy per epoch in the run's colour, train solid and test dashed, the robust curves
 * the main lines and the clean ones thinner (svg/grammar.ts); the band between robust train and test shaded.
 * With `loss` (the presenter's stage, where a lesson reads the robust loss off the same figure) the robust
 * train and test loss too, in the text colour on a right-hand axis.
 */
export function robustCurvesFigure(
  history: EpochMetrics[],
  theme: Theme,
  total: number,
  runId: number,
  loss = false,
): { data: Partial<Data>[]; layout: Partial<Layout> } {
  const robust = robustEpochs(history);
  const line = (
    name: string,
    rows: EpochMetrics[],
    y: (m: EpochMetrics) => number,
    split: 'train' | 'test',
    bold: boolean,
    extra: { fill?: 'tonexty'; fillcolor?: string } = {},
  ): Partial<Data> => ({
    type: 'scatter',
    mode: rows.length > 40 ? 'lines' : 'lines+markers',
    name,
    x: rows.length ? rows.map((m) => m.epoch) : [0],
    y: rows.length ? rows.map(y) : [null],
    ...plotlyLine(seriesStyle(theme, { runId, split, secondary: !bold })),
    marker: { size: bold ? 6 : 4, symbol: bold ? 'diamond' : 'circle' },
    hovertemplate: `${name}: %{y:.1%} (epoch %{x})<extra></extra>`,
    ...extra,
  });
  const axis = { ...plotlyAxis(theme), nticks: 6 };
  const lossLine = (name: string, y: (m: EpochMetrics) => number | undefined, split: 'train' | 'test') => {
    const rows = robust.filter((m) => Number.isFinite(y(m) ?? NaN));
    return {
      type: 'scatter' as const,
      mode: 'lines+markers' as const,
      name,
      x: rows.map((m) => m.epoch),
      y: rows.map((m) => y(m) as number),
      yaxis: 'y2',
      ...plotlyLine({ ...seriesStyle(theme, { runId, split }), colour: theme.chart.text }),
      marker: { size: 5, symbol: 'square' },
      hovertemplate: `${name}: %{y:.3f} (epoch %{x})<extra></extra>`,
    };
  };
  const losses: Partial<Data>[] = loss
    ? [
        lossLine('robust train loss', (m) => m.extra.robustTrainLoss, 'train'),
        lossLine('robust test loss', (m) => m.extra.robustTestLoss, 'test'),
      ]
    : [];
  return {
    data: [
      line('clean train', history, (m) => m.trainAcc, 'train', false),
      line('clean test', history, (m) => m.testAcc, 'test', false),
      line('robust test', robust, (m) => m.extra.robustTestAcc, 'test', true),
      // Filled down to the robust test curve: the shaded band is the robust generalisation gap.
      line('robust train', robust, (m) => m.extra.robustTrainAcc, 'train', true, {
        fill: 'tonexty',
        fillcolor: theme.name === 'dark' ? 'rgba(200,200,200,0.26)' : 'rgba(90,90,90,0.24)',
      }),
      ...losses,
    ],
    layout: {
      height: 320,
      margin: { l: 58, r: loss ? 58 : 14, t: 10, b: 44 },
      ...plotlyPaper(theme),
      showlegend: true,
      legend: { orientation: 'h', y: -0.2, x: 0, traceorder: 'normal' },
      xaxis: { ...axis, title: { text: 'epoch' }, range: [0, Math.max(total, 1) + 0.5] },
      yaxis: { ...axis, title: { text: 'accuracy' }, range: [0, 1.02], tickformat: '.0%' },
      ...(loss && {
        yaxis2: {
          ...axis,
          title: { text: 'robust loss' },
          overlaying: 'y' as const,
          side: 'right' as const,
          showgrid: false,
        },
      }),
    },
  };
}
