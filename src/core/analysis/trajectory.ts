/**
 * The optimisation trajectory projected on its two principal directions, over the loss contours of that
 * plane (docs/methods/landscapes.md#optimisation-trajectory [V-code], Li et al. `projection.py`), and the projection of a path on any plane.
 * The PCA is computed in JS (float64) from the small Gram matrix of the checkpoints: n checkpoints give an
 * n×n matrix, whatever the number of parameters.
 */
import { z } from 'zod';
import { isWeight } from '../models/model';
import { type ParamValues, toTensors } from '../params';
import { Rng } from '../rng';
import * as tf from '../tf';
import type { Analysis } from './analysis';
import { linspace } from './grid';
import { evaluationFields, int, num } from './landscape-settings';
import { type Surface, computeSurface } from './surface';
import { ANALYSIS_LABELS } from './analysis-ids';

type Shape = readonly number[];

export interface TrajectoryPca {
  /** pc1, pc2: unit vectors in parameter shapes (rank ≤ 1 entries 0 unless biases are included). */
  pcs: [ParamValues, ParamValues];
  /** Explained variance ratios of the two components (scikit-learn's `explained_variance_ratio_`). */
  explained: [number, number];
  /** Uncentred projections of m_i = θ_i − θ_n: x_i = ⟨m_i, pc1⟩, y_i = ⟨m_i, pc2⟩ (the final point is (0, 0)). */
  x: number[];
  y: number[];
}

const dot = (a: Float64Array, b: Float64Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

/**
 * The dominant eigenpair of the symmetric PSD matrix G (n×n, row-major) orthogonal to `previous`
 * eigenvectors (deflation by projecting them out at every step), by power iteration [P].
 */
function powerIteration(G: Float64Array, n: number, previous: readonly Float64Array[], rng: Rng) {
  let v = Float64Array.from(rng.normals(n));
  const deflate = (u: Float64Array) => {
    for (const p of previous) {
      const c = dot(u, p);
      for (let i = 0; i < n; i++) u[i] -= c * p[i];
    }
    const norm = Math.sqrt(dot(u, u));
    if (norm > 0) for (let i = 0; i < n; i++) u[i] /= norm;
    return norm;
  };
  deflate(v);
  let lambda = 0;
  for (let it = 0; it < 5000; it++) {
    const w = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) w[i] += G[i * n + j] * v[j];
    lambda = dot(v, w);
    if (deflate(w) === 0) return { lambda: 0, vector: v };
    let change = 0;
    for (let i = 0; i < n; i++) change = Math.max(change, Math.abs(w[i] - v[i]));
    v = w;
    if (change < 1e-13) break;
  }
  return { lambda: Math.max(lambda, 0), vector: v };
}

/**
 * PCA of a training trajectory (docs/methods/landscapes.md#optimisation-trajectory [V-code]): rows m_i = flatten(θ_i − θ_n) over the
 * snapshots θ_0 … θ_n (the final one included, a zero row), rank ≤ 1 entries zeroed with the `biasbn`
 * ignore; the rows are mean-centred (as scikit-learn does) and the two leading eigenvectors u_k of the
 * Gram matrix C Cᵀ give unit principal directions pc_k = Cᵀu_k/√λ_k, with explained variance λ_k / tr(C Cᵀ).
 * Signs follow scikit-learn's `svd_flip` (the largest |u_k| entry positive). If the path spans one
 * dimension only, pc2 is a seeded unit vector orthogonal to pc1 with 0 explained variance.
 */
