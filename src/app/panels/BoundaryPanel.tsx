import { axisBottom, axisLeft, interpolateLab, rgb, scaleLinear, select } from 'd3';
import { useEffect, useMemo, useRef, useState } from 'react';
import { boundaryExtent, type Extent } from '../../worker/geometry';
import type { BoundaryGrid, DatasetView } from '../../worker/protocol';
import { downloadBlob, downloadText, escapeXml, stamp, svgToPng } from '../export';
import type { Theme } from '../theme/themes';
import { usePanelExports } from './PanelFrame';
import type { PanelProps } from './types';

const SIZE = 360;
const M = { left: 40, right: 10, top: 10, bottom: 30 };
const PLOT = SIZE - M.left - M.right;

type Split = 'train' | 'test';

interface Points {
  x: Float32Array;
  y: Int32Array;
  pred: Uint8Array | null;
}

/** Background colour of a grid cell: towards the winning class' colour by how sure the model is. */
function cellColours(grid: BoundaryGrid, theme: Theme): Uint8ClampedArray<ArrayBuffer> {
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
    if (lut) colour = lut[Math.round(probs[cell * 2 + 1] * 255)];
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

function heatmapCanvas(grid: BoundaryGrid, theme: Theme): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.width = grid.size;
  c.height = grid.size;
  c.getContext('2d')!.putImageData(new ImageData(cellColours(grid, theme), grid.size, grid.size), 0, 0);
  return c;
}

function pointsOf(dataset: DatasetView, boundary: BoundaryGrid | null, split: Split): Points | null {
  const p = dataset.points;
  if (!p) return null;
  return split === 'train'
    ? { x: p.xTrain, y: p.yTrain, pred: boundary?.predTrain ?? null }
    : { x: p.xTest, y: p.yTest, pred: boundary?.predTest ?? null };
}

function scales(extent: Extent) {
  return {
    sx: scaleLinear()
      .domain([extent[0], extent[1]])
      .range([M.left, M.left + PLOT]),
    sy: scaleLinear()
      .domain([extent[2], extent[3]])
      .range([M.top + PLOT, M.top]),
  };
}

const radiusFor = (n: number) => (n > 4000 ? 1.6 : n > 1500 ? 2.2 : 3);

/** The boundary as a standalone SVG (heat map embedded as a PNG data URL, points as circles). */
function boundarySvg(
  extent: Extent,
  heat: HTMLCanvasElement | null,
  pts: Points,
  theme: Theme,
  axes: SVGSVGElement | null,
  title: string,
): string {
  const { sx, sy } = scales(extent);
  const r = radiusFor(pts.y.length);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${SIZE}" height="${SIZE + 20}" viewBox="0 0 ${SIZE} ${SIZE + 20}" font-family="sans-serif">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="100%" height="100%" fill="${theme.chart.background}"/>`,
  ];
  if (heat)
    parts.push(
      `<image x="${M.left}" y="${M.top}" width="${PLOT}" height="${PLOT}" preserveAspectRatio="none" href="${heat.toDataURL('image/png')}"/>`,
    );
  for (let i = 0; i < pts.y.length; i++) {
    const wrong = pts.pred && pts.pred[i] !== pts.y[i];
    parts.push(
      `<circle cx="${sx(pts.x[2 * i]).toFixed(2)}" cy="${sy(pts.x[2 * i + 1]).toFixed(2)}" r="${wrong ? r + 1 : r}" fill="${theme.chart.classes[pts.y[i] % 10]}" stroke="${wrong ? theme.chart.error : theme.chart.background}" stroke-width="${wrong ? 1.8 : 0.6}"/>`,
    );
  }
  if (axes) parts.push(axes.innerHTML);
  parts.push(
    `<text x="${M.left}" y="${SIZE + 14}" font-size="11" fill="${theme.chart.muted}">${escapeXml(title)}</text>`,
  );
  parts.push('</svg>');
  return parts.join('\n');
}

