/**
 * Random directions in weight space for loss landscapes (docs/methods/landscapes.md#random-directions, docs/methods/landscapes.md#filter-normalisation [V-code], Li et al. 2018).
 * Plain JS on Float32Arrays: the draw comes from the seeded `Rng` (identical on every backend), and the
 * result is a ParamValues list that goes into the run bundle as is.
 */
import type { ParamValues } from '../params';
import { Rng } from '../rng';
import type { DirectionNormalization } from './landscape-options';

type Shape = readonly number[];

export interface DirectionOptions {
  normalization: DirectionNormalization;
  /** false (default) = the papers' `biasbn` ignore: rank ≤ 1 entries are 0. true: d = θ on them. */
  includeBiases: boolean;
}

export interface RandomDirectionsOptions extends DirectionOptions {
  /** Seed of the draw: direction k comes from `Rng.stream(seed, 'directions', k)`. */
  seed: number;
  /** Number of directions (1 for a curve, 2 for a surface). */
  count: number;
  /** Gram–Schmidt each direction against the previous ones (docs/methods/landscapes.md#2-d-surfaces [P]). */
  orthogonalize: boolean;
}

/** Guards the divisions by a norm, as in the reference code (docs/methods/landscapes.md#filter-normalisation). */
const NORM_EPS = 1e-10;
const size = (shape: Shape) => shape.reduce((a, b) => a * b, 1);
const isWeightShape = (shape: Shape) => shape.length >= 2;

/**
 * The blocks a normalisation acts on inside one weight tensor: the filters (slices on the LAST axis in
 * TF.js, docs/methods/landscapes.md#where-the-filter-axis-is) or the whole tensor. Returns the block of each flat entry.
 */
type BlockOf = (entry: number) => number;
const filterBlocks = (shape: Shape): [number, BlockOf] => {
  const out = shape[shape.length - 1];
  return [out, (e) => e % out];
};
const tensorBlocks = (): [number, BlockOf] => [1, () => 0];

/** Σ v² per block, in float64. */
function blockSquares(v: Float32Array, blocks: number, blockOf: BlockOf): Float64Array {
  const sums = new Float64Array(blocks);
  for (let e = 0; e < v.length; e++) sums[blockOf(e)] += v[e] * v[e];
  return sums;
}

/** Scales each block of d by scale[block]. */
function scaleBlocks(d: Float32Array, scale: Float64Array, blockOf: BlockOf): Float32Array {
  const out = new Float32Array(d.length);
  for (let e = 0; e < d.length; e++) out[e] = d[e] * scale[blockOf(e)];
  return out;
}

/** d scaled so each block's norm is the same block's norm in θ (`toTheta`) or 1. */
function normalizeBlocks(
  d: Float32Array,
  theta: Float32Array,
  [blocks, blockOf]: [number, BlockOf],
  toTheta: boolean,
) {
  const dNorm = blockSquares(d, blocks, blockOf).map(Math.sqrt);
  const target = toTheta
    ? blockSquares(theta, blocks, blockOf).map(Math.sqrt)
    : new Float64Array(blocks).fill(1);
  return scaleBlocks(
    d,
    target.map((t, j) => t / (dNorm[j] + NORM_EPS)),
    blockOf,
  );
}

type Normalizer = (d: Float32Array, theta: Float32Array, shape: Shape) => Float32Array;

/** The normalisations of docs/methods/landscapes.md#filter-normalisation, for tensors of rank ≥ 2. */
const NORMALIZERS: Record<DirectionNormalization, Normalizer> = {
  filter: (d, theta, shape) => normalizeBlocks(d, theta, filterBlocks(shape), true),
  layer: (d, theta) => normalizeBlocks(d, theta, tensorBlocks(), true),
  weight: (d, theta) => d.map((v, e) => v * theta[e]),
  dfilter: (d, theta, shape) => normalizeBlocks(d, theta, filterBlocks(shape), false),
  dlayer: (d, theta) => normalizeBlocks(d, theta, tensorBlocks(), false),
};

/** The blocks Gram–Schmidt works in, so that it keeps each normalisation's block norms. */
const GRAM_SCHMIDT_BLOCKS: Record<DirectionNormalization, (shape: Shape) => [number, BlockOf]> = {
  filter: filterBlocks,
  dfilter: filterBlocks,
  layer: tensorBlocks,
  dlayer: tensorBlocks,
  weight: tensorBlocks,
};

/** Raw N(0, 1) draws, by seed, direction index and shapes (small LRU: a run reuses its draws every epoch). */
const gaussianCache = new Map<string, ParamValues>();
const GAUSSIAN_CACHE_LIMIT = 8;

/**
 * Direction k's raw Gaussian draw, entries N(0, 1) for every tensor in order (biases too, so the draw
 * does not depend on the options), from `Rng.stream(seed, 'directions', k)` (docs/methods/landscapes.md#random-directions [V-code]).
 * Cached by seed, k and shapes; the returned arrays are shared and must not be modified.
 */
