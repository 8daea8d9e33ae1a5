// Golden SVGs of the pure figures (src/app/svg: the line figure, the grid figure and the pieces of
// figure.tsx), drawn from seeded data and compared, byte for byte, with the files committed under
// tests/unit/__golden__/. A figure that draws differently fails here; when the change is meant, look at the
// new pictures and accept them with UPDATE_GOLDEN=1 npx vitest run tests/unit/svg-golden.test.tsx.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomLcg, randomNormal, scaleLinear } from 'd3';
import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { epochFigure } from '../../src/app/panels/landscape1d-model';
import type { LandscapeFrame } from '../../src/app/panels/landscape/frames';
import { Axis, ColourBar, Legend, Readout, SvgFigure } from '../../src/app/svg/figure';
import { GridFigure } from '../../src/app/svg/GridFigure';
import { LineFigure } from '../../src/app/svg/LineFigure';
import { valueAxis } from '../../src/app/svg/scales';
import { THEMES, type ThemeName } from '../../src/app/theme/themes';

const DIR = new URL('./__golden__/', import.meta.url);
const UPDATE = process.env.UPDATE_GOLDEN === '1';

/** The <svg> element (a file a browser opens), one tag per line so that a failing comparison shows what moved. */
function svgOf(html: string): string {
  const svg = /<svg[\s\S]*<\/svg>/.exec(html);
  expect(svg, 'the figure draws an <svg>').not.toBeNull();
  return `${svg![0].replace(/></g, '>\n<')}\n`;
}

function golden(name: string, element: ReactElement) {
  const html = renderToStaticMarkup(element);
  const actual = svgOf(html);
  const file = new URL(`${name}.svg`, DIR);
  if (UPDATE) {
    mkdirSync(DIR, { recursive: true });
    writeFileSync(file, actual);
    return html;
  }
  expect(existsSync(file), `no golden ${name}.svg: create it with UPDATE_GOLDEN=1`).toBe(true);
  expect(actual, `${name}.svg differs: if the change is meant, look at it and UPDATE_GOLDEN=1`).toBe(
    readFileSync(file, 'utf8'),
  );
  return html;
}

const linspace = (a: number, b: number, n: number) =>
  Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));

/** A seeded 1-D landscape: a noisy parabola per split, accuracy falling away from α = 0. */
function seededFrame(seed: number): LandscapeFrame {
  const noise = randomNormal.source(randomLcg(seed))(0, 0.02);
  const alphas = linspace(-0.5, 0.5, 21);
  const splits = ['train', 'test'];
  const loss = splits.map((_, s) => Float32Array.from(alphas, (a) => 0.2 + s * 0.1 + 3 * a * a + noise()));
  const acc = splits.map((_, s) =>
    Float32Array.from(alphas, (a) => Math.max(0, 0.97 - s * 0.04 - 1.5 * a * a + noise())),
  );
  return {
    epoch: 12,
    alphas,
    betas: null,
    splits,
    loss,
    acc,
    resolution: 21,
    fullResolution: 21,
    stage: 'complete',
    evaluated: 21,
    total: 21,
    result: null,
  };
}

const common = (theme: ThemeName) => ({
  theme: THEMES[theme],
  svgRef: null,
  ariaLabel: 'golden',
  testId: 'golden',
});

