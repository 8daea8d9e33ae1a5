import { line as d3line, scaleLinear } from 'd3';
import { type PointerEvent, type Ref, useMemo, useState } from 'react';
import type { EpochMetrics } from '../../core/events';
import { downloadText, stamp } from '../export';
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
  svgExporters,
  useWidth,
} from '../svg/figure';
import type { Theme } from '../theme/themes';
import { useThrottled } from '../useThrottled';
import { metricsCsv } from './MetricsPanel';
import { usePanelExports } from './PanelFrame';
import type { PanelProps } from './types';

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

export function CurvesPanel({ run, theme }: PanelProps) {
  // Redrawing the SVG is cheap; the throttle only bounds React work while training.
  const history = useThrottled(run.history, run.status === 'running' ? 250 : 100);
  const [svg, setSvg] = useState<SVGSVGElement | null>(null);
  // Epoch 0 (the untrained model) first, when the engine measured it.
  const points = useMemo<Point[]>(
    () =>
      run.initial && (history[0]?.epoch ?? 1) === 1 ? [{ epoch: 0, ...run.initial }, ...history] : history,
    [history, run.initial],
  );
  const exporters = useMemo(
    () => ({
      ...(svg ? svgExporters(svg, 'basin-curves') : {}),
      csv: () => downloadText(metricsCsv(run.history), `basin-metrics-${stamp()}.csv`, 'text/csv'),
    }),
    [svg, run.history],
  );
  usePanelExports(exporters);
  const last = history[history.length - 1];
  return (
    <div className="curves">
      <CurvesFigure points={points} theme={theme} total={run.epochsTotal} svgRef={setSvg} />
      <p className="chart-summary" data-testid="curves-summary">
        {last
          ? `After ${last.epoch} epoch${last.epoch === 1 ? '' : 's'}: train loss ${last.trainLoss.toFixed(4)}, test loss ${last.testLoss.toFixed(4)}; train accuracy ${(last.trainAcc * 100).toFixed(1)}%, test accuracy ${(last.testAcc * 100).toFixed(1)}%.`
          : 'No epoch trained yet: press Play or Step.'}
      </p>
    </div>
  );
}
