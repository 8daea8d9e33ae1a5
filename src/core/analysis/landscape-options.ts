/**
 * The option names of the landscape analyses. Kept free of tfjs (like train/cards.ts) so the config
 * schema and the UI thread can validate them without loading the engine.
 */

/**
 * How a random direction is scaled against the parameters (docs/methods/landscapes.md#filter-normalisation [V-code]):
 * - filter: each filter (slice on the LAST axis in TF.js) gets the norm of the weights' filter (default);
 * - layer: each tensor gets the norm of the weight tensor;
 * - weight: element-wise d ⊙ θ;
 * - dfilter / dlayer: each filter / tensor gets unit norm.
 */
export const DIRECTION_NORMALIZATIONS = ['filter', 'layer', 'weight', 'dfilter', 'dlayer'] as const;
export type DirectionNormalization = (typeof DIRECTION_NORMALIZATIONS)[number];

/** Which examples a landscape is evaluated on. */
export const LANDSCAPE_SPLITS = ['train', 'test'] as const;
export type LandscapeSplit = (typeof LANDSCAPE_SPLITS)[number];

/**
 * How the grid points are evaluated (docs/engine-notes.md#batching-over-weights): `loop` = one forward pass per point, reads
 * deferred to one per chunk (any model, robust losses too); `fused` = MLPs on cpu/wasm: the first layer
 * (linear in the weights) precomputed once, bias and activation fused into each matMul, the loss of a whole
 * chunk in one pass; `batched` = K weight sets stacked into one batched matMul (MLPs; pays on GPU backends);
 * `auto` picks by model and backend.
 */
export const LANDSCAPE_STRATEGIES = ['auto', 'loop', 'fused', 'batched'] as const;
export type LandscapeStrategy = (typeof LANDSCAPE_STRATEGIES)[number];

export const LANDSCAPE_KINDS = ['1d', '2d'] as const;
export type LandscapeKind = (typeof LANDSCAPE_KINDS)[number];

/** Default number of points per axis: 51 along a 1-D line (docs/methods/landscapes.md#1-d-curves), 25×25 for a 2-D grid (docs/methods/landscapes.md#2-d-surfaces). */
export const DEFAULT_RESOLUTION: Record<LandscapeKind, number> = { '1d': 51, '2d': 25 };
/** Largest grid per axis: 401 for curves (docs/methods/landscapes.md#interpolation-between-two-models interpolation), 51×51 for surfaces (docs/methods/landscapes.md#2-d-surfaces). */
export const MAX_RESOLUTION: Record<LandscapeKind, number> = { '1d': 401, '2d': 51 };
