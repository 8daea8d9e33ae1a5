/**
 * `corruption-layers`: which parameters are vulnerable. Each group (a layer's kernel and its bias apart, or
 * whole layers) is corrupted on its own: a*_G = ε·g_G/‖g_G‖ (L2) or ε·sign(g_G) (L∞), with the indicator
 * ε‖g_G‖_q next to the measured ΔL(a*_G) (docs/methods/corruption.md#the-indicator per-group indicator [D], docs/methods/corruption.md#figures item 2). Absolute ε
 * treats every parameter alike; the relative ε_G = ρ‖θ_G‖ compares groups of different size [P] (which the
 * paper used is [U]).
 */
import { z } from 'zod';
import * as tf from '../../tf';
import type { Analysis } from '../analysis';
import { axpy } from '../../params';
import type { BudgetMode, Norm } from './kinds';
import { blockNorm, budgetRadius, disposeBudget, dualNorm, resolveBudget } from './budget';
import { type Measure, measureAt, measureTensor } from './measure';
import { defaultStepScale, multiStepCorruption } from './multi-step';
import { firstOrderEstimate, oneStepCorruption } from './one-step';
import { type ParamGroup, parameterGroups } from './scope';
import { openSets } from './sets';
import {
  BudgetModeSchema,
  BudgetValueSchema,
  DEFAULT_EVAL_DATA,
  EvalDataSchema,
  GroupingSchema,
  NormSchema,
  StepScaleSchema,
  SETTING_HELP,
  parseWith,
} from './settings';
import { readVectors } from './vectors';
import { ANALYSIS_LABELS } from '../analysis-ids';

const LayersSettingsSchema = z.object({
  norm: NormSchema.default('l2').describe(SETTING_HELP.norm),
  mode: BudgetModeSchema.default('absolute').describe(SETTING_HELP.mode),
  /** ε (absolute) or ρ (relative). */
  value: BudgetValueSchema.default(0.1).describe(SETTING_HELP.value),
  grouping: GroupingSchema.default('tensor').describe(SETTING_HELP.grouping),
  /** Also measure a K-step corruption inside each group; 0 = off. */
  steps: z.number().int().min(0).max(100).default(0).describe(SETTING_HELP.layerSteps),
  stepScale: StepScaleSchema,
  data: EvalDataSchema.default(DEFAULT_EVAL_DATA).describe(SETTING_HELP.data),
  /** Keep each group's a*_G (its own tensors only) in the result. */
  keepVectors: z.boolean().default(true).describe(SETTING_HELP.keepVectors),
});
export type LayersSettings = z.infer<typeof LayersSettingsSchema>;

/** A measurement with its loss change ΔL = loss − clean loss on the attacked set. */
type MeasuredChange = Measure & { deltaLoss: number };

export interface GroupVulnerability extends ParamGroup {
  /** ‖θ_G‖_p. */
  paramNorm: number;
  /** The group's budget ε_G. */
  epsilon: number;
  /** ‖g_G‖_q (q = 2 for L2, 1 for L∞). */
  gradNorm: number;
  /** ε_G‖g_G‖_q, the first-order indicator. */
  estimate: number;
  oneStep: MeasuredChange;
  multiStep?: MeasuredChange;
  /** a*_G, one Float32Array per tensor of the group. */
  vector?: Float32Array[];
}

export interface LayersResult {
  clean: Measure;
  norm: Norm;
  mode: BudgetMode;
  value: number;
  groups: GroupVulnerability[];
  complete: boolean;
}

const withChange = (m: Measure, cleanLoss: number): MeasuredChange => ({
  ...m,
  deltaLoss: m.loss - cleanLoss,
});

export const corruptionLayers: Analysis<LayersSettings, LayersResult> = {
  id: 'corruption-layers',
  label: ANALYSIS_LABELS['corruption-layers'],
  recomputeData: ['groups.*.vector'],
  parseSettings: (input) => parseWith(LayersSettingsSchema, input, 'corruption-layers'),
  async run(ctx, s) {
    const theta = ctx.params;
    const sets = openSets(ctx, s.data);
    const { objective } = sets;
    const g = objective.lossAndGradient(theta);
    try {
      const cleanTensor = measureTensor(sets, theta);
      const clean = measureAt(await cleanTensor.data(), 0);
      cleanTensor.dispose();
      const result: LayersResult = {
        clean,
        norm: s.norm,
        mode: s.mode,
        value: s.value,
        groups: [],
        complete: false,
      };
      const groups = parameterGroups(ctx.model.params, s.grouping);
      const stepScale = s.stepScale || defaultStepScale(Math.max(1, s.steps));
      for (const [gi, group] of groups.entries()) {
        const budget = resolveBudget(theta, group.indices, { norm: s.norm, mode: s.mode, value: s.value });
        const { scalars, aStar } = tf.tidy(() => {
          const aStar = oneStepCorruption(g.grads, budget);
          const rows = [measureTensor(sets, axpy(theta, [1, aStar]))];
          if (s.steps > 0) {
            const { path } = multiStepCorruption(objective, theta, budget, { steps: s.steps, stepScale });
            rows.push(measureTensor(sets, axpy(theta, [1, path[s.steps]])));
          }
          const scalars = tf.concat([
            tf.stack([
              blockNorm(theta, group.indices, s.norm),
              budgetRadius(budget),
              dualNorm(g.grads, group.indices, s.norm),
              firstOrderEstimate(g.grads, aStar),
            ]),
            ...rows,
          ]);
          return { scalars, aStar: group.indices.map((i) => aStar[i]) };
        });
        disposeBudget(budget);
        const [values, vectors] = await Promise.all([
          scalars.data(),
          s.keepVectors ? readVectors([aStar]) : Promise.resolve([]),
        ]);
        tf.dispose([scalars, ...aStar]);
        result.groups.push({
          ...group,
          paramNorm: values[0],
          epsilon: values[1],
          gradNorm: values[2],
          estimate: values[3],
          oneStep: withChange(measureAt(values, 4), clean.loss),
          multiStep: s.steps > 0 ? withChange(measureAt(values, 8), clean.loss) : undefined,
          vector: vectors[0],
        });
        const partial = { ...result, groups: result.groups.map((gr) => ({ ...gr, vector: undefined })) };
        if (!(await ctx.progress((gi + 1) / groups.length, partial))) return result;
      }
      result.complete = true;
      return result;
    } finally {
      tf.dispose([g.loss, ...g.grads]);
      sets.dispose();
    }
  },
};
