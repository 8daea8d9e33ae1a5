import { line as d3line, scaleLinear } from 'd3';
import type { Data, Layout } from 'plotly.js';
import { type PointerEvent, type Ref, useMemo, useState } from 'react';
import type { EpochMetrics } from '../../core/events';
import {
  Axis,
  DASH_ARRAY,
  type Dash,
  figurePoint,
  HoverColumn,
  Legend,
  legendHeight,
  PointerArea,
  SvgFigure,
  useWidth,
} from '../svg/figure';
import type { Theme } from '../theme/themes';
import { useThrottled } from '../useThrottled';
import { metricsCsv } from './MetricsPanel';
import { LazyPlot } from '../plotly/LazyPlot';
import type { RunView } from '../store/runs';
import { type CsvFile, useFigureExports } from './figure-exports';
import type { PanelProps } from './types';
import { plotlyAxis, plotlyPaper } from '../plotly/paper';

type Point = Pick<EpochMetrics, 'epoch' | 'trainLoss' | 'trainAcc' | 'testLoss' | 'testAcc'>;

// Drawn as plain SVG (src/app/svg): a redraw while training costs about a millisecond, where a Plotly redraw
// of the same figure took 40–90 ms on the main thread, a long task every epoch.
const H = 380;
const M = { left: 58, right: 14, top: 10, bottom: 62 };
const GAP = 34;
const PANE = (H - M.top - M.bottom - GAP) / 2;

interface Series {
  name: string;
  value(m: Point): number;
  colour(theme: Theme): string;
  dash: Dash;
  accuracy: boolean;
}

const SERIES: Series[] = [
  {
    name: 'train loss',
    value: (m) => m.trainLoss,
    colour: (t) => t.chart.train,
    dash: 'solid',
    accuracy: false,
  },
  { name: 'test loss', value: (m) => m.testLoss, colour: (t) => t.chart.test, dash: 'dash', accuracy: false },
  {
    name: 'train accuracy',
    value: (m) => m.trainAcc,
    colour: (t) => t.chart.train,
    dash: 'solid',
    accuracy: true,
  },
  {
    name: 'test accuracy',
    value: (m) => m.testAcc,
    colour: (t) => t.chart.test,
    dash: 'dash',
    accuracy: true,
  },
];

