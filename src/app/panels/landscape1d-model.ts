/**
 * The 1-D landscape panel's view-model (pure: no React): the figure of one epoch (the run's colour, train
 * solid, test dashed, accuracy thinner on the right axis), the overlay of every recorded epoch (coloured by
 * epoch, with its colour bar), the CSV and the summary line.
 */
import { toCsv } from '../export';
import type { LineFigureProps, LineSeries } from '../svg/LineFigure';
import type { Theme } from '../theme/themes';
import type { CsvFile } from './figure-exports';
import { epochColour } from './landscape/colors';
import { ACCURACY_AXIS, splitCurveSeries } from './landscape/curves';
import { type LandscapeFrame, workersSentence } from './landscape/frames';
import { fmt } from './landscape/records';

interface Landscape1dFigure {
  series: LineSeries[];
  leftLabel: string;
  right?: LineFigureProps['right'];
  marks?: LineFigureProps['marks'];
  colourBar?: LineFigureProps['colourBar'];
}

/** One epoch: loss (left axis) and accuracy (right axis) of each split; the model at α = 0. */
export function epochFigure(frame: LandscapeFrame, theme: Theme, runId: number): Landscape1dFigure {
  return {
    series: frame.splits.flatMap((split, s) =>
      splitCurveSeries(theme, runId, split, frame.alphas, frame.loss[s], frame.acc ? frame.acc[s] : null),
    ),
    leftLabel: 'loss',
    right: frame.acc ? ACCURACY_AXIS : undefined,
    marks: [{ x: 0 }],
  };
}

/**
 * Every recorded epoch's loss curve of one split, coloured by epoch (the colour bar says so: here colour
 * means time, not the run), the highlighted one thicker.
 */
export function overlayFigure(
  frames: readonly LandscapeFrame[],
  split: string,
  theme: Theme,
  highlight: number,
): Landscape1dFigure {
  const first = frames[0]?.epoch ?? 0;
  const last = frames[frames.length - 1]?.epoch ?? 1;
  const t = (e: number) => (last > first ? (e - first) / (last - first) : 1);
  const series = frames.flatMap((f): LineSeries[] => {
    const s = f.splits.indexOf(split);
    if (s < 0) return [];
    const listed = f.epoch === highlight || f.epoch === first || f.epoch === last;
    return [
      {
        name: `epoch ${f.epoch}`,
        x: f.alphas,
        y: f.loss[s],
        axis: 'left',
        colour: epochColour(theme, t(f.epoch)),
        width: f.epoch === highlight ? 3.5 : 1.6,
        legend: false,
        hover: listed ? (v) => fmt(v) : undefined,
      },
    ];
  });
  return {
    series,
    leftLabel: `${split} loss`,
    colourBar: {
      id: 'landscape1d-epochs',
      lo: first,
      hi: last > first ? last : first + 1,
      title: 'epoch',
      colour: (x) => epochColour(theme, x),
    },
  };
}

export function curveCsv(frame: LandscapeFrame): CsvFile {
  const header = ['alpha', ...frame.splits.flatMap((s) => [`${s}_loss`, `${s}_accuracy`])];
  const text = toCsv(
    header,
    frame.alphas.map((a, i) => [
      a,
      ...frame.splits.flatMap((_, s) => [frame.loss[s][i], frame.acc?.[s][i] ?? '']),
    ]),
  );
  return { text, name: `basin-landscape-1d-epoch${frame.epoch}` };
}

/** The line under the figure: each split's loss at α = 0 and at both ends, and how the direction was made. */
export function curveSummary(frame: LandscapeFrame): string {
  const result = frame.result;
  const splits = frame.splits
    .map((s, k) => {
      const centre = result?.values[k]?.center;
      const l = frame.loss[k];
      return `${s} loss ${centre ? fmt(centre.loss) : '–'} at α = 0, ${fmt(l[0])} at α = ${fmt(frame.alphas[0], 2)}, ${fmt(l[l.length - 1])} at α = ${fmt(frame.alphas[frame.alphas.length - 1], 2)}`;
    })
    .join('; ');
  const how = result
    ? ` ${result.normalization}-normalised direction (seed ${result.directionSeed})${result.robust ? `, robust loss under PGD ε = ${result.robust.epsilon}` : ''}; ${result.backend}, ${result.seconds.toFixed(2)} s.${workersSentence(result)}`
    : '';
  return `Epoch ${frame.epoch}: ${splits}.${how}`;
}
