/**
 * Plotly, loaded lazily: a partial bundle (scatter, bar, contour, heatmap, surface) instead of the full 1.4 MB
 * gz build (docs/engine-notes.md#plotly). Import `LazyPlot` from ./LazyPlot, never this file directly, so Plotly stays out
 * of the initial bundle.
 */
import Plotly from 'plotly.js/lib/core';
import scatter from 'plotly.js/lib/scatter';
import bar from 'plotly.js/lib/bar';
import contour from 'plotly.js/lib/contour';
import heatmap from 'plotly.js/lib/heatmap';
import surface from 'plotly.js/lib/surface';
import createPlotlyComponent from 'react-plotly.js/factory';
import type { Config, Data, Layout } from 'plotly.js';
import { useContext } from 'react';
import { FigureHeight, FigureScale } from '../presenter/figure-scale';

interface PlotlyStatic {
  register(modules: unknown[]): void;
  downloadImage(
    gd: HTMLElement,
    opts: { format: 'png' | 'svg'; filename: string; width?: number; height?: number; scale?: number },
  ): Promise<string>;
}

const plotly = Plotly as PlotlyStatic;
plotly.register([scatter, bar, contour, heatmap, surface]);

const PlotComponent = createPlotlyComponent(Plotly as never);

export interface PlotProps {
  data: Partial<Data>[];
  layout: Partial<Layout>;
  config?: Partial<Config>;
  /** The graph div, for exports. */
  onGraph?: (gd: HTMLElement | null) => void;
  className?: string;
  style?: React.CSSProperties;
  ariaLabel?: string;
}

export default function Plot({ data, layout, config, onGraph, className, style, ariaLabel }: PlotProps) {
  const scale = useContext(FigureScale);
  const fit = useContext(FigureHeight);
  if (scale !== 1) layout = scaled(layout, scale);
  // On the stage the figure fills its cell's height, its legend in a strip of its own at the bottom.
  if (fit !== null) {
    const height = Math.max(PLOTLY_MIN_HEIGHT, fit);
    layout = staged(layout, height);
    style = { ...style, height };
  }
  return (
    <div className={className} role="img" aria-label={ariaLabel}>
      <PlotComponent
        data={data as Data[]}
        layout={layout}
        config={{ displaylogo: false, displayModeBar: false, responsive: true, ...config }}
        style={style}
        useResizeHandler
        onInitialized={(_fig: unknown, gd: HTMLElement) => onGraph?.(gd)}
        onPurge={() => onGraph?.(null)}
      />
    </div>
  );
}

/** A figure's text (annotations too) `scale` times larger, and its margins, which hold the text; same height. */
function scaled(layout: Partial<Layout>, scale: number): Partial<Layout> {
  const m = layout.margin;
  const by = (v: number | undefined) => (v === undefined ? undefined : v * scale);
  return {
    ...layout,
    font: { ...layout.font, size: (layout.font?.size ?? 12) * scale },
    ...(m && { margin: { ...m, l: by(m.l), r: by(m.r), t: by(m.t), b: by(m.b) } }),
    // A legend under the plot moves down with the larger tick labels and axis title above it.
    ...(layout.legend?.y !== undefined &&
      layout.legend.y < 0 && { legend: { ...layout.legend, y: layout.legend.y * scale } }),
    ...(layout.annotations && {
      annotations: layout.annotations.map((a) => ({ ...a, font: { ...a.font, size: by(a.font?.size) } })),
    }),
  };
}

/** A Plotly figure on the stage is never shorter (px): its margins, legend strip and axes need that much. */
const PLOTLY_MIN_HEIGHT = 180;

/**
 * The stage's form of a figure: `height` px tall; a legend that sat under the plot (at a paper position that
 * depends on the plot's height, so larger text ran into the axis title) gets a strip of its own at the
 * figure's bottom, which Plotly reserves, and the x axes take the room their tick labels and titles need
 * above it (automargin).
 */
function staged(layout: Partial<Layout>, height: number): Partial<Layout> {
  const legend = layout.legend;
  // Plotly puts a horizontal legend without a position under the plot.
  const below = layout.showlegend !== false && (legend?.y ?? (legend?.orientation === 'h' ? -1 : 1)) < 0;
  // A short plot gets fewer value ticks (about one per 40 px of plot, its legend and axes taken off).
  const ticks = Math.max(2, Math.floor((height - (below ? 180 : 100)) / 40));
  const axes = (pattern: RegExp, extra: object) =>
    Object.fromEntries(
      Object.entries(layout)
        .filter(([k]) => pattern.test(k))
        .map(([k, v]) => [k, { ...(v as object), ...extra }]),
    );
  const yAxes = axes(/^yaxis\d*$/, { nticks: ticks });
  if (!below) return { ...layout, ...yAxes, height };
  return {
    ...layout,
    ...axes(/^xaxis\d*$/, { automargin: true }),
    ...yAxes,
    height,
    legend: { ...legend, yref: 'container', y: 0, yanchor: 'bottom' },
    margin: { ...layout.margin, b: 0 },
  };
}

/** Downloads a rendered figure as PNG or SVG. */
export function downloadFigure(gd: HTMLElement, format: 'png' | 'svg', filename: string) {
  return plotly.downloadImage(gd, { format, filename, scale: format === 'png' ? 2 : 1 });
}
