import { line as d3line, scaleLinear, type ScaleLinear } from 'd3';
import { useMemo, useRef } from 'react';
import type { EpochMetrics } from '../../core/events';
import { downloadBlob, downloadText, stamp, svgText, svgToPng } from '../export';
import type { Theme } from '../theme/themes';
import { useThrottled } from '../useThrottled';
import { metricsCsv } from './MetricsPanel';
import { usePanelExports } from './PanelFrame';
import type { PanelProps } from './types';

type Point = Pick<EpochMetrics, 'epoch' | 'trainLoss' | 'trainAcc' | 'testLoss' | 'testAcc'>;

// Drawn as plain SVG (D3 scales and paths, rendered by React): a redraw while training costs well under a
// millisecond, where a Plotly redraw of the same figure took tens (TECH-NOTES.md, long tasks).
const W = 640;
const H = 380;
const M = { left: 58, right: 14, top: 10, bottom: 62 };
const GAP = 34;
const PANE = (H - M.top - M.bottom - GAP) / 2;

interface Series {
  name: string;
  value(m: Point): number;
  colour(theme: Theme): string;
  dashed: boolean;
  accuracy: boolean;
}

const SERIES: Series[] = [
  {
    name: 'train loss',
    value: (m) => m.trainLoss,
    colour: (t) => t.chart.train,
    dashed: false,
    accuracy: false,
  },
  { name: 'test loss', value: (m) => m.testLoss, colour: (t) => t.chart.test, dashed: true, accuracy: false },
  {
    name: 'train accuracy',
    value: (m) => m.trainAcc,
    colour: (t) => t.chart.train,
    dashed: false,
    accuracy: true,
  },
  {
    name: 'test accuracy',
    value: (m) => m.testAcc,
    colour: (t) => t.chart.test,
    dashed: true,
    accuracy: true,
  },
];

function Axes(props: {
  sx: ScaleLinear<number, number>;
  sy: ScaleLinear<number, number>;
  label: string;
  format(v: number): string;
  theme: Theme;
  xLabels: boolean;
}) {
  const { sx, sy, theme } = props;
  const c = theme.chart;
  const [x0, x1] = sx.range();
  const [y0, y1] = sy.range();
  return (
    <g fontSize={11} fill={c.muted}>
      {sy.ticks(5).map((v) => (
        <g key={`y${v}`}>
          <line x1={x0} x2={x1} y1={sy(v)} y2={sy(v)} stroke={c.grid} />
          <text x={x0 - 6} y={sy(v)} dy="0.32em" textAnchor="end">
            {props.format(v)}
          </text>
        </g>
      ))}
      {sx
        .ticks(6)
        .filter(Number.isInteger)
        .map((v) => (
          <g key={`x${v}`}>
            <line x1={sx(v)} x2={sx(v)} y1={y0} y2={y1} stroke={c.grid} />
            {props.xLabels && (
              <text x={sx(v)} y={y0 + 16} textAnchor="middle">
                {v}
              </text>
            )}
          </g>
        ))}
      <line x1={x0} x2={x1} y1={y0} y2={y0} stroke={c.muted} />
      <line x1={x0} x2={x0} y1={y0} y2={y1} stroke={c.muted} />
      <text transform={`translate(14,${(y0 + y1) / 2}) rotate(-90)`} textAnchor="middle" fontSize={12}>
        {props.label}
      </text>
    </g>
  );
}

function CurvesFigure({
  points,
  theme,
  total,
  svgRef,
}: {
  points: Point[];
  theme: Theme;
  total: number;
  svgRef: React.Ref<SVGSVGElement>;
}) {
  const c = theme.chart;
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
  const legendY = H - 14;
  return (
    <svg
      ref={svgRef}
      xmlns="http://www.w3.org/2000/svg"
      viewBox={`0 0 ${W} ${H}`}
      width={W}
      height={H}
      style={{ maxWidth: '100%', height: 'auto' }}
      fontFamily="sans-serif"
      role="img"
      aria-label="Loss (top) and accuracy (bottom) per epoch, training solid, test dashed. The metrics table has the same numbers."
      data-testid="curves-figure"
    >
      <rect width={W} height={H} fill={c.background} />
      <Axes
        sx={sx}
        sy={loss}
        label="loss"
        format={(v) => String(+v.toFixed(3))}
        theme={theme}
        xLabels={false}
      />
      <Axes
        sx={sx}
        sy={acc}
        label="accuracy"
        format={(v) => `${Math.round(v * 100)}%`}
        theme={theme}
        xLabels
      />
      <text x={(M.left + W - M.right) / 2} y={H - 30} textAnchor="middle" fontSize={12} fill={c.muted}>
        epoch
      </text>
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
                strokeDasharray={s.dashed ? '6 4' : undefined}
              />
            )}
            {markers &&
              ok.map((m) => (
                <circle key={m.epoch} cx={sx(m.epoch)} cy={sy(s.value(m))} r={2.5} fill={s.colour(theme)}>
                  <title>{`${s.name}: ${s.value(m).toFixed(4)} (epoch ${m.epoch})`}</title>
                </circle>
              ))}
          </g>
        );
      })}
      <g fontSize={11} fill={c.text}>
        {SERIES.map((s, i) => (
          <g key={s.name} transform={`translate(${M.left + i * 140},${legendY})`}>
            <line
              x1={0}
              x2={24}
              y1={0}
              y2={0}
              stroke={s.colour(theme)}
              strokeWidth={2}
              strokeDasharray={s.dashed ? '6 4' : undefined}
            />
            <text x={30} y={0} dy="0.32em">
              {s.name}
            </text>
          </g>
        ))}
      </g>
    </svg>
  );
}

export function CurvesPanel({ run, theme }: PanelProps) {
  // Redrawing the SVG is cheap; the throttle only bounds React work while training.
  const history = useThrottled(run.history, run.status === 'running' ? 250 : 100);
  const svgRef = useRef<SVGSVGElement>(null);
  // Epoch 0 (the untrained model) first, when the engine measured it.
  const points = useMemo<Point[]>(
    () =>
      run.initial && (history[0]?.epoch ?? 1) === 1 ? [{ epoch: 0, ...run.initial }, ...history] : history,
    [history, run.initial],
  );
  const exporters = useMemo(() => {
    const file = () => (svgRef.current ? svgText(svgRef.current) : null);
    return {
      png: async () => {
        const svg = file();
        if (svg) downloadBlob(await svgToPng(svg, W, H), `basin-curves-${stamp()}.png`);
      },
      svg: () => {
        const svg = file();
        if (svg) downloadText(svg, `basin-curves-${stamp()}.svg`, 'image/svg+xml');
      },
      csv: () => downloadText(metricsCsv(run.history), `basin-metrics-${stamp()}.csv`, 'text/csv'),
    };
  }, [run.history]);
  usePanelExports(exporters);
  const last = history[history.length - 1];
  return (
    <div className="curves">
      <CurvesFigure points={points} theme={theme} total={run.epochsTotal} svgRef={svgRef} />
      <p className="chart-summary" data-testid="curves-summary">
        {last
          ? `After ${last.epoch} epoch${last.epoch === 1 ? '' : 's'}: train loss ${last.trainLoss.toFixed(4)}, test loss ${last.testLoss.toFixed(4)}; train accuracy ${(last.trainAcc * 100).toFixed(1)}%, test accuracy ${(last.testAcc * 100).toFixed(1)}%.`
          : 'No epoch trained yet: press Play or Step.'}
      </p>
    </div>
  );
}