export function gaussianDirection(shapes: readonly Shape[], seed: number, k: number): ParamValues {
  const key = `${seed}|${k}|${shapes.map((s) => s.join('x')).join(',')}`;
  const hit = gaussianCache.get(key);
  if (hit) {
    gaussianCache.delete(key);
    gaussianCache.set(key, hit);
    return hit;
  }
  const rng = Rng.stream(seed, 'directions', k);
  const draw = shapes.map((s) => rng.normals(size(s)));
  gaussianCache.set(key, draw);
  if (gaussianCache.size > GAUSSIAN_CACHE_LIMIT) gaussianCache.delete(gaussianCache.keys().next().value!);
  return draw;
}

/**
 * Normalises a raw direction against the parameters θ (docs/methods/landscapes.md#filter-normalisation [V-code]): rank ≥ 2 tensors by
 * `normalization` (filter = last axis in TF.js: d_j ← d_j·‖θ_j‖/(‖d_j‖ + 1e-10)); rank ≤ 1 tensors set to 0
 * (`biasbn` ignore, the default) or to θ itself when biases are included. Returns new arrays.
 */
export function normalizeDirection(
  raw: ParamValues,
  theta: ParamValues,
  shapes: readonly Shape[],
  options: DirectionOptions,
): ParamValues {
  return shapes.map((shape, i) => {
    if (isWeightShape(shape)) return NORMALIZERS[options.normalization](raw[i], theta[i], shape);
    return options.includeBiases ? theta[i].slice() : new Float32Array(raw[i].length);
  });
}

/**
 * Gram–Schmidt of `d` against earlier, mutually orthogonal directions (docs/methods/landscapes.md#2-d-surfaces [P], not in the
 * original code). It works per normalisation block (per filter for filter/dfilter, per tensor otherwise):
 * each block is projected off the earlier directions' same block, then rescaled to its norm before the
 * projection. So the result is exactly orthogonal on the weight entries AND keeps the normalisation (each
 * filter still has its weights' norm). Bias entries are left alone: with biases included, every direction
 * is θ there, which no projection can make orthogonal.
 */
function orthogonalizeDirection(
  d: ParamValues,
  earlier: readonly ParamValues[],
  shapes: readonly Shape[],
  normalization: DirectionNormalization,
): ParamValues {
  return shapes.map((shape, i) => {
    if (!isWeightShape(shape)) return d[i].slice();
    const [blocks, blockOf] = GRAM_SCHMIDT_BLOCKS[normalization](shape);
    const before = blockSquares(d[i], blocks, blockOf).map(Math.sqrt);
    const v = Float64Array.from(d[i]);
    for (const prev of earlier) {
      const p = prev[i];
      const pp = blockSquares(p, blocks, blockOf);
      const dots = new Float64Array(blocks);
      for (let e = 0; e < v.length; e++) dots[blockOf(e)] += v[e] * p[e];
      for (let e = 0; e < v.length; e++) {
        const j = blockOf(e);
        if (pp[j] > 0) v[e] -= (dots[j] / pp[j]) * p[e];
      }
    }
    const after = new Float64Array(blocks);
    for (let e = 0; e < v.length; e++) after[blockOf(e)] += v[e] * v[e];
    const out = new Float32Array(v.length);
    for (let e = 0; e < v.length; e++) {
      const j = blockOf(e);
      const norm = Math.sqrt(after[j]);
      out[e] = norm > 0 ? (v[e] * before[j]) / norm : v[e];
    }
    return out;
  });
}

/** Cosine similarity of two parameter lists over all entries (Li et al. print it for d₁, d₂; docs/methods/landscapes.md#2-d-surfaces). */
export function cosineSimilarity(a: ParamValues, b: ParamValues): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++)
    for (let e = 0; e < a[i].length; e++) {
      ab += a[i][e] * b[i][e];
      aa += a[i][e] * a[i][e];
      bb += b[i][e] * b[i][e];
    }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
}

/**
 * `count` filter-normalised (by default) random directions around θ (docs/methods/landscapes.md [V-code]), the
 * same draw every time for the same seed and shapes, so every epoch's picture uses the same slice; each is
 * normalised against the θ it is drawn around (the reference recipe: α = 1 moves each filter by its norm).
 * Optionally Gram–Schmidt orthogonalised (docs/methods/landscapes.md#2-d-surfaces [P]).
 */
export function randomDirections(
  theta: ParamValues,
  shapes: readonly Shape[],
  options: RandomDirectionsOptions,
): ParamValues[] {
  const out: ParamValues[] = [];
  for (let k = 0; k < options.count; k++) {
    const d = normalizeDirection(gaussianDirection(shapes, options.seed, k), theta, shapes, options);
    out.push(
      options.orthogonalize && k > 0 ? orthogonalizeDirection(d, out, shapes, options.normalization) : d,
    );
  }
  return out;
}