export function trajectoryPca(
  snapshots: readonly ParamValues[],
  shapes: readonly Shape[],
  options: { includeBiases: boolean; seed: number },
): TrajectoryPca {
  const n = snapshots.length;
  if (n < 2) throw new Error('A trajectory needs at least two snapshots');
  const include = shapes.map((s) => options.includeBiases || isWeight(s));
  const sizes = snapshots[0].map((t) => t.length);
  const total = sizes.reduce((a, b) => a + b, 0);
  const final = snapshots[n - 1];
  const rows = snapshots.map((theta) => {
    const m = new Float64Array(total);
    let offset = 0;
    theta.forEach((t, i) => {
      if (include[i]) for (let e = 0; e < t.length; e++) m[offset + e] = t[e] - final[i][e];
      offset += sizes[i];
    });
    return m;
  });
  const mean = new Float64Array(total);
  for (const m of rows) for (let e = 0; e < total; e++) mean[e] += m[e] / n;
  const centred = rows.map((m) => m.map((v, e) => v - mean[e]));
  const G = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = i; j < n; j++) G[i * n + j] = G[j * n + i] = dot(centred[i], centred[j]);
  let trace = 0;
  for (let i = 0; i < n; i++) trace += G[i * n + i];
  if (!(trace > 0)) throw new Error('The trajectory does not move: every snapshot is the same');

  const rng = Rng.stream(options.seed, 'pca');
  const first = powerIteration(G, n, [], rng);
  const second = powerIteration(G, n, [first.vector], rng);
  const component = ({ lambda, vector }: { lambda: number; vector: Float64Array }) => {
    let largest = 0;
    for (let i = 0; i < n; i++) if (Math.abs(vector[i]) > Math.abs(vector[largest])) largest = i;
    const sign = vector[largest] < 0 ? -1 : 1;
    const pc = new Float64Array(total);
    centred.forEach((c, i) => {
      const w = (sign * vector[i]) / Math.sqrt(lambda);
      for (let e = 0; e < total; e++) pc[e] += w * c[e];
    });
    return pc;
  };
  const pc1 = component(first);
  let pc2: Float64Array;
  let lambda2 = second.lambda;
  if (lambda2 > 1e-12 * trace) pc2 = component(second);
  else {
    // A one-dimensional path: any unit vector orthogonal to pc1 (on the included entries) spans the plane.
    lambda2 = 0;
    const noise = Rng.stream(options.seed, 'pca', 'pc2');
    pc2 = new Float64Array(total);
    let offset = 0;
    sizes.forEach((size, i) => {
      if (include[i]) for (let e = 0; e < size; e++) pc2[offset + e] = noise.normal();
      offset += size;
    });
    const c = dot(pc2, pc1);
    for (let e = 0; e < total; e++) pc2[e] -= c * pc1[e];
    const norm = Math.sqrt(dot(pc2, pc2));
    for (let e = 0; e < total; e++) pc2[e] /= norm;
  }
  const reshape = (flat: Float64Array): ParamValues => {
    let offset = 0;
    return sizes.map((size) => Float32Array.from(flat.subarray(offset, (offset += size))));
  };
  return {
    pcs: [reshape(pc1), reshape(pc2)],
    explained: [first.lambda / trace, lambda2 / trace],
    x: rows.map((m) => dot(m, pc1)),
    y: rows.map((m) => dot(m, pc2)),
  };
}

/**
 * Coordinates of points in the plane origin + x·d₁ + y·d₂ by least squares (the directions need not be
 * orthogonal): solves the 2×2 normal equations of ‖(p − origin) − x·d₁ − y·d₂‖ per point. Used to mark the
 * optimiser's path on a random 2-D landscape (docs/methods/landscapes.md#optimisation-trajectory step 4, "least-squares" variant).
 */
