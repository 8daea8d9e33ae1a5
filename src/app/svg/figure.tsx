/**
 * The pieces of Basin's SVG figures (rendered by React, D3 for scales and shapes): the root element, axes,
 * legends, colour bars and their downloads. Figures that redraw while the user works (training curves,
 * landscapes during and after training) are drawn this way: a redraw costs a few milliseconds, where a
 * Plotly draw of the same figure took 40–350 ms of main-thread time on a 2-core machine, each a long task
 * (browser journey b, `npm run bench -- ui`). Plotly stays for figures drawn on request (sweeps,
 * comparisons) and the 3-D surface.
 */
import { type PointerEvent, type ReactNode, type Ref, useContext, useEffect, useState } from 'react';
import { downloadBlob, downloadText, stamp, svgText, svgToPng } from '../export';
import { FigureHeight, FigureScale } from '../presenter/figure-scale';
import type { Theme } from '../theme/themes';

export type Dash = 'solid' | 'dash' | 'dot';
export const DASH_ARRAY: Record<Dash, string | undefined> = {
  solid: undefined,
  dash: '6 4',
  dot: '2 3',
};

/**
 * The root <svg> (a fixed coordinate system scaled to the panel's width, a background, a text font) in the
 * block whose width `wrapRef` measures (see useWidth).
 */
export function SvgFigure(props: {
  width: number;
  height: number;
  theme: Theme;
  svgRef: Ref<SVGSVGElement>;
  wrapRef?: (el: HTMLElement | null) => void;
  ariaLabel: string;
  testId: string;
  /** How many values of the input are not finite (NaN, ±∞): drawn as gaps, and said so under the figure. */
  nonFinite?: number;
  children: ReactNode;
}) {
  const { width, height } = props;
  return (
    <div ref={props.wrapRef}>
      <svg
        ref={props.svgRef}
        xmlns="http://www.w3.org/2000/svg"
        viewBox={`0 0 ${width} ${height}`}
        width={width}
        height={height}
        style={{ maxWidth: '100%', height: 'auto', display: 'block' }}
        fontFamily="sans-serif"
        role="img"
        aria-label={props.ariaLabel}
        data-testid={props.testId}
      >
        <rect width={width} height={height} fill={props.theme.chart.background} />
        {props.children}
      </svg>
      <NonFiniteNote count={props.nonFinite ?? 0} />
    </div>
  );
}

/** How many entries of the arrays are NaN or ±∞. */
export function countNonFinite(arrays: readonly ArrayLike<number>[]): number {
  let n = 0;
  for (const a of arrays) for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) n++;
  return n;
}

/** The note under a figure whose input had values that are not numbers: they are gaps, not zeros. */
export function NonFiniteNote({ count }: { count: number }) {
  if (!count) return null;
  return (
    <p className="chart-summary non-finite-note" data-testid="non-finite-note">
      {count === 1 ? '1 value is' : `${count.toLocaleString('en')} values are`} not a finite number (NaN or
      infinite) and {count === 1 ? 'is' : 'are'} left out of the figure as a gap.
    </p>
  );
}

/** Where a pointer event falls in a figure's own coordinates (its viewBox is `width` × `height`). */
export function figurePoint(
  e: { clientX: number; clientY: number; currentTarget: SVGElement },
  width: number,
  height: number,
): [number, number] {
  const box = e.currentTarget.ownerSVGElement!.getBoundingClientRect();
  return [((e.clientX - box.left) * width) / box.width, ((e.clientY - box.top) * height) / box.height];
}

/** A value scale as the axes need it (d3's linear and log scales both fit). */
export interface AxisScale {
  (v: number): number;
  range(): number[];
}

/**
 * One axis: tick labels at `ticks`, grid lines across the plot area (`across`: the other axis' pixel range)
 * unless `grid` is false, the axis line and a centred label.
 */