function CurvesFigure({
  points,
  theme,
  total,
  svgRef,
}: {
  points: Point[];
  theme: Theme;
  total: number;
  svgRef: Ref<SVGSVGElement>;
}) {
  const [wrapRef, measured] = useWidth(640);
  const W = Math.max(320, measured);
  const legend = SERIES.map((s) => ({ label: s.name, colour: s.colour(theme), dash: s.dash }));
  // H holds one legend row; a narrow panel wraps the legend and the figure grows.
  const height = H - 16 + legendHeight(legend, W - M.left - M.right);
  const sx = scaleLinear()
    .domain([0, Math.max(total, 1) + 0.5])
    .range([M.left, W - M.right]);
  const losses = points.flatMap((m) => [m.trainLoss, m.testLoss]).filter(Number.isFinite);
  const lossTop = losses.length ? Math.max(...losses) * 1.08 : 1;
  const loss = scaleLinear()
    .domain([0, lossTop])
    .range([M.top + PANE, M.top]);
  const acc = scaleLinear()
    .domain([0, 1.02])
    .range([M.top + 2 * PANE + GAP, M.top + PANE + GAP]);
  const markers = points.length <= 40;
  const [hover, setHover] = useState<Point | null>(null);
  // The epoch nearest the pointer, anywhere over the two panes.
  const onMove = (e: PointerEvent<SVGRectElement>) => {
    const epoch = sx.invert(figurePoint(e, W, height)[0]);
    let best: Point | null = null;
    for (const m of points) if (!best || Math.abs(m.epoch - epoch) < Math.abs(best.epoch - epoch)) best = m;
    setHover(best);
  };
  const across: [number, number] = [M.left, W - M.right];
  const epochTicks = sx.ticks(6).filter(Number.isInteger);
  return (
    <SvgFigure
      wrapRef={wrapRef}
      width={W}
      height={height}
      theme={theme}
      svgRef={svgRef}
      testId="curves-figure"
      ariaLabel="Loss (top) and accuracy (bottom) per epoch, training solid, test dashed. The metrics table has the same numbers."
    >
      <Axis
        side="left"
        scale={loss}
        ticks={loss.ticks(5)}
        format={(v) => String(+v.toFixed(3))}
        label="loss"
        across={across}
        theme={theme}
      />
      <Axis
        side="bottom"
        scale={sx}
        ticks={epochTicks}
        format={String}
        label=""
        across={[M.top + PANE, M.top]}
        theme={theme}
        tickLabels={false}
      />
      <Axis
        side="left"
        scale={acc}
        ticks={acc.ticks(5)}
        format={(v) => `${Math.round(v * 100)}%`}
        label="accuracy"
        across={across}
        theme={theme}
      />
      <Axis
        side="bottom"
        scale={sx}
        ticks={epochTicks}
        format={String}
        label="epoch"
        across={[M.top + 2 * PANE + GAP, M.top + PANE + GAP]}
        theme={theme}
      />
      {SERIES.map((s) => {
        const sy = s.accuracy ? acc : loss;
        const ok = points.filter((m) => Number.isFinite(s.value(m)));
        const path = d3line<Point>()
          .x((m) => sx(m.epoch))
          .y((m) => sy(s.value(m)))(ok);
        return (
          <g key={s.name} className="curve" data-name={s.name}>
            <title>{s.name}</title>
            {path && (
              <path
                d={path}
                fill="none"
                stroke={s.colour(theme)}
                strokeWidth={2}
                strokeDasharray={DASH_ARRAY[s.dash]}
              />
            )}
            {markers &&
              ok.map((m) => (
                <circle key={m.epoch} cx={sx(m.epoch)} cy={sy(s.value(m))} r={2.5} fill={s.colour(theme)} />
              ))}
          </g>
        );
      })}
      <Legend items={legend} x={M.left} y={H - 14} width={W - M.left - M.right} theme={theme} />
      {hover && (
        <HoverColumn
          x={sx(hover.epoch)}
          top={M.top}
          bottom={M.top + 2 * PANE + GAP}
          left={M.left}
          right={W - M.right}
          readoutY={M.top + PANE + GAP / 2 - 40}
          lines={[
            { text: `epoch ${hover.epoch}`, colour: theme.chart.text },
            ...SERIES.map((s) => ({
              text: `${s.name}: ${s.accuracy ? `${(s.value(hover) * 100).toFixed(1)}%` : s.value(hover).toFixed(4)}`,
              colour: s.colour(theme),
            })),
          ]}
          theme={theme}
          testId="curves-hover"
        />
      )}
      <PointerArea
        x={M.left}
        y={M.top}
        width={W - M.left - M.right}
        height={2 * PANE + GAP}
        onMove={onMove}
        onLeave={() => setHover(null)}
      />
    </SvgFigure>
  );
}

type View = 'light' | 'interactive';

/**
 * The same curves as an interactive Plotly figure (zoom, pan, values on hover), on request. While training it
 * redraws at most once a second: each Plotly redraw costs 40–90 ms of main-thread time.
 */
