/**
 * 1-D linear interpolation between two parameter lists (docs/methods/landscapes.md#interpolation-between-two-models [V-code], Goodfellow et al. 2015
 * as used by Li et al.): θ(α) = θ_A + α(θ_B − θ_A), α ∈ linspace(−0.5, 1.5, N), e.g. between the initial and
 * the final model of a run, or between two runs' models. Every entry moves, biases included: the direction
 * is the exact difference, not a random one (our models have no BatchNorm statistics to interpolate).
 */
import { z } from 'zod';
import type { ParamValues } from '../params';
import { readValues, toTensors } from '../params';
import * as tf from '../tf';
import type { Analysis, AnalysisContext } from './analysis';
import { linspace } from './grid';
import { MAX_RESOLUTION } from './landscape-options';
import { evaluationFields, int } from './landscape-settings';
import { type Surface, type SurfaceRequest, computeSurface } from './surface';
import { ANALYSIS_LABELS } from './analysis-ids';

/** The α values of docs/methods/landscapes.md#interpolation-between-two-models: linspace(−0.5, 1.5, N); α = 0 is θ_A, α = 1 is θ_B. */
const interpolationAlphas = (points: number) => linspace(-0.5, 1.5, points);

/** θ_B − θ_A, entry by entry. */
function parameterDifference(thetaA: ParamValues, thetaB: ParamValues): ParamValues {
  return thetaA.map((a, i) => thetaB[i].map((v, e) => v - a[e]));
}

type InterpolationOptions = Omit<SurfaceRequest, 'base' | 'directions' | 'axes' | 'robust'> & {
  points: number;
};

/**
 * L(θ_A + α(θ_B − θ_A)) and accuracy on the context's data for α ∈ linspace(−0.5, 1.5, points): the shared
 * surface pipeline with base θ_A and the single direction θ_B − θ_A (so θ_A and θ_B may come from two runs
 * of the same model).
 */
async function interpolate(
  ctx: AnalysisContext,
  thetaA: ParamValues,
  thetaB: ParamValues,
  options: InterpolationOptions,
): Promise<Surface> {
  const base = toTensors(ctx.model.params, thetaA);
  try {
    return await computeSurface(ctx, {
      ...options,
      base,
      directions: [parameterDifference(thetaA, thetaB)],
      axes: { alphas: interpolationAlphas(options.points), betas: null },
      robust: null,
    });
  } finally {
    tf.dispose(base);
  }
}

const InterpolationSettingsSchema = z.object({
  /** Snapshot index (epoch) of θ_A; 0 = the initial model. */
  from: int(0, 100000, 0),
  /** Snapshot index (epoch) of θ_B; −1 = the current parameters. */
  to: int(-1, 100000, -1),
  /** N; the reference scripts use 401 (docs/methods/landscapes.md#interpolation-between-two-models). */
  points: int(3, MAX_RESOLUTION['1d'], 401),
  ...evaluationFields,
  splits: evaluationFields.splits.default(['train', 'test']),
});
export type InterpolationSettings = z.infer<typeof InterpolationSettingsSchema>;

export interface InterpolationResult extends Surface {
  from: number;
  /** −1 = the parameters current when it ran (epoch `epoch`). */
  to: number;
  epoch: number;
  /** θ_A and θ_B (model.params order): the curve is L(θ_A + α(θ_B − θ_A)). */
  thetaA: ParamValues;
  thetaB: ParamValues;
}

/** Registered analysis `interpolation`: between two snapshots of this run (default: initial → current). */
export const interpolationAnalysis: Analysis<InterpolationSettings, InterpolationResult> = {
  id: 'interpolation',
  label: ANALYSIS_LABELS['interpolation'],
  recomputeData: ['thetaA', 'thetaB'],
  parseSettings: (input) => InterpolationSettingsSchema.parse(input ?? {}),
  async run(ctx, s) {
    const snapshot = (index: number) => {
      const theta = ctx.snapshots[index];
      if (!theta) throw new Error(`No snapshot for epoch ${index} (the run has ${ctx.snapshots.length})`);
      return theta;
    };
    const thetaA = snapshot(s.from);
    const thetaB = s.to < 0 ? await readValues(ctx.params) : snapshot(s.to);
    const surface = await interpolate(ctx, thetaA, thetaB, s);
    return { ...surface, from: s.from, to: s.to, epoch: ctx.epoch, thetaA, thetaB };
  },
};
