/**
 * Curves over one parameter as SVG: values on a left axis (linear or log), optionally a second quantity on
 * a right axis (e.g. accuracy, 0–100 %), a dotted mark at one x, a legend or an epoch colour bar, and a
 * hover read-out of the values at the nearest x. Used by the 1-D landscape and the interpolation panels.
 */
import { line as d3line, scaleLinear } from 'd3';
import { type PointerEvent, type Ref, useMemo, useState } from 'react';
import type { Theme } from '../theme/themes';
import {
  Axis,
  ColourBar,
  DASH_ARRAY,
  type Dash,
  HoverColumn,
  Legend,
  legendHeight,
  PointerArea,
  SvgFigure,
  countNonFinite,
  figurePoint,
  useFitHeight,
  useWidth,
} from './figure';
import { finiteRange, valueAxis } from './scales';
import { guarded } from '../ErrorBoundary';

export interface LineSeries {
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  axis: 'left' | 'right';
  colour: string;
  dash?: Dash;
  width?: number;
  opacity?: number;
  /** Listed in the legend (default true). */
  legend?: boolean;
  /** How the hover read-out prints a value; series without one are not listed there. */
  hover?: (v: number) => string;
}

export interface LineFigureProps {
  series: LineSeries[];
  xLabel: string;
  leftLabel: string;
  leftLog?: boolean;
  /** The right axis: label, fixed domain and tick format. */
  right?: { label: string; domain: [number, number]; ticks: number[]; format(v: number): string };
  /** Dotted vertical lines at these x, labelled above the plot (e.g. the model at α = 0). */
  marks?: { x: number; label?: string }[];
  /** Instead of a legend: a colour bar (e.g. epochs). */
  colourBar?: { id: string; lo: number; hi: number; title: string; colour(t: number): string };
  theme: Theme;
  svgRef: Ref<SVGSVGElement>;
  ariaLabel: string;
  testId: string;
  /** Width until the panel's is measured (the figure takes the panel's width). */
  width?: number;
  /** Height with a one-row legend. */
  height?: number;
}

const NO_MARKS: NonNullable<LineFigureProps['marks']> = [];

/** [x, y] pairs of a series; those with a non-finite x or y are drawn as a gap in the line. */
const points = (s: LineSeries): [number, number][] =>
  Array.from({ length: s.x.length }, (_, i) => [s.x[i], s.y[i]]);
const drawable = (p: [number, number]) => Number.isFinite(p[0]) && Number.isFinite(p[1]);

