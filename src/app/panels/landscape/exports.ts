/**
 * The downloads of a figure panel: PNG and SVG of the drawn Plotly figure, and a CSV of the data shown.
 * Both the text and the time stamp are made at click time, not at every render.
 */
import { useMemo } from 'react';
import { downloadText, stamp } from '../../export';
import { downloadFigure } from '../../plotly/LazyPlot';
import { usePanelExports } from '../PanelFrame';

export interface CsvFile {
  text: string;
  /** File name before the time stamp and `.csv`, e.g. `basin-landscape-1d-epoch3`. */
  name: string;
}

/**
 * Registers the panel's downloads: PNG/SVG named `${name}-<stamp>` once the figure `gd` is drawn, and the
 * CSV `csv(shown)` while something is shown. `csv` should be a stable (module-level) function.
 */
export function useFigureExports<T>(
  gd: HTMLElement | null,
  name: string,
  shown: T | null,
  csv: (shown: T) => CsvFile,
): void {
  const exporters = useMemo(
    () => ({
      ...(gd
        ? {
            png: () => downloadFigure(gd, 'png', `${name}-${stamp()}`),
            svg: () => downloadFigure(gd, 'svg', `${name}-${stamp()}`),
          }
        : {}),
      ...(shown !== null
        ? {
            csv: () => {
              const file = csv(shown);
              return downloadText(file.text, `${file.name}-${stamp()}.csv`, 'text/csv');
            },
          }
        : {}),
    }),
    [gd, name, shown, csv],
  );
  usePanelExports(exporters);
}
