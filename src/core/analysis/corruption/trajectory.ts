/**
 * `corruption-trajectory`: the multi-step corruption path a_0 … a_K (docs/methods/corruption.md#multi-step-corruption [U/P]) drawn on the
 * loss surface of a plane it mostly moves in, with ΔL(a_k) against k (docs/methods/corruption.md#figures). The plane [P] is spanned by
 * d₁ = a_K and a filter-normalised random direction (docs/methods/landscapes.md#filter-normalisation) orthogonalised against a_K (Gram–Schmidt) and
 * rescaled to ‖a_K‖, so both axes are in units of ‖a_K‖ and a_K sits at (1, 0). The surface is
 * L(θ + α·d₁ + β·d₂) on the attacked set; Z[row j][col i] is the loss at (α_i, β_j), as in docs/methods/landscapes.md#2-d-surfaces.
 */
import { z } from 'zod';
import * as tf from '../../tf';
import type { Analysis } from '../analysis';
import { type ParamValues, axpy } from '../../params';
import { Rng } from '../../rng';
import type { BudgetMode, Norm } from './kinds';
import { budgetRadius, disposeBudget, innerProduct, resolveBudget } from './budget';
import { filterNormalizedDirection } from './direction';
import { defaultStepScale, multiStepCorruption } from './multi-step';
import { randomCorruption } from './random';
import { scopeIndices } from './scope';
import { openSets } from './sets';
import {
  BudgetModeSchema,
  BudgetValueSchema,
  DEFAULT_EVAL_DATA,
  EvalDataSchema,
  GroupSchema,
  NormSchema,
  ScopeSchema,
  StartSchema,
  StepScaleSchema,
  StepsSchema,
  SETTING_HELP,
  parseWith,
} from './settings';
import { readVectors } from './vectors';
import { ANALYSIS_LABELS } from '../analysis-ids';

const TrajectorySettingsSchema = z.object({
  norm: NormSchema.default('l2').describe(SETTING_HELP.norm),
  mode: BudgetModeSchema.default('relative').describe(SETTING_HELP.mode),
  /** ε (absolute) or ρ (relative); default ρ = 0.05 of ‖θ‖ (inside the grid of docs/methods/corruption.md#figures). */
  value: BudgetValueSchema.default(0.05).describe(SETTING_HELP.value),
  scope: ScopeSchema.default('all').describe(SETTING_HELP.scope),
  group: GroupSchema,
  steps: StepsSchema.default(10).describe(SETTING_HELP.steps),
  stepScale: StepScaleSchema,
  start: StartSchema.default('zero').describe(SETTING_HELP.start),
  /** Grid points per axis of the surface (docs/methods/landscapes.md#2-d-surfaces: 25×25 or so in the browser). */
  resolution: z.number().int().min(3).max(101).default(21).describe(SETTING_HELP.resolution),
  /** The grid covers [−span, span]² in units of ‖a_K‖. */
  span: z.number().min(0.1).max(20).default(1.5).describe(SETTING_HELP.span),
  data: EvalDataSchema.default(DEFAULT_EVAL_DATA).describe(SETTING_HELP.data),
});
export type TrajectorySettings = z.infer<typeof TrajectorySettingsSchema>;

export interface TrajectoryResult {
  norm: Norm;
  mode: BudgetMode;
  value: number;
  /** The largest ‖a‖_p the budget allows. */
  epsilon: number;
  steps: number;
  stepScale: number;
  /** L(θ; D) on the attacked set. */
  cleanLoss: number;
  /** a_0 … a_K (deterministic for a zero start). */
  path: ParamValues[];
  /** L(θ + a_k; D) and ΔL(a_k) = L(θ + a_k; D) − L(θ; D), k = 0 … K. */
  loss: number[];
  deltaLoss: number[];
  /** Coordinates of a_k in the plane (units of ‖a_K‖). */
  alpha: number[];
  beta: number[];
  /** ‖projection of a_k onto the plane‖² / ‖a_k‖² (1 = the path lies in the plane; 1 for a_k = 0). */
  inPlane: number[];
  plane: {
    d1: ParamValues;
    d2: ParamValues;
    /** ‖d₁‖ = ‖d₂‖ = ‖a_K‖₂ (or ε if a_K = 0). */
    unit: number;
    /** Cosine of the random direction with a_K before orthogonalisation. */
    cosine: number;
  };
  /** The surface: Z[j·resolution + i] = L(θ + α_i·d₁ + β_j·d₂; D). */
  grid: { alphas: number[]; betas: number[]; loss: Float32Array };
  complete: boolean;
}

/** The walk's tensors: scalars [clean loss, ε, unit, cosine, losses…, (α, β, in-plane) per k], path, plane. */
type Walk = {
  scalars: tf.Tensor;
  path: tf.Tensor[][];
  d1: tf.Tensor[];
  d2: tf.Tensor[];
};

const linspace = (lo: number, hi: number, n: number) =>
  Array.from({ length: n }, (_, i) => (n === 1 ? lo : lo + ((hi - lo) * i) / (n - 1)));