describe.each(['light', 'dark'] as const)('golden SVG figures, %s theme', (theme) => {
  it('the line figure: the 1-D landscape of run 2, loss and accuracy of both splits', () => {
    const fig = epochFigure(seededFrame(7), THEMES[theme], 2);
    golden(
      `line-landscape-${theme}`,
      createElement(LineFigure, { ...fig, xLabel: 'α (step along d)', ...common(theme) }),
    );
  });

  it('the line figure on a log axis with a colour bar', () => {
    const rnd = randomLcg(11);
    const x = linspace(0, 1, 15);
    const series = [0, 1, 2].map((k) => ({
      name: `epoch ${k}`,
      x,
      y: x.map((v) => 10 ** (-3 + 2 * v + k * 0.3 + 0.1 * rnd())),
      axis: 'left' as const,
      colour: ['#440154', '#21918c', '#fde725'][k],
      legend: false,
    }));
    golden(
      `line-log-colourbar-${theme}`,
      createElement(LineFigure, {
        series,
        xLabel: 't',
        leftLabel: 'loss',
        leftLog: true,
        colourBar: {
          id: 'g',
          lo: 0,
          hi: 2,
          title: 'epoch',
          colour: (t: number) => `rgb(${Math.round(255 * t)},0,0)`,
        },
        ...common(theme),
      }),
    );
  });

  it('the grid figure: contours of a seeded bowl with a path and a marker', () => {
    const rnd = randomLcg(3);
    const xs = linspace(-1, 1, 13);
    const values = new Float32Array(13 * 13);
    xs.forEach((y, j) => xs.forEach((x, i) => (values[j * 13 + i] = x * x + 2 * y * y + 0.05 * rnd())));
    golden(
      `grid-contour-${theme}`,
      createElement(GridFigure, {
        xs,
        ys: xs,
        values,
        lo: 0,
        hi: 3,
        colour: (t: number) => `rgb(${Math.round(255 * t)},${Math.round(255 * (1 - t))},128)`,
        colourTicks: [0, 1, 2, 3].map((v) => ({ value: v, label: String(v) })),
        colourTitle: 'loss',
        view: 'contour',
        path: {
          x: [0.8, 0.4, 0.1],
          y: [-0.6, -0.2, 0],
          labels: ['0', '', '2'],
          titles: ['a', 'b', 'c'],
          name: 'training path',
          colour: '#D55E00',
        },
        marker: { x: 0, y: 0, name: 'the model' },
        xLabel: 'α',
        yLabel: 'β',
        format: (v: number) => v.toFixed(3),
        ...common(theme),
      }),
    );
  });

  it('the pieces: axes, a legend, a colour bar and a read-out in one figure', () => {
    const t = THEMES[theme];
    const sx = scaleLinear().domain([0, 40]).range([50, 350]);
    const y = valueAxis([[0.01, 0.5, 2]], [180, 20], true);
    const html = golden(
      `pieces-${theme}`,
      <SvgFigure width={420} height={260} {...common(theme)} nonFinite={2}>
        <Axis
          side="bottom"
          scale={sx}
          ticks={sx.ticks(5)}
          format={String}
          label="epoch"
          across={[180, 20]}
          theme={t}
        />
        <Axis
          side="left"
          scale={y.scale}
          ticks={y.ticks}
          format={y.format}
          label="loss"
          across={[50, 350]}
          theme={t}
        />
        <Legend
          items={[
            { label: 'train', colour: '#0072B2' },
            { label: 'test', colour: '#0072B2', dash: 'dash' },
            { label: 'point', colour: '#D55E00', marker: 'dot' },
            { label: 'model', colour: '#000000', marker: 'cross' },
          ]}
          x={50}
          y={236}
          width={300}
          theme={t}
        />
        <ColourBar
          id="bar"
          x={370}
          top={20}
          height={160}
          colour={(v) => `rgb(0,0,${Math.round(255 * v)})`}
          ticks={[
            { at: 0, label: 'lo' },
            { at: 1, label: 'hi' },
          ]}
          title="value"
          theme={t}
        />
        <Readout
          lines={[
            { text: 'epoch 12', colour: t.chart.text },
            { text: 'train loss: 0.1234', colour: '#0072B2' },
          ]}
          x={60}
          y={30}
          alignRight={false}
          theme={t}
        />
      </SvgFigure>,
    );
    // Under the figure (outside the <svg>): the note on values that are not numbers.
    expect(html).toMatch(/data-testid="non-finite-note"[^>]*>2 values are not a finite number/);
  });
});
