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

type Point = Pick<EpochMetrics, 'epoch' | 'trainLoss' | 'trainAcc' | 'testLoss' | 'testAcc'>;

function figure(
  history: Point[],
  theme: Theme,
  total: number,
): { data: Partial<Data>[]; layout: Partial<Layout> } {
  // Before anything is known: one empty point per trace, so legend and trace layers already exist and the
  // first real update is as cheap as the others.
  const empty = history.length === 0;
  const x = empty ? [0] : history.map((m) => m.epoch);
  const ys = (f: (m: Point) => number) => (empty ? [null] : history.map(f));
  const c = theme.chart;
  const line = (
    name: string,
    y: (number | null)[],
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
  // Fixed margins and ranges: auto-margins and autorange make every redraw lay the figure out twice.
  const axis = { gridcolor: c.grid, zerolinecolor: c.grid, color: c.muted, automargin: false, nticks: 6 };
  const losses = history.flatMap((m) => [m.trainLoss, m.testLoss]).filter(Number.isFinite);
  const lossTop = losses.length ? Math.max(...losses) * 1.08 : 1;
  return {
    data: [
      line(
        'train loss',
        ys((m) => m.trainLoss),
        c.train,
        'solid',
        'y',
      ),
      line(
        'test loss',
        ys((m) => m.testLoss),
        c.test,
        'dash',
        'y',
      ),
      line(
        'train accuracy',
        ys((m) => m.trainAcc),
        c.train,
        'solid',
        'y2',
      ),
      line(
        'test accuracy',
        ys((m) => m.testAcc),
        c.test,
        'dash',
        'y2',
      ),
    ],
    layout: {
      height: 380,
      margin: { l: 58, r: 14, t: 10, b: 62 },
      paper_bgcolor: c.background,
      plot_bgcolor: c.background,
      font: { color: c.text, size: 11 },
      showlegend: true,
      legend: { orientation: 'h', y: -0.2, x: 0 },
      xaxis: { ...axis, anchor: 'y2', title: { text: 'epoch' }, range: [0, Math.max(total, 1) + 0.5] },
      yaxis: { ...axis, anchor: 'x', title: { text: 'loss' }, domain: [0.55, 1], range: [0, lossTop] },
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
  // Plotly redraws cost tens of ms on the main thread: about once a second while training is plenty.
  const history = useThrottled(run.history, run.status === 'running' ? 1000 : 100);
  const [gd, setGd] = useState<HTMLElement | null>(null);
  // Epoch 0 (the untrained model) first, when the engine measured it.
  const points = useMemo<Point[]>(
    () =>
      run.initial && (history[0]?.epoch ?? 1) === 1 ? [{ epoch: 0, ...run.initial }, ...history] : history,
    [history, run.initial],
  );
  const fig = useMemo(() => figure(points, theme, run.epochsTotal), [points, theme, run.epochsTotal]);
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