export function projectOnPlane(
  points: readonly ParamValues[],
  origin: ParamValues,
  d1: ParamValues,
  d2: ParamValues,
): { x: number[]; y: number[] } {
  let a11 = 0;
  let a12 = 0;
  let a22 = 0;
  origin.forEach((_, i) => {
    for (let e = 0; e < d1[i].length; e++) {
      a11 += d1[i][e] * d1[i][e];
      a12 += d1[i][e] * d2[i][e];
      a22 += d2[i][e] * d2[i][e];
    }
  });
  const det = a11 * a22 - a12 * a12;
  const x: number[] = [];
  const y: number[] = [];
  for (const p of points) {
    let b1 = 0;
    let b2 = 0;
    origin.forEach((o, i) => {
      for (let e = 0; e < o.length; e++) {
        const r = p[i][e] - o[e];
        b1 += r * d1[i][e];
        b2 += r * d2[i][e];
      }
    });
    if (Math.abs(det) > 1e-12 * a11 * a22) {
      x.push((a22 * b1 - a12 * b2) / det);
      y.push((a11 * b2 - a12 * b1) / det);
    } else {
      x.push(a11 > 0 ? b1 / a11 : 0);
      y.push(0);
    }
  }
  return { x, y };
}

/** A range [lo, hi] covering `values` (and 0) with a margin of `margin`·span on each side. */
function coveringRange(values: readonly number[], margin: number, fallbackSpan: number): [number, number] {
  const lo = Math.min(0, ...values);
  const hi = Math.max(0, ...values);
  const span = hi - lo > 1e-9 * fallbackSpan ? hi - lo : fallbackSpan;
  const mid = hi - lo > 1e-9 * fallbackSpan ? (lo + hi) / 2 : 0;
  return [mid - span * (0.5 + margin), mid + span * (0.5 + margin)];
}

const TrajectorySettingsSchema = z.object({
  /** Points per axis of the contour grid. */
  resolution: int(3, 51, 25),
  /** Extra room around the path, as a fraction of its extent on each side. */
  margin: num(0, 2, 0.25),
  includeBiases: z.boolean().default(false),
  /** Put pc1/pc2 in the result (to recompute the contours from the bundle). */
  keepDirections: z.boolean().default(true),
  ...evaluationFields,
});
export type TrajectorySettings = z.infer<typeof TrajectorySettingsSchema>;

export interface TrajectoryResult extends Omit<TrajectoryPca, 'pcs'> {
  /** Epoch of each snapshot (index in the run's snapshots). */
  epochs: number[];
  pcs: [ParamValues, ParamValues] | null;
  /** θ_n, the last snapshot: the centre of the contours (model.params order). */
  base: ParamValues;
  /** L(θ_n + α·pc1 + β·pc2) over a range covering the path; axes labelled "1st PC: xx.xx %". */
  surface: Surface;
}

/** Registered analysis `trajectory`: the PCA of the run's snapshots and the loss contours under it. */
export const trajectoryAnalysis: Analysis<TrajectorySettings, TrajectoryResult> = {
  id: 'trajectory',
  label: ANALYSIS_LABELS['trajectory'],
  recomputeData: ['pcs', 'base'],
  parseSettings: (input) => TrajectorySettingsSchema.parse(input ?? {}),
  async run(ctx, s) {
    const snapshots = ctx.snapshots;
    if (snapshots.length < 3) throw new Error('The PCA trajectory needs at least 3 snapshots (2 epochs)');
    const shapes = ctx.model.params.map((p) => p.shape);
    const pca = trajectoryPca(snapshots, shapes, { includeBiases: s.includeBiases, seed: ctx.config.seed });
    const spread = Math.max(...pca.x.map(Math.abs), ...pca.y.map(Math.abs), 1e-6);
    const [x0, x1] = coveringRange(pca.x, s.margin, spread);
    const [y0, y1] = coveringRange(pca.y, s.margin, spread);
    const base = toTensors(ctx.model.params, snapshots[snapshots.length - 1]);
    try {
      const surface = await computeSurface(ctx, {
        ...s,
        base,
        directions: pca.pcs,
        axes: { alphas: linspace(x0, x1, s.resolution), betas: linspace(y0, y1, s.resolution) },
        robust: null,
      });
      return {
        ...pca,
        epochs: snapshots.map((_, e) => e),
        pcs: s.keepDirections ? pca.pcs : null,
        base: snapshots[snapshots.length - 1],
        surface,
      };
    } finally {
      tf.dispose(base);
    }
  },
};
