/**
 * The downloads of a figure panel: PNG and SVG of the drawn figure (an SVG one of ours or a Plotly one), and
 * a CSV of the data shown.
 * Both the text and the time stamp are made at click time, not at every render.
 */
import { useMemo } from 'react';
import { downloadText, stamp } from '../export';
import { downloadFigure } from '../plotly/LazyPlot';
import { svgExporters } from '../svg/figure';
import { usePanelExports } from './PanelFrame';

export interface CsvFile {
  text: string;
  /** File name before the time stamp and `.csv`, e.g. `basin-landscape-1d-epoch3`. */
  name: string;
}

/**
 * Registers the panel's downloads: PNG/SVG named `${name}-<stamp>` once the figure is drawn (`figure`: our
 * <svg>, or Plotly's graph div), and the CSV `csv(shown)` while something is shown. `csv` should be a stable (module-level) function.
 */
export function useFigureExports<T>(
  figure: SVGSVGElement | HTMLElement | null,
  name: string,
  shown: T | null,
  csv: (shown: T) => CsvFile,
): void {
  const exporters = useMemo(
    () => ({
      ...(figure instanceof SVGSVGElement
        ? svgExporters(figure, name)
        : figure
          ? {
              png: () => downloadFigure(figure, 'png', `${name}-${stamp()}`),
              svg: () => downloadFigure(figure, 'svg', `${name}-${stamp()}`),
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
    [figure, name, shown, csv],
  );
  usePanelExports(exporters);
}
