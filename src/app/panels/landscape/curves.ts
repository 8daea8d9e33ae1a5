/**
 * The loss-and-accuracy curves drawn along one parameter (α): the 1-D landscape and the interpolation between
 * two models, in the run's colour (svg/grammar.ts). Loss on the left axis, train solid and test dashed;
 * accuracy on the right axis, the same dashes thinner and lighter.
 */
import type { LineFigureProps, LineSeries } from '../../svg/LineFigure';
import { seriesStyle } from '../../svg/grammar';
import type { Theme } from '../../theme/themes';
import { fmt } from './records';

const percent = (v: number) => `${(v * 100).toFixed(1)}%`;

/** The loss series of one split, and its accuracy series when `acc` is given. */
export function splitCurveSeries(
  theme: Theme,
  runId: number,
  split: string,
  alphas: number[],
  loss: ArrayLike<number>,
  acc: ArrayLike<number> | null,
): LineSeries[] {
  const main = seriesStyle(theme, { runId, split });
  const second = seriesStyle(theme, { runId, split, secondary: true });
  const series: LineSeries[] = [
    {
      name: `${split} loss`,
      x: alphas,
      y: loss,
      axis: 'left',
      colour: main.colour,
      dash: main.dash,
      width: main.width,
      hover: (v) => fmt(v),
    },
  ];
  if (acc)
    series.push({
      name: `${split} accuracy`,
      x: alphas,
      y: acc,
      axis: 'right',
      colour: second.colour,
      dash: second.dash,
      width: second.width,
      opacity: second.opacity,
      hover: percent,
    });
  return series;
}

/** The right-hand accuracy axis, 0–100 %. */
export const ACCURACY_AXIS: NonNullable<LineFigureProps['right']> = {
  label: 'accuracy (thin lines)',
  domain: [0, 1.02],
  ticks: [0, 0.25, 0.5, 0.75, 1],
  format: (v) => `${Math.round(v * 100)}%`,
};