function interactiveFigure(points: Point[], theme: Theme, total: number) {
  const axis = plotlyAxis(theme);
  const epochs = points.map((m) => m.epoch);
  const data: Partial<Data>[] = SERIES.map((s) => ({
    type: 'scatter',
    mode: points.length <= 40 ? 'lines+markers' : 'lines',
    name: s.name,
    x: epochs,
    y: points.map((m) => (Number.isFinite(s.value(m)) ? s.value(m) : null)),
    yaxis: s.accuracy ? 'y2' : 'y',
    line: { color: s.colour(theme), width: 2, dash: s.dash === 'dash' ? 'dash' : 'solid' },
    marker: { size: 5 },
    hovertemplate: `${s.name} %{y:${s.accuracy ? '.1%' : '.4f'}} (epoch %{x})<extra></extra>`,
  }));
  const layout: Partial<Layout> = {
    height: H,
    margin: { l: 58, r: 14, t: 10, b: 62 },
    ...plotlyPaper(theme),
    showlegend: true,
    legend: { orientation: 'h', y: -0.2, x: 0 },
    xaxis: { ...axis, anchor: 'y2', title: { text: 'epoch' }, range: [0, Math.max(total, 1) + 0.5] },
    yaxis: { ...axis, domain: [0.56, 1], title: { text: 'loss' }, rangemode: 'tozero' },
    yaxis2: { ...axis, domain: [0, 0.44], title: { text: 'accuracy' }, tickformat: '.0%', range: [0, 1.02] },
    hovermode: 'x unified',
    uirevision: 'curves',
  };
  return { data, layout };
}

const metricsFile = (history: RunView['history']): CsvFile => ({
  text: metricsCsv(history),
  name: 'basin-metrics',
});

export function CurvesPanel({ run, theme }: PanelProps) {
  const [view, setView] = useState<View>('light');
  const running = run.status === 'running';
  // The light figure redraws cheaply; its throttle only bounds React work while training.
  const history = useThrottled(run.history, running ? (view === 'light' ? 250 : 1000) : 100);
  const [figure, setFigure] = useState<SVGSVGElement | HTMLElement | null>(null);
  // Epoch 0 (the untrained model) first, when the engine measured it.
  const points = useMemo<Point[]>(
    () =>
      run.initial && (history[0]?.epoch ?? 1) === 1 ? [{ epoch: 0, ...run.initial }, ...history] : history,
    [history, run.initial],
  );
  const interactive = useMemo(
    () => (view === 'interactive' ? interactiveFigure(points, theme, run.epochsTotal) : null),
    [view, points, theme, run.epochsTotal],
  );
  useFigureExports(figure, 'basin-curves', run.history, metricsFile);
  const last = history[history.length - 1];
  return (
    <div className="curves">
      <div className="segmented" role="radiogroup" aria-label="Figure">
        {(
          [
            ['light', 'Light', 'Redrawn every epoch at almost no cost'],
            ['interactive', 'Zoom & pan (Plotly)', 'Interactive; while training it redraws once a second'],
          ] as const
        ).map(([id, label, title]) => (
          <label key={id} title={title}>
            <input
              type="radio"
              name="curves-view"
              checked={view === id}
              onChange={() => {
                setFigure(null);
                setView(id);
              }}
              data-testid={`curves-view-${id}`}
            />
            {label}
          </label>
        ))}
      </div>
      {interactive ? (
        <LazyPlot
          data={interactive.data}
          layout={interactive.layout}
          onGraph={setFigure}
          style={{ width: '100%', height: H }}
          ariaLabel="Loss (top) and accuracy (bottom) per epoch, training solid, test dashed. The metrics table has the same numbers."
        />
      ) : (
        <CurvesFigure points={points} theme={theme} total={run.epochsTotal} svgRef={setFigure} />
      )}
      <p className="chart-summary" data-testid="curves-summary">
        {last
          ? `After ${last.epoch} epoch${last.epoch === 1 ? '' : 's'}: train loss ${last.trainLoss.toFixed(4)}, test loss ${last.testLoss.toFixed(4)}; train accuracy ${(last.trainAcc * 100).toFixed(1)}%, test accuracy ${(last.testAcc * 100).toFixed(1)}%.`
          : 'No epoch trained yet: press Play or Step.'}
      </p>
    </div>
  );
}