export function BoundaryPanel({ run, theme }: PanelProps) {
  const [split, setSplit] = useState<Split>('test');
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const axesRef = useRef<SVGSVGElement>(null);
  const dataset = run.dataset;
  const boundary = run.boundary;

  const extent = useMemo<Extent | null>(() => {
    if (boundary) return boundary.extent;
    if (dataset?.points) return boundaryExtent(dataset.points.xTrain, dataset.points.xTest);
    return null;
  }, [boundary, dataset]);
  const heat = useMemo(() => (boundary ? heatmapCanvas(boundary, theme) : null), [boundary, theme]);
  const pts = useMemo(
    () => (dataset ? pointsOf(dataset, boundary, split) : null),
    [dataset, boundary, split],
  );

  const wrong = useMemo(() => {
    if (!pts?.pred) return [] as number[];
    const out: number[] = [];
    for (let i = 0; i < pts.y.length; i++) if (pts.pred[i] !== pts.y[i]) out.push(i);
    return out;
  }, [pts]);

  // Axes (D3) — only when the extent or theme changes.
  useEffect(() => {
    const svg = axesRef.current;
    if (!svg || !extent) return;
    const { sx, sy } = scales(extent);
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
  }, [extent, theme]);

  // Heat map and points on a canvas: cheap to redraw at every epoch.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || !extent) return;
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
    if (!pts) return;
    const { sx, sy } = scales(extent);
    const r = radiusFor(pts.y.length);
    const draw = (i: number, isWrong: boolean) => {
      ctx.beginPath();
      ctx.arc(sx(pts.x[2 * i]), sy(pts.x[2 * i + 1]), isWrong ? r + 1 : r, 0, 2 * Math.PI);
      ctx.fillStyle = theme.chart.classes[pts.y[i] % 10];
      ctx.fill();
      ctx.lineWidth = isWrong ? 1.8 : 0.6;
      ctx.strokeStyle = isWrong ? theme.chart.error : theme.chart.background;
      ctx.stroke();
    };
    for (let i = 0; i < pts.y.length; i++) if (!pts.pred || pts.pred[i] === pts.y[i]) draw(i, false);
    for (const i of wrong) draw(i, true);
  }, [extent, heat, pts, wrong, theme]);

  const title = `${dataset?.name ?? ''} · ${split} split · epoch ${boundary?.epoch ?? 0}`;
  const exporters = useMemo(
    () =>
      extent && pts
        ? {
            svg: () =>
              downloadText(
                boundarySvg(extent, heat, pts, theme, axesRef.current, title),
                `basin-boundary-${stamp()}.svg`,
                'image/svg+xml',
              ),
            png: async () =>
              downloadBlob(
                await svgToPng(
                  boundarySvg(extent, heat, pts, theme, axesRef.current, title),
                  SIZE,
                  SIZE + 20,
                ),
                `basin-boundary-${stamp()}.png`,
              ),
          }
        : null,
    [extent, heat, pts, theme, title],
  );
  usePanelExports(exporters);

  if (!dataset) return <p className="placeholder">Preparing the data…</p>;
  const n = pts?.y.length ?? 0;
  const classOneShare = boundary && boundary.numClasses === 2 ? shareAbove(boundary) : null;
  return (
    <div className="boundary">
      <div className="boundary-controls" role="radiogroup" aria-label="Which points to show">
        {(['train', 'test'] as const).map((s) => (
          <label key={s}>
            <input
              type="radio"
              name={`boundary-split-${run.id}`}
              value={s}
              checked={split === s}
              onChange={() => setSplit(s)}
              data-testid={`boundary-split-${s}`}
            />
            {s === 'train' ? `Training points (${dataset.trainCount})` : `Test points (${dataset.testCount})`}
          </label>
        ))}
      </div>
      <div className="boundary-figure" style={{ width: SIZE, height: SIZE }}>
        <canvas
          ref={canvasRef}
          style={{ width: SIZE, height: SIZE }}
          role="img"
          aria-label={`Decision boundary of the model over the ${split} points; ${wrong.length} of ${n} misclassified.`}
          data-testid="boundary-canvas"
        />
        <svg ref={axesRef} width={SIZE} height={SIZE} className="boundary-axes" aria-hidden="true" />
      </div>
      <Legend theme={theme} numClasses={dataset.numClasses} />
      <p className="chart-summary" data-testid="boundary-summary">
        {boundary
          ? `Epoch ${boundary.epoch}: ${wrong.length} of ${n} ${split} points misclassified (ringed)` +
            (classOneShare !== null
              ? `; the model predicts class 1 on ${(classOneShare * 100).toFixed(0)}% of the plotted area.`
              : '.')
          : 'The model has not been evaluated yet.'}
      </p>
      {wrong.length > 0 && pts && (
        <details className="table-alt">
          <summary>Misclassified {split} points (table)</summary>
          <table>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">x₁</th>
                <th scope="col">x₂</th>
                <th scope="col">label</th>
                <th scope="col">predicted</th>
              </tr>
            </thead>
            <tbody>
              {wrong.slice(0, 50).map((i) => (
                <tr key={i}>
                  <td>{i}</td>
                  <td>{pts.x[2 * i].toFixed(3)}</td>
                  <td>{pts.x[2 * i + 1].toFixed(3)}</td>
                  <td>{pts.y[i]}</td>
                  <td>{pts.pred?.[i]}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {wrong.length > 50 && <p>… and {wrong.length - 50} more.</p>}
        </details>
      )}
    </div>
  );
}

function shareAbove(b: BoundaryGrid): number {
  let k = 0;
  const cells = b.size * b.size;
  for (let i = 0; i < cells; i++) if (b.probs[i * 2 + 1] > 0.5) k++;
  return k / cells;
}

function Legend({ theme, numClasses }: { theme: Theme; numClasses: number }) {
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
