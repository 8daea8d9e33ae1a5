/**
 * Drawing the 2-D decision boundary: the model's class probabilities as a background heat map, D3 axes, and
 * whatever a panel draws on top (the data points, adversarial arrows). Shared by the boundary panel and the
 * adversarial-arrows panel so both draw the same plane the same way, on screen and in the SVG/PNG exports.
 */
import { axisBottom, axisLeft, interpolateLab, rgb, scaleLinear, select, type ScaleLinear } from 'd3';
import { useEffect, useRef, type ReactNode } from 'react';
import type { Extent } from '../../worker/geometry';
import type { BoundaryGrid } from '../../worker/protocol';
import { downloadBlob, downloadText, escapeXml, stamp, svgToPng } from '../export';
import type { Theme } from '../theme/themes';
import { guarded } from '../ErrorBoundary';

const SIZE = 360;
const M = { left: 40, right: 10, top: 10, bottom: 30 };
const PLOT = SIZE - M.left - M.right;
/** Height of one caption line of an exported figure, and the characters that fit on it. */
const CAPTION_LINE = 14;
const CAPTION_CHARS = 58;

/** The caption in lines that fit the figure's width, broken at " · " where possible. */
function captionLines(title: string): string[] {
  const lines: string[] = [];
  for (const part of title.split(' · ')) {
    const last = lines.length ? lines[lines.length - 1] : null;
    if (last !== null && last.length + 3 + part.length <= CAPTION_CHARS)
      lines[lines.length - 1] = `${last} · ${part}`;
    else lines.push(part);
  }
  return lines;
}

/** Height of an exported figure with its caption. */
const exportHeight = (title: string) => SIZE + 6 + CAPTION_LINE * captionLines(title).length;

export interface PlaneScales {
  sx: ScaleLinear<number, number>;
  sy: ScaleLinear<number, number>;
}

function planeScales(extent: Extent): PlaneScales {
  return {
    sx: scaleLinear()
      .domain([extent[0], extent[1]])
      .range([M.left, M.left + PLOT]),
    sy: scaleLinear()
      .domain([extent[2], extent[3]])
      .range([M.top + PLOT, M.top]),
  };
}

/** Point radius by how many points are drawn. */
export const radiusFor = (n: number) => (n > 4000 ? 1.6 : n > 1500 ? 2.2 : 3);

/** How many cells of the grid have a probability that is not a finite number (a model whose outputs overflow). */
export function nonFiniteCells(grid: BoundaryGrid): number {
  let n = 0;
  for (let cell = 0; cell < grid.size * grid.size; cell++)
    for (let c = 0; c < grid.numClasses; c++)
      if (!Number.isFinite(grid.probs[cell * grid.numClasses + c])) {
        n++;
        break;
      }
  return n;
}

/**
 * Background colour of a grid cell: towards the winning class' colour by how sure the model is. A cell whose
 * probabilities are not finite stays transparent: a gap showing the plain background.
 */
export function cellColours(grid: BoundaryGrid, theme: Theme): Uint8ClampedArray<ArrayBuffer> {
  const { size, numClasses, probs } = grid;
  const out = new Uint8ClampedArray(size * size * 4);
  const bg = theme.chart.background;
  const tints = theme.chart.classes.map((c) => interpolateLab(bg, c));
  // Binary: one diverging scale through the background (p = ½ is the boundary).
  const binary = numClasses === 2;
  const lut = binary
    ? Array.from({ length: 256 }, (_, k) => {
        const p = k / 255;
        return rgb(p < 0.5 ? tints[0]((0.5 - p) * 2 * 0.75) : tints[1]((p - 0.5) * 2 * 0.75));
      })
    : null;
  for (let cell = 0; cell < size * size; cell++) {
    let colour;
    const cellProbs = probs.subarray(cell * numClasses, (cell + 1) * numClasses);
    if (!cellProbs.every(Number.isFinite)) continue;
    if (lut) colour = lut[Math.round(Math.min(1, Math.max(0, probs[cell * 2 + 1])) * 255)];
    else {
      let best = 0;
      for (let c = 1; c < numClasses; c++)
        if (probs[cell * numClasses + c] > probs[cell * numClasses + best]) best = c;
      const conf = (probs[cell * numClasses + best] - 1 / numClasses) / (1 - 1 / numClasses);
      colour = rgb(tints[best % tints.length](0.15 + 0.6 * conf));
    }
    out[cell * 4] = colour.r;
    out[cell * 4 + 1] = colour.g;
    out[cell * 4 + 2] = colour.b;
    out[cell * 4 + 3] = 255;
  }
  return out;
}

