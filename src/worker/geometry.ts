/**
 * Pure geometry of the decision-boundary grid, shared by the worker (which evaluates the model on it) and
 * the UI (which draws it). No tfjs here.
 */

/** Grid points per side of the boundary heat-map. */
export const BOUNDARY_SIZE = 60;

export type Extent = [number, number, number, number];

/** The plotted square: the points' bounding box, padded by 10% and made square around its centre. */
export function boundaryExtent(...coords: ArrayLike<number>[]): Extent {
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (const xs of coords)
    for (let i = 0; i + 1 < xs.length; i += 2) {
      x0 = Math.min(x0, xs[i]);
      x1 = Math.max(x1, xs[i]);
      y0 = Math.min(y0, xs[i + 1]);
      y1 = Math.max(y1, xs[i + 1]);
    }
  if (!Number.isFinite(x0) || !Number.isFinite(y0)) return [-1, 1, -1, 1];
  const half = (Math.max(x1 - x0, y1 - y0, 1e-6) / 2) * 1.1;
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  return [cx - half, cx + half, cy - half, cy + half];
}

/** The grid's input points (x, y pairs), row-major with row 0 at the top (largest y). */
export function gridPoints(extent: Extent, size = BOUNDARY_SIZE): Float32Array {
  const [x0, x1, y0, y1] = extent;
  const out = new Float32Array(size * size * 2);
  for (let i = 0; i < size; i++)
    for (let j = 0; j < size; j++) {
      out[2 * (i * size + j)] = x0 + ((j + 0.5) * (x1 - x0)) / size;
      out[2 * (i * size + j) + 1] = y1 - ((i + 0.5) * (y1 - y0)) / size;
    }
  return out;
}
