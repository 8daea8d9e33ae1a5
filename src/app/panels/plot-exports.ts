import { useMemo } from 'react';
import { downloadText, stamp } from '../export';
import { downloadFigure } from '../plotly/LazyPlot';
import { usePanelExports } from './PanelFrame';

/**
 * Registers a Plotly panel's downloads with its frame: PNG and SVG of the figure (once drawn) and, when
 * given, a CSV of the numbers behind it. `name` becomes the file name, e.g. basin-<name>-<stamp>.png.
 */
export function usePlotExports(gd: HTMLElement | null, name: string, csv: (() => string) | null): void {
  const exporters = useMemo(
    () =>
      gd || csv
        ? {
            ...(gd
              ? {
                  png: () => downloadFigure(gd, 'png', `basin-${name}-${stamp()}`),
                  svg: () => downloadFigure(gd, 'svg', `basin-${name}-${stamp()}`),
                }
              : {}),
            ...(csv ? { csv: () => downloadText(csv(), `basin-${name}-${stamp()}.csv`, 'text/csv') } : {}),
          }
        : null,
    [gd, name, csv],
  );
  usePanelExports(exporters);
}