function LineFigureView(props: LineFigureProps) {
  const { series, theme, right, colourBar } = props;
  const [wrapRef, measured] = useWidth(props.width ?? 560);
  const W = Math.max(300, measured);
  const marks = props.marks ?? NO_MARKS;
  const legendItems = useMemo(
    () =>
      colourBar
        ? []
        : series
            .filter((s) => s.legend !== false)
            .map((s) => ({
              label: s.name,
              colour: s.colour,
              dash: s.dash,
              width: s.width,
              opacity: s.opacity,
            })),
    [series, colourBar],
  );
  const marginRight = right || colourBar ? 70 : 14;
  // On the stage the figure fills its cell, and its legend takes the whole width (fewer rows).
  const fit = useFitHeight();
  const legendBox =
    fit === null ? { x: 58, y: 8, width: W - 58 - marginRight } : { x: 10, y: 2, width: W - 20 };
  const legendH = legendHeight(legendItems, legendBox.width);
  const M = {
    left: 58,
    right: marginRight,
    top: marks.some((m) => m.label) ? 20 : 10,
    bottom: (fit === null ? 48 : 42) + legendH,
  };
  // The plot keeps its height; a legend that wraps makes the figure taller.
  const H = fit === null ? (props.height ?? 320) - 64 + M.bottom : Math.max(M.top + M.bottom + 50, fit);
  const c = theme.chart;
  const [hover, setHover] = useState<number | null>(null);

  const layout = useMemo(() => {
    const [x0, x1] = finiteRange(series.map((s) => s.x));
    const sx = scaleLinear()
      .domain(Number.isFinite(x0) && x1 > x0 ? [x0, x1] : [-1, 1])
      .range([M.left, W - M.right]);
    const yRange: [number, number] = [H - M.bottom, M.top];
    const leftAxis = valueAxis(
      series.filter((s) => s.axis === 'left').map((s) => s.y),
      yRange,
      props.leftLog ?? false,
    );
    const sRight = right ? scaleLinear().domain(right.domain).range(yRange) : null;
    return { sx, leftAxis, sRight };
  }, [series, props.leftLog, right, W, H, M.left, M.right, M.top, M.bottom]);
  const { sx, leftAxis, sRight } = layout;
  const xs = series[0]?.x ?? [];

  // Everything but the hover read-out, so that moving the pointer redraws only the read-out.
  const body = useMemo(() => {
    const across: [number, number] = [M.left, W - M.right];
    const down: [number, number] = [H - M.bottom, M.top];
    return (
      <>
        <Axis
          side="bottom"
          scale={sx}
          ticks={sx.ticks(6)}
          format={(v) => String(+v.toFixed(2))}
          label={props.xLabel}
          across={down}
          theme={theme}
        />
        <Axis
          side="left"
          scale={leftAxis.scale}
          ticks={leftAxis.ticks}
          format={leftAxis.format}
          label={props.leftLabel}
          across={across}
          theme={theme}
        />
        {right && sRight && (
          <Axis
            side="right"
            scale={sRight}
            ticks={right.ticks}
            format={right.format}
            label={right.label}
            across={across}
            theme={theme}
            grid={false}
          />
        )}
        {marks.map((m) => (
          <g key={m.x} fill={c.muted} fontSize={10}>
            <line
              x1={sx(m.x)}
              x2={sx(m.x)}
              y1={down[0]}
              y2={down[1]}
              stroke={c.muted}
              strokeDasharray="2 3"
            />
            {m.label && (
              <text x={sx(m.x)} y={down[1] - 5} textAnchor="middle">
                {m.label}
              </text>
            )}
          </g>
        ))}
        {series.map((s) => {
          const sy = s.axis === 'right' && sRight ? sRight : leftAxis.scale;
          const d = d3line()
            .defined(drawable)
            .x((p) => sx(p[0]))
            .y((p) => sy(p[1]))(points(s));
          return (
            d && (
              <path
                key={s.name}
                className="series"
                data-name={s.name}
                d={d}
                fill="none"
                stroke={s.colour}
                strokeWidth={s.width ?? 2}
                strokeOpacity={s.opacity}
                strokeDasharray={DASH_ARRAY[s.dash ?? 'solid']}
              >
                <title>{s.name}</title>
              </path>
            )
          );
        })}
        {colourBar ? (
          <ColourBar
            id={colourBar.id}
            x={W - M.right + 10}
            top={M.top}
            height={H - M.top - M.bottom}
            colour={colourBar.colour}
            ticks={scaleLinear()
              .domain([colourBar.lo, colourBar.hi])
              .ticks(5)
              .filter(Number.isInteger)
              .map((v) => ({
                at: (v - colourBar.lo) / (colourBar.hi - colourBar.lo || 1),
                label: String(v),
              }))}
            title={colourBar.title}
            theme={theme}
          />
        ) : (
          <Legend
            items={legendItems}
            x={legendBox.x}
            y={H - legendH + legendBox.y}
            width={legendBox.width}
            theme={theme}
          />
        )}
      </>
    );
  }, [
    legendBox.x,
    legendBox.y,
    legendBox.width,
    series,
    sx,
    leftAxis,
    sRight,
    right,
    colourBar,
    legendItems,
    legendH,
    marks,
    props.xLabel,
    props.leftLabel,
    theme,
    W,
    H,
    c.muted,
    M.left,
    M.right,
    M.top,
    M.bottom,
  ]);

  const onMove = (e: PointerEvent<SVGRectElement>) => {
    const x = sx.invert(figurePoint(e, W, H)[0]);
    let best = -1;
    for (let i = 0; i < xs.length; i++)
      if (best < 0 || Math.abs(xs[i] - x) < Math.abs(xs[best] - x)) best = i;
    setHover(best < 0 ? null : best);
  };

  const listed = series.filter((s) => s.hover);
  const nonFinite = countNonFinite(series.map((s) => s.y));
  const hx = hover !== null && hover < xs.length ? xs[hover] : null;
  return (
    <SvgFigure
      wrapRef={wrapRef}
      width={W}
      height={H}
      theme={theme}
      svgRef={props.svgRef}
      ariaLabel={props.ariaLabel}
      testId={props.testId}
      nonFinite={nonFinite}
    >
      {body}
      {hx !== null && (
        <HoverColumn
          x={sx(hx)}
          top={M.top}
          bottom={H - M.bottom}
          left={M.left}
          right={W - M.right}
          readoutY={M.top + 6}
          lines={[
            { text: `${props.xLabel.split(' ')[0]} = ${+hx.toFixed(3)}`, colour: c.text },
            ...listed.map((s) => ({
              text: `${s.name}: ${Number.isFinite(s.y[hover!]) ? s.hover!(s.y[hover!]) : '–'}`,
              colour: s.colour,
            })),
          ]}
          theme={theme}
          testId={`${props.testId}-hover`}
        />
      )}
      <PointerArea
        x={M.left}
        y={M.top}
        width={W - M.left - M.right}
        height={H - M.top - M.bottom}
        onMove={onMove}
        onLeave={() => setHover(null)}
      />
    </SvgFigure>
  );
}

export const LineFigure = guarded(LineFigureView);
