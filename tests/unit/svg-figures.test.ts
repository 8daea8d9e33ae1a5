// The SVG figures (src/app/svg): scales and ticks, and what the line and contour figures draw, rendered to
// static markup (no DOM needed for these views).
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { GridFigure, type GridFigureProps } from '../../src/app/svg/GridFigure';
import { LineFigure, type LineFigureProps } from '../../src/app/svg/LineFigure';
import { logTickValues, valueAxis } from '../../src/app/svg/scales';
import { THEMES } from '../../src/app/theme/themes';

const theme = THEMES.light;
const linspace = (a: number, b: number, n: number) =>
  Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));
/** The vertices of an SVG path's M/L commands. */
const vertices = (d: string) =>
  [...d.matchAll(/[ML]\s*(-?[\d.e+-]+)[ ,](-?[\d.e+-]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
const attrs = (html: string, tag: string, attr: string) =>
  [...html.matchAll(new RegExp(`<${tag}[^>]*?\\s${attr}="([^"]*)"`, 'g'))].map((m) => m[1]);

describe('scales and ticks', () => {
  it('log ticks are 1–2–5 values inside the range, finer when the range is narrow', () => {
    expect(logTickValues(0.03, 3)).toEqual([0.05, 0.1, 0.2, 0.5, 1, 2]);
    expect(logTickValues(1e-4, 1e4)).toEqual([1e-4, 1e-3, 1e-2, 0.1, 1, 10, 100, 1000, 1e4]);
    expect(logTickValues(0.21, 0.58).map((v) => +v.toPrecision(3))).toEqual([0.3, 0.4, 0.5]);
  });

  it('a value axis spans the finite values with 5 % padding and ignores NaN and ±∞', () => {
    const axis = valueAxis([Float32Array.of(1, NaN, 3, Infinity)], [100, 0], false);
    expect(axis.scale.domain()).toEqual([0.9, 3.1]);
    expect(axis.scale(0.9)).toBe(100);
    const log = valueAxis([[0.01, 1]], [100, 0], true);
    expect(log.scale.domain()[0]).toBeCloseTo(0.01 / 1.15, 12);
    expect(log.ticks).toEqual([0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1]);
  });
});

describe('the line figure', () => {
  const props = (series: LineFigureProps['series']): LineFigureProps => ({
    series,
    xLabel: 'α',
    leftLabel: 'loss',
    theme,
    svgRef: null,
    ariaLabel: 'test',
    testId: 'fig',
  });

  it('draws one path per series through its finite points (gaps connected), in order of x', () => {
    const x = linspace(-1, 1, 5);
    const html = renderToStaticMarkup(
      createElement(
        LineFigure,
        props([
          { name: 'a', x, y: [4, NaN, 0, 1, 4], axis: 'left', colour: '#000' },
          { name: 'b', x, y: [NaN, NaN, NaN, NaN, NaN], axis: 'left', colour: '#111' },
        ]),
      ),
    );
    const series = [...html.matchAll(/<path[^>]*class="series"[^>]*>/g)].map((m) => m[0]);
    expect(series.map((tag) => /data-name="([^"]*)"/.exec(tag)![1])).toEqual(['a']);
    const pts = vertices(/\sd="([^"]*)"/.exec(series[0])![1]);
    expect(pts).toHaveLength(4);
    // x increases along the path, and the lowest point (loss 0, at α = 0) is drawn lowest (largest y).
    for (let i = 1; i < pts.length; i++) expect(pts[i][0]).toBeGreaterThan(pts[i - 1][0]);
    expect(Math.max(...pts.map((p) => p[1]))).toBe(pts[1][1]);
  });
});

describe('the contour figure', () => {
  const grid = (f: (x: number, y: number) => number, n: number): Partial<GridFigureProps> => {
    const xs = linspace(-1, 1, n);
    const values = new Float64Array(n * n);
    xs.forEach((y, j) => xs.forEach((x, i) => (values[j * n + i] = f(x, y))));
    return { xs, ys: xs, values };
  };
  const render = (p: Partial<GridFigureProps>) =>
    renderToStaticMarkup(
      createElement(GridFigure, {
        lo: 0,
        hi: 1,
        colour: (t: number) => `rgb(${Math.round(t * 255)}, 0, 0)`,
        colourTicks: [],
        colourTitle: 'loss',
        view: 'contour',
        xLabel: 'α',
        yLabel: 'β',
        format: String,
        theme,
        svgRef: null,
        ariaLabel: 'test',
        testId: 'grid',
        xs: [],
        ys: [],
        values: [],
        ...p,
      }),
    );

  it('puts the level set {f ≥ t} of a linear field exactly where f = t on the α axis', () => {
    // f(α, β) = (α + 1) / 2 runs from 0 to 1 across the plot: the band of threshold t starts at α = 2t − 1.
    const html = render(grid((x) => (x + 1) / 2, 11));
    const bands = [...html.matchAll(/<g class="contours"[^>]*>(.*?)<\/g>/g)][0][1];
    const ds = attrs(bands, 'path', 'd');
    expect(ds).toHaveLength(20);
    // Default width 500: plot area from x = 58, 350 px wide (500 − 58 − 92).
    const px = (alpha: number) => 58 + ((alpha + 1) / 2) * 350;
    ds.forEach((d, k) => {
      if (k === 0) return; // threshold 0: the whole grid, out to the half cells beyond the axes
      const left = Math.min(...vertices(d).map((v) => v[0]));
      expect(left).toBeCloseTo(px(2 * (k / 20) - 1), 6);
    });
    // Band k is filled with the colour of the middle of its interval.
    expect(attrs(bands, 'path', 'fill')[3]).toBe(`rgb(${Math.round((3.5 / 20) * 255)}, 0, 0)`);
  });

  it('draws values above the colour range in the top band, below it in the bottom one', () => {
    const html = render(grid((x, y) => 10 * (x * x + y * y) - 1, 9));
    const bands = [...html.matchAll(/<g class="contours"[^>]*>(.*?)<\/g>/g)][0][1];
    expect(attrs(bands, 'path', 'd').filter((d) => d.length > 0)).toHaveLength(20);
  });
});
