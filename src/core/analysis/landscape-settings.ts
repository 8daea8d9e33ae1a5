/**
 * Settings shared by the landscape-family analyses (landscape-1d/2d, interpolation, trajectory, sharpness),
 * as zod pieces: each analysis' `parseSettings` fills defaults and rejects bad values with the field's name.
 */
import { z } from 'zod';
import { DIRECTION_NORMALIZATIONS, LANDSCAPE_SPLITS, LANDSCAPE_STRATEGIES } from './landscape-options';

export const int = (min: number, max: number, def: number) => z.number().int().min(min).max(max).default(def);
export const num = (min: number, max: number, def: number) => z.number().min(min).max(max).default(def);

/** Where and how the loss is evaluated. */
export const evaluationFields = {
  splits: z.array(z.enum(LANDSCAPE_SPLITS)).min(1).max(2).default(['train']),
  /** Examples per split in the fixed evaluation subset (the whole split if smaller). */
  subset: int(10, 100000, 1000),
  strategy: z.enum(LANDSCAPE_STRATEGIES).default('auto'),
  /** Points per chunk (one read each); 0 = the strategy's default (loop 32, fused 64, batched 64). */
  chunk: int(0, 4096, 0),
  /** Examples per forward pass (memory bound for big subsets and CNNs). */
  examplesPerForward: int(1, 100000, 1000),
  /** Coarse subgrid first, then refine (docs/methods/landscapes.md#2-d-surfaces, progressive picture). */
  coarse: z.boolean().default(true),
};

/** How the random directions are drawn (docs/methods/landscapes.md, docs/methods/landscapes.md#2-d-surfaces). */
export const directionFields = {
  normalization: z.enum(DIRECTION_NORMALIZATIONS).default('filter'),
  includeBiases: z.boolean().default(false),
  /** 0 = the run's seed. The same direction seed gives the same axes for every epoch and every run. */
  directionSeed: int(0, 2147483647, 0),
  /** Gram–Schmidt d₂ against d₁ (docs/methods/landscapes.md#2-d-surfaces [P]; off in the original). */
  orthogonalize: z.boolean().default(false),
};

/** The robust landscape (docs/methods/awp.md#robust-landscape): null = clean loss. */
export const RobustSchema = z.object({
  attack: z.string().min(1).default('pgd-linf'),
  /** null = the run's attack ε (config.attack.epsilon). */
  epsilon: z.number().min(0).max(10).nullable().default(null),
  steps: int(1, 200, 10),
  /** null = the attack's rule (PGD 2.5ε/steps). */
  stepSize: z.number().positive().nullable().default(null),
  /** A small fixed subset: the attack runs at every point. */
  size: int(10, 10000, 200),
});

/** Radius r of the "largest loss rise within ‖(α, β)‖ ≤ r" sharpness number. */
export const radiusField = num(0.001, 10, 0.5);

/** The seed directions are drawn from. */
export const directionSeedOf = (settings: { directionSeed: number }, runSeed: number) =>
  settings.directionSeed || runSeed;