export function Axis(props: {
  side: 'left' | 'right' | 'bottom';
  scale: AxisScale;
  ticks: number[];
  format(v: number): string;
  label: string;
  across: [number, number];
  theme: Theme;
  grid?: boolean;
  tickLabels?: boolean;
}) {
  const { side, scale, theme, across } = props;
  const c = theme.chart;
  const [r0, r1] = scale.range();
  const grid = props.grid ?? true;
  const showLabels = props.tickLabels ?? true;
  if (side === 'bottom') {
    const y = Math.max(...across);
    return (
      <g fontSize={11} fill={c.muted}>
        {props.ticks.map((v) => (
          <g key={v}>
            {grid && <line x1={scale(v)} x2={scale(v)} y1={across[0]} y2={across[1]} stroke={c.grid} />}
            {showLabels && (
              <text x={scale(v)} y={y + 16} textAnchor="middle">
                {props.format(v)}
              </text>
            )}
          </g>
        ))}
        <line x1={r0} x2={r1} y1={y} y2={y} stroke={c.muted} />
        {props.label && (
          <text x={(r0 + r1) / 2} y={y + 34} textAnchor="middle" fontSize={12}>
            {props.label}
          </text>
        )}
      </g>
    );
  }
  const left = side === 'left';
  const x = left ? Math.min(...across) : Math.max(...across);
  const labelX = left ? x - 44 : x + 44;
  return (
    <g fontSize={11} fill={c.muted}>
      {props.ticks.map((v) => (
        <g key={v}>
          {grid && <line x1={across[0]} x2={across[1]} y1={scale(v)} y2={scale(v)} stroke={c.grid} />}
          <text x={left ? x - 6 : x + 6} y={scale(v)} dy="0.32em" textAnchor={left ? 'end' : 'start'}>
            {props.format(v)}
          </text>
        </g>
      ))}
      <line x1={x} x2={x} y1={r0} y2={r1} stroke={c.muted} />
      <text
        transform={`translate(${labelX},${(r0 + r1) / 2}) rotate(${left ? -90 : 90})`}
        textAnchor="middle"
        fontSize={12}
      >
        {props.label}
      </text>
    </g>
  );
}

export interface LegendItem {
  label: string;
  colour: string;
  /** A line (default) with its dash, width and opacity, or a marker. */
  dash?: Dash;
  width?: number;
  opacity?: number;
  marker?: 'dot' | 'cross';
}

const LEGEND_ROW = 16;
/** Width of a legend entry: the sample, a gap and its text at ≈ 6 px per character (11 px sans-serif). */
const entryWidth = (item: LegendItem) => 28 + 6 * item.label.length + 12;

/** Where each legend entry goes: a grid of equal columns (as many as fit in `width`), filled row by row. */
function legendLayout(items: LegendItem[], width: number): { x: number; row: number }[] {
  const column = legendWidth(items);
  const columns = Math.max(1, Math.floor(width / column));
  return items.map((_, i) => ({ x: (i % columns) * column, row: Math.floor(i / columns) }));
}

/** Width of a legend's widest entry (0 without entries). */
export const legendWidth = (items: LegendItem[]) => Math.max(0, ...items.map(entryWidth));

/** Height a legend takes in `width` (0 without entries). */
export function legendHeight(items: LegendItem[], width: number): number {
  const layout = legendLayout(items, width);
  return layout.length ? (layout[layout.length - 1].row + 1) * LEGEND_ROW : 0;
}

/** A legend from (x, y) (the middle of its first row), in columns that fit in `width`. */
export function Legend(props: { items: LegendItem[]; x: number; y: number; width: number; theme: Theme }) {
  const layout = legendLayout(props.items, props.width);
  return (
    <g fontSize={11} fill={props.theme.chart.text}>
      {props.items.map((item, i) => (
        <g
          key={item.label}
          transform={`translate(${props.x + layout[i].x},${props.y + layout[i].row * LEGEND_ROW})`}
        >
          {item.marker === 'cross' ? (
            <path d="M6,-5L16,5M6,5L16,-5" stroke={item.colour} strokeWidth={2.5} />
          ) : (
            <>
              <line
                x1={0}
                x2={22}
                y1={0}
                y2={0}
                stroke={item.colour}
                strokeWidth={item.width ?? 2}
                strokeOpacity={item.opacity}
                strokeDasharray={DASH_ARRAY[item.dash ?? 'solid']}
              />
              {item.marker === 'dot' && <circle cx={11} cy={0} r={3} fill={item.colour} />}
            </>
          )}
          <text x={28} y={0} dy="0.32em">
            {item.label}
          </text>
        </g>
      ))}
    </g>
  );
}

/**
 * The laid-out width of an element (ResizeObserver) in figure units, `fallback` until measured: figures are
 * drawn at the panel's width so their text stays at its size (on the stage, at the width over FigureScale).
 */
