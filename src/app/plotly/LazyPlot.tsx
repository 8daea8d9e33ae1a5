import { lazy, Suspense } from 'react';
import type { PlotProps } from './Plot';

const PlotImpl = lazy(() => import('./Plot'));

/** Starts fetching Plotly early (e.g. on idle after the first paint) so the first chart has no wait. */
export function preloadPlotly(): Promise<unknown> {
  return import('./Plot');
}

/** Downloads a figure (loads Plotly if needed). */
export async function downloadFigure(gd: HTMLElement, format: 'png' | 'svg', filename: string) {
  const mod = await import('./Plot');
  return mod.downloadFigure(gd, format, filename);
}

export function LazyPlot(props: PlotProps) {
  return (
    <Suspense fallback={<div className="placeholder plot-loading">Loading the chart library…</div>}>
      <PlotImpl {...props} />
    </Suspense>
  );
}
