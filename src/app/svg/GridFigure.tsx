/**
 * A scalar field over a uniform (x, y) grid as SVG: filled contours (d3-contour, 20 levels) or a heat map
 * (one pixel per grid point, embedded as an image), a colour bar, a path of labelled points on top (e.g. the
 * training path), one marked point, and a hover read-out of the nearest grid value. Used by the 2-D
 * landscape and the PCA trajectory panels.
 */
import { type ContourMultiPolygon, contours, line as d3line, rgb, scaleLinear } from 'd3';
import { type PointerEvent, type Ref, useId, useMemo, useState } from 'react';
import type { Theme } from '../theme/themes';
import { guarded } from '../ErrorBoundary';
import {
  Axis,
  ColourBar,
  Legend,
  legendHeight,
  legendWidth,
  type LegendItem,
  Readout,
  SvgFigure,
  figurePoint,
  useFitHeight,
  useWidth,
} from './figure';

export type GridView = 'contour' | 'heatmap';

export interface GridFigureProps {
  xs: number[];
  ys: number[];
  /** Row-major [y][x], in drawn units (log10 already applied for a log colour scale); NaN: nothing. */
  values: ArrayLike<number>;
  /** Colour range in drawn units: values outside are drawn in the end colours. */
  lo: number;
  hi: number;
  colour(t: number): string;
  colourTicks: { value: number; label: string }[];
  colourTitle: string;
  view: GridView;
  path?: { x: number[]; y: number[]; labels: string[]; titles: string[]; name: string; colour: string };
  marker?: { x: number; y: number; name: string };
  xLabel: string;
  yLabel: string;
  /** Prints a grid value for the read-out (in the units of `values`). */
  format(v: number): string;
  theme: Theme;
  svgRef: Ref<SVGSVGElement>;
  ariaLabel: string;
  testId: string;
  /** Values of the input that are not finite and not merely pending: said so under the figure. */
  nonFinite?: number;
}

const M = { left: 58, right: 92, top: 10, bottom: 54 };
/** Largest side of the (square) plot area. */
const MAX_PLOT = 400;
const LEVELS = 20;

/** Grid values clamped into [lo, hi]; NaN and ±∞ become NaN, which d3-contour leaves out (a gap). */
function clamped(values: ArrayLike<number>, lo: number, hi: number): number[] {
  return Array.from(values, (v) => (Number.isFinite(v) ? Math.min(hi, Math.max(lo, v)) : NaN));
}

/** The heat map as a PNG data URL, row 0 of the image being the top (largest y). */
function heatmapImage(
  values: ArrayLike<number>,
  nx: number,
  ny: number,
  lo: number,
  hi: number,
  colour: (t: number) => string,
) {
  const canvas = document.createElement('canvas');
  canvas.width = nx;
  canvas.height = ny;
  const lut = Array.from({ length: 256 }, (_, k) => rgb(colour(k / 255)));
  const pixels = new ImageData(nx, ny);
  for (let j = 0; j < ny; j++)
    for (let i = 0; i < nx; i++) {
      const v = values[j * nx + i];
      const o = ((ny - 1 - j) * nx + i) * 4;
      if (!Number.isFinite(v)) continue;
      const c = lut[Math.round(Math.min(1, Math.max(0, (v - lo) / (hi - lo || 1))) * 255)];
      pixels.data.set([c.r, c.g, c.b, 255], o);
    }
  canvas.getContext('2d')!.putImageData(pixels, 0, 0);
  return canvas.toDataURL('image/png');
}