export function useWidth(fallback: number): [(el: HTMLElement | null) => void, number] {
  const [el, setEl] = useState<HTMLElement | null>(null);
  const [width, setWidth] = useState(fallback);
  const scale = useContext(FigureScale);
  useEffect(() => {
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(([entry]) => {
      const w = Math.round(entry.contentRect.width / scale);
      if (w > 0) setWidth(w);
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [el, scale]);
  return [setEl, width];
}

/** On the stage, the height in figure units the figure fits in (see FigureHeight); null in the lab. */
export function useFitHeight(): number | null {
  const px = useContext(FigureHeight);
  const scale = useContext(FigureScale);
  return px === null ? null : px / scale;
}

/**
 * A vertical colour bar from `colour(0)` (bottom) to `colour(1)` (top), ticks at positions in [0, 1] with
 * their labels, and a title. `id` names its gradient (unique in the page).
 */
export function ColourBar(props: {
  id: string;
  x: number;
  top: number;
  height: number;
  colour(t: number): string;
  ticks: { at: number; label: string }[];
  title: string;
  theme: Theme;
}) {
  const { x, top, height } = props;
  const stops = Array.from({ length: 11 }, (_, k) => k / 10);
  return (
    <g fontSize={10} fill={props.theme.chart.muted}>
      <defs>
        <linearGradient id={props.id} x1="0" x2="0" y1="1" y2="0">
          {stops.map((t) => (
            <stop key={t} offset={t} stopColor={props.colour(t)} />
          ))}
        </linearGradient>
      </defs>
      <rect x={x} y={top} width={12} height={height} fill={`url(#${props.id})`} />
      {props.ticks.map((t) => (
        <text key={t.at} x={x + 16} y={top + height * (1 - t.at)} dy="0.32em">
          {t.label}
        </text>
      ))}
      <text
        transform={`translate(${x + 50},${top + height / 2}) rotate(90)`}
        textAnchor="middle"
        fontSize={11}
      >
        {props.title}
      </text>
    </g>
  );
}

/**
 * A hover read-out: lines of text on a translucent box whose corner is at (x, y) (its right edge there with
 * `alignRight`). The box is sized from the text length (≈ 6 px per character at 11 px).
 */
export function Readout(props: {
  lines: { text: string; colour: string }[];
  x: number;
  y: number;
  alignRight: boolean;
  theme: Theme;
}) {
  const width = 12 + 6 * Math.max(...props.lines.map((l) => l.text.length));
  const left = props.alignRight ? props.x - width : props.x;
  return (
    <g pointerEvents="none" fontSize={11}>
      <rect
        x={left}
        y={props.y}
        width={width}
        height={8 + 14 * props.lines.length}
        rx={3}
        fill={props.theme.chart.background}
        fillOpacity={0.88}
        stroke={props.theme.chart.grid}
      />
      {props.lines.map((l, k) => (
        <text key={k} x={left + 6} y={props.y + 15 + 14 * k} fill={l.colour}>
          {l.text}
        </text>
      ))}
    </g>
  );
}

/**
 * The hover layer of curves over x: a vertical guide at pixel `x` from `top` to `bottom`, and the read-out
 * at height `readoutY` on the side of the plot ([left, right]) away from the guide.
 */
export function HoverColumn(props: {
  x: number;
  top: number;
  bottom: number;
  left: number;
  right: number;
  readoutY: number;
  lines: { text: string; colour: string }[];
  theme: Theme;
  testId: string;
}) {
  const { x, left, right } = props;
  const readoutLeft = x > (left + right) / 2;
  return (
    <g pointerEvents="none" data-testid={props.testId}>
      <line
        x1={x}
        x2={x}
        y1={props.top}
        y2={props.bottom}
        stroke={props.theme.chart.text}
        strokeOpacity={0.4}
      />
      <Readout
        lines={props.lines}
        x={readoutLeft ? left + 6 : right - 6}
        y={props.readoutY}
        alignRight={!readoutLeft}
        theme={props.theme}
      />
    </g>
  );
}

/** A transparent rectangle over a plot area that catches the pointer (drawn last, on top). */
export function PointerArea(props: {
  x: number;
  y: number;
  width: number;
  height: number;
  onMove(e: PointerEvent<SVGRectElement>): void;
  onLeave(): void;
}) {
  return (
    <rect
      x={props.x}
      y={props.y}
      width={props.width}
      height={props.height}
      fill="transparent"
      onPointerMove={props.onMove}
      onPointerLeave={props.onLeave}
    />
  );
}

/** PNG and SVG downloads of a drawn SVG figure, named `${name}-<stamp>`. */
export function svgExporters(svg: SVGSVGElement, name: string) {
  const width = svg.viewBox.baseVal.width;
  const height = svg.viewBox.baseVal.height;
  return {
    png: async () => downloadBlob(await svgToPng(svgText(svg), width, height), `${name}-${stamp()}.png`),
    svg: () => downloadText(svgText(svg), `${name}-${stamp()}.svg`, 'image/svg+xml'),
  };
}