/** The boundary grid as a small canvas (one pixel per cell), scaled up when drawn. */
export function heatmapCanvas(grid: BoundaryGrid, theme: Theme): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.width = grid.size;
  c.height = grid.size;
  c.getContext('2d')!.putImageData(new ImageData(cellColours(grid, theme), grid.size, grid.size), 0, 0);
  return c;
}

/** Draws the axes (ticks, labels x₁ and x₂) into an SVG element, replacing what it held. */
function drawAxes(svg: SVGSVGElement, extent: Extent, theme: Theme): void {
  const { sx, sy } = planeScales(extent);
  const s = select(svg);
  s.selectAll('*').remove();
  s.append('g')
    .attr('transform', `translate(0,${M.top + PLOT})`)
    .call(axisBottom(sx).ticks(5))
    .call((g) => g.selectAll('text').attr('fill', theme.chart.muted))
    .call((g) => g.selectAll('line,path').attr('stroke', theme.chart.muted));
  s.append('g')
    .attr('transform', `translate(${M.left},0)`)
    .call(axisLeft(sy).ticks(5))
    .call((g) => g.selectAll('text').attr('fill', theme.chart.muted))
    .call((g) => g.selectAll('line,path').attr('stroke', theme.chart.muted));
  s.append('text')
    .attr('x', M.left + PLOT / 2)
    .attr('y', SIZE - 2)
    .attr('text-anchor', 'middle')
    .attr('font-size', 11)
    .attr('fill', theme.chart.muted)
    .text('x₁');
  s.append('text')
    .attr('transform', `translate(11,${M.top + PLOT / 2}) rotate(-90)`)
    .attr('text-anchor', 'middle')
    .attr('font-size', 11)
    .attr('fill', theme.chart.muted)
    .text('x₂');
}

/** The axes as SVG markup (drawn into a detached element, so exports need nothing on screen). */
function axesMarkup(extent: Extent, theme: Theme): string {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  drawAxes(svg, extent, theme);
  return svg.innerHTML;
}

/** What a panel draws over the heat map: on the canvas, and the same as SVG elements for the exports. */
export interface PlaneOverlay {
  draw(ctx: CanvasRenderingContext2D, scales: PlaneScales): void;
  svg(scales: PlaneScales): string[];
}

/** The whole figure as a standalone SVG (heat map embedded as a PNG data URL). */
export function planeSvg(
  extent: Extent,
  heat: HTMLCanvasElement | null,
  overlay: PlaneOverlay,
  theme: Theme,
  title: string,
): string {
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${SIZE}" height="${exportHeight(title)}" viewBox="0 0 ${SIZE} ${exportHeight(title)}" font-family="sans-serif">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="100%" height="100%" fill="${theme.chart.background}"/>`,
    `<defs><clipPath id="plot-area"><rect x="${M.left}" y="${M.top}" width="${PLOT}" height="${PLOT}"/></clipPath></defs>`,
  ];
  if (heat)
    parts.push(
      `<image x="${M.left}" y="${M.top}" width="${PLOT}" height="${PLOT}" preserveAspectRatio="none" href="${heat.toDataURL('image/png')}"/>`,
    );
  parts.push('<g clip-path="url(#plot-area)">', ...overlay.svg(planeScales(extent)), '</g>');
  parts.push(axesMarkup(extent, theme));
  captionLines(title).forEach((line, i) =>
    parts.push(
      `<text x="${M.left}" y="${SIZE + 14 + CAPTION_LINE * i}" font-size="11" fill="${theme.chart.muted}">${escapeXml(line)}</text>`,
    ),
  );
  parts.push('</svg>');
  return parts.join('\n');
}

/** PNG and SVG downloads of a plane figure. */
export function planeExporters(make: () => string, title: string, name: string) {
  return {
    svg: () => downloadText(make(), `basin-${name}-${stamp()}.svg`, 'image/svg+xml'),
    png: async () =>
      downloadBlob(await svgToPng(make(), SIZE, exportHeight(title)), `basin-${name}-${stamp()}.png`),
  };
}