function GridFigureView(props: GridFigureProps) {
  const { xs, ys, values, lo, hi, colour, theme, path, marker } = props;
  const c = theme.chart;
  const [wrapRef, measured] = useWidth(500);
  const W = Math.max(300, measured);
  const legend: LegendItem[] = [
    ...(path && path.x.length > 0 ? [{ label: path.name, colour: path.colour, marker: 'dot' as const }] : []),
    ...(marker ? [{ label: marker.name, colour: c.text, marker: 'cross' as const }] : []),
  ];
  // On the stage the square plot also fits its cell's height, and a short legend goes beside the axis
  // title, under the colour bar, when it fits there.
  const fit = useFitHeight();
  const plotSide = (below: number) =>
    Math.min(
      W - M.left - M.right,
      MAX_PLOT,
      fit === null ? Infinity : Math.max(80, fit - M.top - M.bottom - below),
    );
  const beside = fit !== null && legend.length <= 3 && W - (M.left + plotSide(0) + 12) >= legendWidth(legend);
  const legendH = beside ? 0 : legendHeight(legend, W - M.left);
  const P = plotSide(legendH);
  const legendBox = beside
    ? { x: M.left + P + 12, y: M.top + P + 16, width: W - (M.left + P + 12) }
    : { x: M.left, y: M.top + P + M.bottom - 6, width: W - M.left };
  const H = M.top + P + M.bottom + legendH;
  const clipId = useId().replace(/:/g, '');
  const [hover, setHover] = useState<[number, number] | null>(null);
  const nx = xs.length;
  const ny = ys.length;
  const dx = nx > 1 ? (xs[nx - 1] - xs[0]) / (nx - 1) : 1;
  const dy = ny > 1 ? (ys[ny - 1] - ys[0]) / (ny - 1) : 1;
  const sx = useMemo(
    () =>
      scaleLinear()
        .domain([xs[0], xs[nx - 1]])
        .range([M.left, M.left + P]),
    [xs, nx, P],
  );
  const sy = useMemo(
    () =>
      scaleLinear()
        .domain([ys[0], ys[ny - 1]])
        .range([M.top + P, M.top]),
    [ys, ny, P],
  );
  /** Where a value sits on the colour scale, 0–1. */
  const t = (v: number) => (v - lo) / (hi - lo || 1);

  const field = useMemo(() => {
    if (props.view === 'heatmap')
      return (
        <image
          x={sx(xs[0] - dx / 2)}
          y={sy(ys[ny - 1] + dy / 2)}
          width={sx(xs[nx - 1] + dx / 2) - sx(xs[0] - dx / 2)}
          height={sy(ys[0] - dy / 2) - sy(ys[ny - 1] + dy / 2)}
          preserveAspectRatio="none"
          style={{ imageRendering: 'pixelated' }}
          href={heatmapImage(values, nx, ny, lo, hi, colour)}
        />
      );
    // d3-contour puts grid point i at i + 0.5: map those coordinates onto the axes.
    const point = ([gx, gy]: number[]) =>
      `${sx(xs[0] + (gx - 0.5) * dx).toFixed(2)},${sy(ys[0] + (gy - 0.5) * dy).toFixed(2)}`;
    const draw = (band: ContourMultiPolygon) =>
      band.coordinates.flatMap((polygon) => polygon.map((ring) => `M${ring.map(point).join('L')}Z`)).join('');
    const step = (hi - lo) / LEVELS;
    const thresholds = Array.from({ length: LEVELS }, (_, k) => lo + k * step);
    const bands = contours().size([nx, ny]).thresholds(thresholds)(clamped(values, lo, hi));
    return (
      <g className="contours" stroke="rgba(255,255,255,0.35)" strokeWidth={0.5}>
        {bands.map((band, k) => (
          <path key={band.value} d={draw(band)} fill={colour((k + 0.5) / LEVELS)} />
        ))}
      </g>
    );
  }, [props.view, values, nx, ny, lo, hi, xs, ys, dx, dy, sx, sy, colour]);

  const overlay = useMemo(() => {
    if (!path || path.x.length === 0) return null;
    const d = d3line<number>()
      .x((i) => sx(path.x[i]))
      .y((i) => sy(path.y[i]))(path.x.map((_, i) => i));
    return (
      <g className="path" fill={path.colour} fontSize={11}>
        {d && <path d={d} fill="none" stroke={path.colour} strokeWidth={1.6} />}
        {path.x.map((x, i) => (
          <g key={i}>
            <circle cx={sx(x)} cy={sy(path.y[i])} r={3}>
              <title>{path.titles[i]}</title>
            </circle>
            {path.labels[i] && (
              <text x={sx(x) + 5} y={sy(path.y[i]) - 5}>
                {path.labels[i]}
              </text>
            )}
          </g>
        ))}
      </g>
    );
  }, [path, sx, sy]);

  const onMove = (e: PointerEvent<SVGGElement>) => {
    const [px, py] = figurePoint(e, W, H);
    const x = sx.invert(px);
    const y = sy.invert(py);
    const i = Math.round((x - xs[0]) / dx);
    const j = Math.round((y - ys[0]) / dy);
    setHover(i >= 0 && i < nx && j >= 0 && j < ny ? [i, j] : null);
  };
  const hv = hover ? values[hover[1] * nx + hover[0]] : NaN;

  return (
    <SvgFigure
      wrapRef={wrapRef}
      width={W}
      height={H}
      theme={theme}
      svgRef={props.svgRef}
      ariaLabel={props.ariaLabel}
      testId={props.testId}
      nonFinite={props.nonFinite}
    >
      <defs>
        <clipPath id={clipId}>
          <rect x={M.left} y={M.top} width={P} height={P} />
        </clipPath>
      </defs>
      <g clipPath={`url(#${clipId})`} onPointerMove={onMove} onPointerLeave={() => setHover(null)}>
        <rect x={M.left} y={M.top} width={P} height={P} fill="transparent" />
        {field}
        {overlay}
        {marker && (
          <path
            transform={`translate(${sx(marker.x)},${sy(marker.y)})`}
            d="M-6,-6L6,6M-6,6L6,-6"
            stroke={c.text}
            strokeWidth={3}
          >
            <title>{marker.name}</title>
          </path>
        )}
      </g>
      <Axis
        side="bottom"
        scale={sx}
        ticks={sx.ticks(5)}
        format={(v) => String(+v.toFixed(2))}
        label={props.xLabel}
        across={[M.top + P, M.top]}
        theme={theme}
        grid={false}
      />
      <Axis
        side="left"
        scale={sy}
        ticks={sy.ticks(5)}
        format={(v) => String(+v.toFixed(2))}
        label={props.yLabel}
        across={[M.left, M.left + P]}
        theme={theme}
        grid={false}
      />
      <ColourBar
        id={`${clipId}-bar`}
        x={M.left + P + 12}
        top={M.top}
        height={P}
        colour={colour}
        ticks={props.colourTicks
          .filter((k) => k.value >= lo - 1e-9 && k.value <= hi + 1e-9)
          .map((k) => ({ at: t(k.value), label: k.label }))}
        title={props.colourTitle}
        theme={theme}
      />
      <Legend items={legend} {...legendBox} theme={theme} />
      {hover && (
        <g pointerEvents="none" data-testid={`${props.testId}-hover`}>
          <circle
            cx={sx(xs[hover[0]])}
            cy={sy(ys[hover[1]])}
            r={4}
            fill="none"
            stroke={c.background}
            strokeWidth={2}
          />
          <Readout
            lines={[
              {
                text: `(${+xs[hover[0]].toFixed(3)}, ${+ys[hover[1]].toFixed(3)}): ${Number.isFinite(hv) ? props.format(hv) : '–'}`,
                colour: c.text,
              },
            ]}
            x={M.left + 6}
            y={M.top + 6}
            alignRight={false}
            theme={theme}
          />
        </g>
      )}
    </SvgFigure>
  );
}

export const GridFigure = guarded(GridFigureView);
