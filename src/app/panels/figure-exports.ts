/**
 * The downloads of a figure panel: PNG and SVG of the drawn figure (an SVG one of ours or a Plotly one), and
 * a CSV of the data shown. Both the text and the time stamp are made at click time, not at every render.
 */
import { useMemo } from 'react';
import { downloadText, stamp } from '../export';
import { downloadFigure } from '../plotly/LazyPlot';
import { svgExporters } from '../svg/figure';
import { usePanelExports } from './PanelFrame';

/** PNG and SVG downloads of a drawn figure (our <svg>, or Plotly's graph div), named `${stem}-<stamp>`. */
function figureDownloads(figure: SVGSVGElement | HTMLElement | null, stem: string) {
  if (figure instanceof SVGSVGElement) return svgExporters(figure, stem);
  if (!figure) return {};
  return {
    png: () => downloadFigure(figure, 'png', `${stem}-${stamp()}`),
    svg: () => downloadFigure(figure, 'svg', `${stem}-${stamp()}`),
  };
}

/**
 * Registers a Plotly panel's downloads with its frame: PNG and SVG of the figure (once drawn) and, when
 * given, a CSV of the numbers behind it. `name` becomes the file name, e.g. basin-<name>-<stamp>.png.
 */
export function usePlotExports(gd: HTMLElement | null, name: string, csv: (() => string) | null): void {
  const exporters = useMemo(
    () =>
      gd || csv
        ? {
            ...figureDownloads(gd, `basin-${name}`),
            ...(csv ? { csv: () => downloadText(csv(), `basin-${name}-${stamp()}.csv`, 'text/csv') } : {}),
          }
        : null,
    [gd, name, csv],
  );
  usePanelExports(exporters);
}

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
      ...figureDownloads(figure, name),
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