export const corruptionTrajectory: Analysis<TrajectorySettings, TrajectoryResult> = {
  id: 'corruption-trajectory',
  label: ANALYSIS_LABELS['corruption-trajectory'],
  recomputeData: ['path', 'plane.d1', 'plane.d2'],
  parseSettings: (input) => parseWith(TrajectorySettingsSchema, input, 'corruption-trajectory'),
  async run(ctx, s) {
    const theta = ctx.params;
    const sets = openSets(ctx, s.data);
    const { objective } = sets;
    const scope = scopeIndices(ctx.model.params, s.scope, s.group);
    const budget = resolveBudget(theta, scope, { norm: s.norm, mode: s.mode, value: s.value });
    let walk: Walk | null = null;
    try {
      const stepScale = s.stepScale || defaultStepScale(s.steps);
      const seed = ctx.config.seed;
      const w = tf.tidy((): Walk => {
        const start =
          s.start === 'random'
            ? randomCorruption(theta, budget, Rng.stream(seed, 'corruption', 'trajectory-start'), 'interior')
            : undefined;
        const { path, losses } = multiStepCorruption(objective, theta, budget, {
          steps: s.steps,
          stepScale,
          start,
        });
        const aK = path[s.steps];
        const random = filterNormalizedDirection(
          theta,
          Rng.stream(seed, 'corruption', 'trajectory-plane'),
          scope,
        );
        const aKsq = innerProduct(aK, aK);
        const unit = tf.where(tf.greater(aKsq, 0), tf.sqrt(aKsq), budgetRadius(budget));
        const d1 = aK;
        // Gram–Schmidt: d₂ = r − (⟨r, d₁⟩/‖d₁‖²)·d₁, rescaled to ‖d₂‖ = unit.
        const along = tf.divNoNan(innerProduct(random, d1), aKsq);
        const orth = axpy(random, [1, d1.map((t) => tf.mul(t, tf.neg(along)))]);
        const d2 = orth.map((t) => tf.mul(t, tf.divNoNan(unit, tf.sqrt(innerProduct(orth, orth)))));
        const rNorm = tf.sqrt(innerProduct(random, random));
        const cosine = tf.divNoNan(innerProduct(random, d1), tf.mul(rNorm, tf.sqrt(aKsq)));
        const unitSq = tf.square(unit);
        const coords = path.map((a) => {
          const alpha = tf.divNoNan(innerProduct(a, d1), unitSq);
          const beta = tf.divNoNan(innerProduct(a, d2), unitSq);
          const inPlane = tf.where(
            tf.greater(innerProduct(a, a), 0),
            tf.div(tf.mul(tf.add(tf.square(alpha), tf.square(beta)), unitSq), innerProduct(a, a)),
            tf.scalar(1),
          );
          return tf.stack([alpha, beta, inPlane]);
        });
        const scalars = tf.concat([
          tf.stack([objective.loss(theta), budgetRadius(budget), unit, cosine]),
          tf.stack(losses),
          ...coords,
        ]);
        return { scalars, path, d1, d2 };
      });
      walk = w;
      const { d1, d2 } = w;
      const [values, vectors] = await Promise.all([w.scalars.data(), readVectors([...w.path, d1, d2])]);
      const K = s.steps;
      const cleanLoss = values[0];
      const loss = Array.from(values.slice(4, 4 + K + 1));
      const at = (k: number, j: number) => values[4 + K + 1 + 3 * k + j];
      const axis = linspace(-s.span, s.span, s.resolution);
      const result: TrajectoryResult = {
        norm: s.norm,
        mode: s.mode,
        value: s.value,
        epsilon: values[1],
        steps: K,
        stepScale,
        cleanLoss,
        path: vectors.slice(0, K + 1),
        loss,
        deltaLoss: loss.map((l) => l - cleanLoss),
        alpha: loss.map((_, k) => at(k, 0)),
        beta: loss.map((_, k) => at(k, 1)),
        inPlane: loss.map((_, k) => at(k, 2)),
        plane: { d1: vectors[K + 1], d2: vectors[K + 2], unit: values[2], cosine: values[3] },
        grid: { alphas: axis, betas: axis, loss: new Float32Array(s.resolution * s.resolution) },
        complete: false,
      };
      for (const [j, beta] of axis.entries()) {
        const row = tf.tidy(() =>
          tf.stack(axis.map((alpha) => objective.loss(axpy(theta, [alpha, d1], [beta, d2])))),
        );
        result.grid.loss.set(await row.data(), j * s.resolution);
        row.dispose();
        if (!(await ctx.progress((j + 1) / axis.length, { rows: j + 1, grid: result.grid }))) return result;
      }
      result.complete = true;
      return result;
    } finally {
      if (walk) tf.dispose([walk.scalars, ...walk.path.flat(), ...walk.d2]);
      disposeBudget(budget);
      sets.dispose();
    }
  },
};
