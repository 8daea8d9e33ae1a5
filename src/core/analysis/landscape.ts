/**
 * Loss landscapes along random filter-normalised directions (docs/methods/landscapes.md [V-code], Li et al. 2018),
 * optionally robust (the attack re-run at every perturbed model, docs/methods/awp.md#robust-landscape [V-issue]): the analyses
 * `landscape-1d` (a curve f(α) = L(θ + α·d), train and test) and `landscape-2d` (a surface
 * f(α, β) = L(θ + α·d₁ + β·d₂)), evaluated progressively, on demand or every k-th epoch (config.landscape).
 * The directions are drawn once per direction seed (the same slice every epoch, normalised against that
 * epoch's weights) and returned with the grid, so the bundle holds everything to recompute it.
 */
import { z } from 'zod';
import type { ExperimentConfig } from '../config';
import { type ParamValues, readValues } from '../params';
import type { Analysis } from './analysis';
import { cosineSimilarity, randomDirections } from './directions';
import { linspace } from './grid';
import {
  DEFAULT_RESOLUTION,
  type DirectionNormalization,
  type LandscapeKind,
  MAX_RESOLUTION,
} from './landscape-options';
import {
  RobustSchema,
  directionFields,
  directionSeedOf,
  evaluationFields,
  int,
  num,
  radiusField,
} from './landscape-settings';
import { type MaxRise, maxRiseWithinRadius } from './sharpness';
import { type Surface, computeSurface } from './surface';
import { projectOnPlane } from './trajectory';
import { ANALYSIS_LABELS } from './analysis-ids';

const LandscapeSettingsSchema = z.object({
  /** Points per axis; 0 = the kind's default (51 along a line, 25×25 for a surface). */
  resolution: int(0, MAX_RESOLUTION['1d'], 0),
  /** α (and β) ∈ [−span, span]. */
  span: num(0.01, 10, 1),
  ...evaluationFields,
  ...directionFields,
  robust: RobustSchema.nullable().default(null),
  radius: radiusField,
  /** Put the normalised directions in the result (the bundle can then recompute every point). */
  keepDirections: z.boolean().default(true),
});
export type LandscapeSettings = z.infer<typeof LandscapeSettingsSchema>;

export interface LandscapeResult extends Surface {
  kind: LandscapeKind;
  /** The normalised directions used (null when `keepDirections` is off). */
  directions: ParamValues[] | null;
  directionSeed: number;
  normalization: DirectionNormalization;
  includeBiases: boolean;
  orthogonalized: boolean;
  /** cos(d₁, d₂) of a surface (≈ 0 in high dimension; Li et al. print it, docs/methods/landscapes.md#2-d-surfaces); null for a curve. */
  cosine: number | null;
  /** The largest loss rise within `radius` per split. */
  sharpness: { split: string; maxRise: MaxRise }[];
  /** Surface only: the run's snapshots projected on the (d₁, d₂) plane around θ (the optimiser's path). */
  path: { epochs: number[]; x: number[]; y: number[] } | null;
  /** Numbers for the per-epoch metrics table (the first split's rise, when complete). */
  metrics: Record<string, number>;
}

/** Settings a per-epoch landscape runs with: config.landscape (the schema drops `every` and `kind`). */
const settingsFromConfig = (config: ExperimentConfig): unknown => config.landscape;

function landscapeAnalysis(kind: LandscapeKind): Analysis<LandscapeSettings, LandscapeResult> {
  const count = kind === '1d' ? 1 : 2;
  const parseSettings = (input: unknown): LandscapeSettings => {
    // A curve is cheap: train and test by default; a surface, train only.
    const defaults = kind === '1d' ? { splits: ['train', 'test'] } : {};
    const s = LandscapeSettingsSchema.parse({ ...defaults, ...((input as object | null) ?? {}) });
    return { ...s, resolution: Math.min(s.resolution || DEFAULT_RESOLUTION[kind], MAX_RESOLUTION[kind]) };
  };
  return {
    id: `landscape-${kind}`,
    label: ANALYSIS_LABELS[kind === '1d' ? 'landscape-1d' : 'landscape-2d'],
    recomputeData: ['directions', 'values.*.starts'],
    parseSettings,
    perEpoch(config, epoch) {
      const L = config.landscape;
      if (L.every === 0 || L.kind !== kind) return null;
      if (epoch % L.every !== 0 && epoch !== config.training.epochs) return null;
      return parseSettings(settingsFromConfig(config));
    },
    async run(ctx, s) {
      const theta = await readValues(ctx.params);
      const shapes = ctx.model.params.map((p) => p.shape);
      const seed = directionSeedOf(s, ctx.config.seed);
      const directions = randomDirections(theta, shapes, { ...s, seed, count });
      const axis = linspace(-s.span, s.span, s.resolution);
      const surface = await computeSurface(ctx, {
        ...s,
        directions,
        axes: { alphas: axis, betas: count === 2 ? axis : null },
      });
      const sharpness = surface.values.map((v) => ({
        split: v.split,
        maxRise: maxRiseWithinRadius(surface, v.loss, v.center.loss, s.radius),
      }));
      const path =
        count === 2 && ctx.snapshots.length > 0
          ? {
              epochs: ctx.snapshots.map((_, e) => e),
              ...projectOnPlane(ctx.snapshots, theta, directions[0], directions[1]),
            }
          : null;
      const metrics: Record<string, number> = {};
      if (surface.complete) metrics[`landscape${kind}MaxRise`] = sharpness[0].maxRise.rise;
      return {
        ...surface,
        kind,
        directions: s.keepDirections ? directions : null,
        directionSeed: seed,
        normalization: s.normalization,
        includeBiases: s.includeBiases,
        orthogonalized: count === 2 && s.orthogonalize,
        cosine: count === 2 ? cosineSimilarity(directions[0], directions[1]) : null,
        sharpness,
        path,
        metrics,
      };
    },
  };
}

/** f(α) = L(θ + α·d), α ∈ linspace(−1, 1, 51) by default, train and test (docs/methods/landscapes.md#1-d-curves [V-code]). */
export const landscape1dAnalysis = landscapeAnalysis('1d');
/** f(α, β) = L(θ + α·d₁ + β·d₂) on a 25×25 grid by default, up to 51×51 (docs/methods/landscapes.md#2-d-surfaces [V-code]). */
export const landscape2dAnalysis = landscapeAnalysis('2d');