/**
 * The plane on screen: heat map and overlay on a canvas (cheap to redraw every epoch), axes in an SVG on top
 * (redrawn only when the extent or theme changes).
 */
function PlaneFigureView(props: {
  extent: Extent;
  heat: HTMLCanvasElement | null;
  overlay: PlaneOverlay;
  theme: Theme;
  ariaLabel: string;
  testId: string;
}) {
  const { extent, heat, overlay, theme } = props;
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const axesRef = useRef<SVGSVGElement>(null);

  useEffect(() => {
    if (axesRef.current) drawAxes(axesRef.current, extent, theme);
  }, [extent, theme]);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const dpr = window.devicePixelRatio || 1;
    canvas.width = SIZE * dpr;
    canvas.height = SIZE * dpr;
    const ctx = canvas.getContext('2d')!;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = theme.chart.background;
    ctx.fillRect(0, 0, SIZE, SIZE);
    if (heat) {
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(heat, M.left, M.top, PLOT, PLOT);
    }
    ctx.save();
    ctx.beginPath();
    ctx.rect(M.left, M.top, PLOT, PLOT);
    ctx.clip();
    overlay.draw(ctx, planeScales(extent));
    ctx.restore();
  }, [extent, heat, overlay, theme]);

  return (
    <div className="boundary-figure" style={{ width: SIZE, height: SIZE }}>
      <canvas
        ref={canvasRef}
        style={{ width: SIZE, height: SIZE }}
        role="img"
        aria-label={props.ariaLabel}
        data-testid={props.testId}
      />
      <svg ref={axesRef} width={SIZE} height={SIZE} className="boundary-axes" aria-hidden="true" />
    </div>
  );
}

export const PlaneFigure = guarded(PlaneFigureView);

/** Class colours, the misclassified ring and (binary) the probability ramp. */
export function PlaneLegend({
  theme,
  numClasses,
  children,
}: {
  theme: Theme;
  numClasses: number;
  children?: ReactNode;
}) {
  return (
    <div className="legend" aria-hidden="true">
      {Array.from({ length: Math.min(numClasses, 10) }, (_, c) => (
        <span key={c} className="legend-item">
          <svg width="12" height="12">
            <circle cx="6" cy="6" r="4.5" fill={theme.chart.classes[c]} />
          </svg>
          class {c}
        </span>
      ))}
      <span className="legend-item">
        <svg width="14" height="14">
          <circle cx="7" cy="7" r="4.5" fill="none" stroke={theme.chart.error} strokeWidth="1.8" />
        </svg>
        misclassified
      </span>
      {children}
      {numClasses === 2 && (
        <span className="legend-item">
          <span
            className="legend-ramp"
            style={{
              background: `linear-gradient(to right, ${interpolateLab(theme.chart.background, theme.chart.classes[0])(0.75)}, ${theme.chart.background}, ${interpolateLab(theme.chart.background, theme.chart.classes[1])(0.75)})`,
            }}
          />
          p(class 1): 0 → ½ → 1
        </span>
      )}
    </div>
  );
}

/** One data point as drawn on the plane: filled with its class colour, ringed when misclassified. */
export function drawPoint(
  ctx: CanvasRenderingContext2D,
  px: number,
  py: number,
  r: number,
  fill: string,
  wrong: boolean,
  theme: Theme,
): void {
  ctx.beginPath();
  ctx.arc(px, py, wrong ? r + 1 : r, 0, 2 * Math.PI);
  ctx.fillStyle = fill;
  ctx.fill();
  ctx.lineWidth = wrong ? 1.8 : 0.6;
  ctx.strokeStyle = wrong ? theme.chart.error : theme.chart.background;
  ctx.stroke();
}

export function pointSvg(
  px: number,
  py: number,
  r: number,
  fill: string,
  wrong: boolean,
  theme: Theme,
): string {
  return `<circle cx="${px.toFixed(2)}" cy="${py.toFixed(2)}" r="${wrong ? r + 1 : r}" fill="${fill}" stroke="${wrong ? theme.chart.error : theme.chart.background}" stroke-width="${wrong ? 1.8 : 0.6}"/>`;
}
