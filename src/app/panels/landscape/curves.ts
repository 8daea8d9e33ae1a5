/**
 * The loss-and-accuracy curves drawn along one parameter (α): the 1-D landscape and the interpolation between
 * two models. Loss on the left axis, train solid and test dashed; accuracy dotted on the right axis.
 */
import type { LineFigureProps, LineSeries } from '../../svg/LineFigure';
import type { Theme } from '../../theme/themes';
import { fmt } from './records';

const percent = (v: number) => `${(v * 100).toFixed(1)}%`;

/** The loss series of one split, and its accuracy series when `acc` is given. */
export function splitCurveSeries(
  theme: Theme,
  split: string,
  alphas: number[],
  loss: ArrayLike<number>,
  acc: ArrayLike<number> | null,
): LineSeries[] {
  const colour = split === 'test' ? theme.chart.test : theme.chart.train;
  const series: LineSeries[] = [
    {
      name: `${split} loss`,
      x: alphas,
      y: loss,
      axis: 'left',
      colour,
      dash: split === 'test' ? 'dash' : 'solid',
      hover: (v) => fmt(v),
    },
  ];
  if (acc)
    series.push({
      name: `${split} accuracy`,
      x: alphas,
      y: acc,
      axis: 'right',
      colour,
      dash: 'dot',
      width: 1.2,
      opacity: 0.8,
      hover: percent,
    });
  return series;
}

/** The right-hand accuracy axis, 0–100 %. */
export const ACCURACY_AXIS: NonNullable<LineFigureProps['right']> = {
  label: 'accuracy (dotted)',
  domain: [0, 1.02],
  ticks: [0, 0.25, 0.5, 0.75, 1],
  format: (v) => `${Math.round(v * 100)}%`,
};
