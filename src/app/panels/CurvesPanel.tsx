import { useMemo, useState } from 'react';
import type { Data, Layout } from 'plotly.js';
import type { EpochMetrics } from '../../core/events';
import { downloadText, stamp } from '../export';
import { downloadFigure, LazyPlot } from '../plotly/LazyPlot';
import type { Theme } from '../theme/themes';
import { useThrottled } from '../useThrottled';
import { metricsCsv } from './MetricsPanel';
import { usePanelExports } from './PanelFrame';
import type { PanelProps } from './types';

function figure(
  history: EpochMetrics[],
  theme: Theme,
  total: number,
): { data: Partial<Data>[]; layout: Partial<Layout> } {
  const x = history.map((m) => m.epoch);
  const c = theme.chart;
  const line = (
    name: string,
    y: number[],
    colour: string,
    dash: 'solid' | 'dash',
    axis: 'y' | 'y2',
  ): Partial<Data> => ({
    type: 'scatter',
    mode: history.length > 40 ? 'lines' : 'lines+markers',
    name,
    x,
    y,
    yaxis: axis,
    line: { color: colour, dash, width: 2 },
    marker: { size: 5, symbol: dash === 'solid' ? 'circle' : 'square' },
    hovertemplate: `${name}: %{y:.4f} (epoch %{x})<extra></extra>`,
  });
  const axis = { gridcolor: c.grid, zerolinecolor: c.grid, color: c.muted, automargin: true };
  return {
    data: [
      line(
        'train loss',
        history.map((m) => m.trainLoss),
        c.train,
        'solid',
        'y',
      ),
      line(
        'test loss',
        history.map((m) => m.testLoss),
        c.test,
        'dash',
        'y',
      ),
      line(
        'train accuracy',
        history.map((m) => m.trainAcc),
        c.train,
        'solid',
        'y2',
      ),
      line(
        'test accuracy',
        history.map((m) => m.testAcc),
        c.test,
        'dash',
        'y2',
      ),
    ],
    layout: {
      height: 380,
      margin: { l: 52, r: 12, t: 10, b: 40 },
      paper_bgcolor: c.background,
      plot_bgcolor: c.background,
      font: { color: c.text, size: 11 },
      showlegend: true,
      legend: { orientation: 'h', y: -0.14, x: 0 },
      xaxis: { ...axis, anchor: 'y2', title: { text: 'epoch' }, range: [0, Math.max(total, 1) + 0.5] },
      yaxis: { ...axis, anchor: 'x', title: { text: 'loss' }, domain: [0.55, 1], rangemode: 'tozero' },
      yaxis2: {
        ...axis,
        anchor: 'x',
        title: { text: 'accuracy' },
        domain: [0, 0.45],
        range: [0, 1.02],
        tickformat: '.0%',
      },
    },
  };
}

export function CurvesPanel({ run, theme }: PanelProps) {
  const history = useThrottled(run.history, 250);
  const [gd, setGd] = useState<HTMLElement | null>(null);
  const fig = useMemo(() => figure(history, theme, run.epochsTotal), [history, theme, run.epochsTotal]);
  const exporters = useMemo(
    () => ({
      ...(gd
        ? {
            png: () => downloadFigure(gd, 'png', `basin-curves-${stamp()}`),
            svg: () => downloadFigure(gd, 'svg', `basin-curves-${stamp()}`),
          }
        : {}),
      csv: () => downloadText(metricsCsv(run.history), `basin-metrics-${stamp()}.csv`, 'text/csv'),
    }),
    [gd, run.history],
  );
  usePanelExports(exporters);
  const last = history[history.length - 1];
  return (
    <div className="curves">
      <LazyPlot
        data={fig.data}
        layout={fig.layout}
        onGraph={setGd}
        style={{ width: '100%', height: 380 }}
        ariaLabel="Loss (top) and accuracy (bottom) per epoch, training solid, test dashed. The metrics table has the same numbers."
      />
      <p className="chart-summary" data-testid="curves-summary">
        {last
          ? `After ${last.epoch} epoch${last.epoch === 1 ? '' : 's'}: train loss ${last.trainLoss.toFixed(4)}, test loss ${last.testLoss.toFixed(4)}; train accuracy ${(last.trainAcc * 100).toFixed(1)}%, test accuracy ${(last.testAcc * 100).toFixed(1)}%.`
          : 'No epoch trained yet: press Play or Step.'}
      </p>
    </div>
  );
}
