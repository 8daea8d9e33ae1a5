// The figures' visual grammar (src/app/svg/grammar.ts): a colour per run that does not depend on which
// runs are shown, a dash per split, and axes shared only where their ranges match.
import { describe, expect, it } from 'vitest';
import {
  RUN_PALETTES,
  plotlyLine,
  runColour,
  runColourVars,
  seriesStyle,
  sideBySideRanges,
  splitDash,
} from '../../src/app/svg/grammar';
import { MAX_RUNS } from '../../src/app/store/runs';
import { THEMES } from '../../src/app/theme/themes';
import { contrast } from './wcag';

describe.each(Object.values(THEMES))('run colours, $name theme', (theme) => {
  const palette = RUN_PALETTES[theme.name];

  it('every run colour is a chart line of at least 3:1 against the chart background', () => {
    for (const c of palette) expect(contrast(c, theme.chart.background), c).toBeGreaterThanOrEqual(3);
  });

  it('the runs a page can keep at once (any MAX_RUNS consecutive ids) all get different colours', () => {
    expect(palette.length).toBeGreaterThanOrEqual(MAX_RUNS);
    for (let first = 1; first <= 20; first++) {
      const colours = Array.from({ length: MAX_RUNS }, (_, k) => runColour(theme, first + k));
      expect(new Set(colours).size).toBe(MAX_RUNS);
    }
  });

  it("a run's colour depends on its id only, not on where it is listed", () => {
    const ids = [3, 7, 4];
    const before = ids.map((id) => runColour(theme, id));
    const after = [...ids].reverse().map((id) => runColour(theme, id));
    expect(after).toEqual([...before].reverse());
    expect(runColour(theme, 1)).toBe(palette[0]);
    expect(runColour(theme, 1 + palette.length)).toBe(palette[0]);
  });
});

it("a run's chip carries its colour of both themes", () => {
  expect(runColourVars(10)).toEqual({
    '--run-light': runColour(THEMES.light, 10),
    '--run-dark': runColour(THEMES.dark, 10),
  });
});

describe('line styles', () => {
  it('train is solid and test dashed, whatever the run or the quantity', () => {
    expect(splitDash('train')).toBe('solid');
    expect(splitDash('test')).toBe('dash');
    expect(splitDash('adversarial')).toBe('dot');
    for (const runId of [1, 2, 5])
      for (const secondary of [false, true]) {
        expect(seriesStyle(THEMES.light, { runId, split: 'train', secondary }).dash).toBe('solid');
        expect(seriesStyle(THEMES.dark, { runId, split: 'test', secondary }).dash).toBe('dash');
      }
  });

  it('a secondary quantity keeps the colour and dash, drawn thinner and lighter', () => {
    const main = seriesStyle(THEMES.light, { runId: 2, split: 'test' });
    const second = seriesStyle(THEMES.light, { runId: 2, split: 'test', secondary: true });
    expect(second.colour).toBe(main.colour);
    expect(second.dash).toBe(main.dash);
    expect(second.width).toBeLessThan(main.width);
    expect(second.opacity).toBeLessThan(main.opacity);
    expect(main.colour).toBe(runColour(THEMES.light, 2));
  });

  it('Plotly traces get the same colour, dash and width', () => {
    const style = seriesStyle(THEMES.dark, { runId: 3, split: 'test', secondary: true });
    expect(plotlyLine(style)).toEqual({
      line: { color: RUN_PALETTES.dark[2], dash: 'dash', width: style.width },
      opacity: style.opacity,
    });
  });
});

describe('side-by-side axes', () => {
  it('are shared only when every range matches', () => {
    expect(
      sideBySideRanges([
        [0, 40.5],
        [0, 40.5],
      ]).shared,
    ).toBe(true);
    const mixed = sideBySideRanges([
      [0, 40.5],
      [0, 400.5],
    ]);
    expect(mixed.shared).toBe(false);
    expect(mixed.ranges).toEqual([
      [0, 40.5],
      [0, 400.5],
    ]);
  });
});
