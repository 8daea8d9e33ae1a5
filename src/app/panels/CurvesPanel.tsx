import { type PointerEvent, type Ref, useMemo, useState } from 'react';
import {
  Axis,
  DASH_ARRAY,
  figurePoint,
  HoverColumn,
  Legend,
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
import {
  CURVES_ARIA,
  CURVES_HEIGHT,
  type CurvePoint,
  curvePoints,
  curvesLayout,
  curvesSummary,
  hoverLines,
  interactiveCurves,
  nearestPoint,
} from './curves-model';

// Drawn as plain SVG (src/app/svg): a redraw while training costs about a millisecond, where a Plotly redraw
// of the same figure took 40–90 ms on the main thread, a long task every epoch.
function CurvesFigure({
  points,
  theme,
  total,
  runId,
  svgRef,
}: {
  points: CurvePoint[];
  theme: Theme;
  total: number;
  runId: number;
  svgRef: Ref<SVGSVGElement>;
}) {
  const [wrapRef, measured] = useWidth(640);
  const L = curvesLayout(points, total, theme, runId, Math.max(320, measured));
  const { width: W, height, margins: M, sx } = L;
  const [hover, setHover] = useState<CurvePoint | null>(null);
  // The epoch nearest the pointer, anywhere over the two panes.
  const onMove = (e: PointerEvent<SVGRectElement>) =>
    setHover(nearestPoint(points, sx.invert(figurePoint(e, W, height)[0])));
  const across: [number, number] = [M.left, W - M.right];
  return (
    <SvgFigure
      wrapRef={wrapRef}
      width={W}
      height={height}
      theme={theme}
      svgRef={svgRef}
      testId="curves-figure"
      ariaLabel={CURVES_ARIA}
    >
      <Axis
        side="left"
        scale={L.loss}
        ticks={L.loss.ticks(5)}
        format={(v) => String(+v.toFixed(3))}
        label="loss"
        across={across}
        theme={theme}
      />
      <Axis
        side="bottom"
        scale={sx}
        ticks={L.epochTicks}
        format={String}
        label=""
        across={L.lossPane}
        theme={theme}
        tickLabels={false}
      />
      <Axis
        side="left"
        scale={L.acc}
        ticks={L.acc.ticks(5)}
        format={(v) => `${Math.round(v * 100)}%`}
        label="accuracy"
        across={across}
        theme={theme}
      />
      <Axis
        side="bottom"
        scale={sx}
        ticks={L.epochTicks}
        format={String}
        label="epoch"
        across={L.accPane}
        theme={theme}
      />
      {L.paths.map((p) => (
        <g key={p.name} className="curve" data-name={p.name}>
          <title>{p.name}</title>
          {p.d && (
            <path
              d={p.d}
              fill="none"
              stroke={p.style.colour}
              strokeWidth={p.style.width}
              strokeDasharray={DASH_ARRAY[p.style.dash]}
            />
          )}
          {p.dots.map(([x, y]) => (
            <circle key={x} cx={x} cy={y} r={2.5} fill={p.style.colour} />
          ))}
        </g>
      ))}
      <Legend items={L.legend} x={M.left} y={L.legendY} width={W - M.left - M.right} theme={theme} />
      {hover && (
        <HoverColumn
          x={sx(hover.epoch)}
          top={M.top}
          bottom={L.plotBottom}
          left={M.left}
          right={W - M.right}
          readoutY={L.readoutY}
          lines={hoverLines(hover, theme, runId)}
          theme={theme}
          testId="curves-hover"
        />
      )}
      <PointerArea
        x={M.left}
        y={M.top}
        width={W - M.left - M.right}
        height={L.plotBottom - M.top}
        onMove={onMove}
        onLeave={() => setHover(null)}
      />
    </SvgFigure>
  );
}

type View = 'light' | 'interactive';

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
  const points = useMemo(() => curvePoints(history, run.initial), [history, run.initial]);
  // While training, the interactive figure redraws at most once a second: each Plotly redraw costs 40–90 ms.
  const interactive = useMemo(
    () => (view === 'interactive' ? interactiveCurves(points, theme, run.epochsTotal, run.id) : null),
    [view, points, theme, run.epochsTotal, run.id],
  );
  useFigureExports(figure, 'basin-curves', run.history, metricsFile);
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
          style={{ width: '100%', height: CURVES_HEIGHT }}
          ariaLabel={CURVES_ARIA}
        />
      ) : (
        <CurvesFigure
          points={points}
          theme={theme}
          total={run.epochsTotal}
          runId={run.id}
          svgRef={setFigure}
        />
      )}
      <p className="chart-summary" data-testid="curves-summary">
        {curvesSummary(history)}
      </p>
    </div>
  );
}
