import type { Data, Layout } from 'plotly.js';
import { lazy, type ReactNode, Suspense } from 'react';
import type { PlotProps } from './Plot';
import { guarded } from '../ErrorBoundary';

const PlotImpl = lazy(() => import('./Plot'));

/** Downloads a figure (loads Plotly if needed). */
export async function downloadFigure(gd: HTMLElement, format: 'png' | 'svg', filename: string) {
  const mod = await import('./Plot');
  return mod.downloadFigure(gd, format, filename);
}

function LazyPlotView(props: PlotProps) {
  return (
    <Suspense fallback={<div className="placeholder plot-loading">Loading the chart library…</div>}>
      <PlotImpl {...props} />
    </Suspense>
  );
}

export const LazyPlot = guarded(LazyPlotView);

/**
 * A panel's figure, full width at the given height, once it has one; until then `children` (the placeholder
 * that says why there is none). `plotKey` remounts the plot, e.g. when switching between 2-D and WebGL traces.
 */
export function PlotOr(props: {
  fig: { data: Partial<Data>[]; layout: Partial<Layout> } | null;
  height: number;
  onGraph(gd: HTMLElement | null): void;
  ariaLabel: string;
  plotKey?: string;
  children: ReactNode;
}) {
  const { fig } = props;
  if (!fig) return <>{props.children}</>;
  return (
    <LazyPlot
      key={props.plotKey}
      data={fig.data}
      layout={fig.layout}
      onGraph={props.onGraph}
      style={{ width: '100%', height: props.height }}
      ariaLabel={props.ariaLabel}
    />
  );
}
