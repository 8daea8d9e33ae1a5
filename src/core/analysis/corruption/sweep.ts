/**
 * `corruption-sweep`: loss and accuracy against the corruption size ε (log scale), random vs one-step vs
 * multi-step, L2 and L∞ (docs/methods/corruption.md#figures item 1 and docs/methods/corruption.md#figures; grids are the suggested ones of docs/methods/corruption.md#figures [P]).
 */
import { z } from 'zod';
import * as tf from '../../tf';
import type { Analysis } from '../analysis';
import { type ParamValues, axpy } from '../../params';
import { Rng } from '../../rng';
import type { BudgetMode, Norm } from './kinds';
import { budgetRadius, disposeBudget, dualNorm, resolveBudget } from './budget';
import { type Measure, MEASURE_FIELDS, measureAt, measureTensor } from './measure';
import { defaultStepScale, multiStepCorruption } from './multi-step';
import { firstOrderEstimate, oneStepCorruption } from './one-step';
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

const GridSchema = z.object({
  norm: NormSchema,
  mode: BudgetModeSchema,
  /** ε (absolute) or ρ (relative) values, drawn on a log axis. */
  values: z.array(BudgetValueSchema).min(1).max(50),
});

/** The suggested grids of docs/methods/corruption.md#figures [P]: L2 relative ρ·‖θ‖₂, L∞ absolute. (ρ = 0 is the clean model, reported apart.) */
export const DEFAULT_SWEEP_GRIDS: z.infer<typeof GridSchema>[] = [
  { norm: 'l2', mode: 'relative', values: [0.005, 0.01, 0.02, 0.05, 0.1, 0.2] },
  { norm: 'linf', mode: 'absolute', values: [1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1] },
];

export const SweepSettingsSchema = z.object({
  grids: z.array(GridSchema).min(1).max(6).default(DEFAULT_SWEEP_GRIDS).describe(SETTING_HELP.grids),
  scope: ScopeSchema.default('all').describe(SETTING_HELP.scope),
  group: GroupSchema,
  /** N random corruptions per ε (docs/methods/corruption.md#figures: N = 20); the same N directions at every ε. */
  randomTrials: z.number().int().min(0).max(500).default(20).describe(SETTING_HELP.randomTrials),
  /** K values of the multi-step curves (docs/methods/corruption.md#figures: 1, 3, 10). */
  multiSteps: z.array(StepsSchema).max(6).default([1, 3, 10]).describe(SETTING_HELP.multiSteps),
  stepScale: StepScaleSchema,
  start: StartSchema.default('zero').describe(SETTING_HELP.start),
  /** n-sparse one-step corruption (docs/methods/corruption.md#the-indicator [U]); 0 = dense. */
  sparse: z.number().int().min(0).max(1e8).default(0).describe(SETTING_HELP.sparse),
  data: EvalDataSchema.default(DEFAULT_EVAL_DATA).describe(SETTING_HELP.data),
  /** Keep a* and a_K of every ε in the result (for the bundle). */
  keepVectors: z.boolean().default(true).describe(SETTING_HELP.keepVectors),
});
export type SweepSettings = z.infer<typeof SweepSettingsSchema>;

/** One number per ε of a grid, for each measured quantity; ΔL = loss − clean loss on the attacked set. */
export interface MeasureSeries {
  loss: number[];
  acc: number[];
  testLoss: number[];
  testAcc: number[];
  deltaLoss: number[];
}

export interface SweepCurve {
  norm: Norm;
  mode: BudgetMode;
  /** The grid as given (ε or ρ). */
  values: number[];
  /** The resulting ε: for several blocks, the largest ‖a‖_p the budget allows. */
  epsilons: number[];
  /** First-order estimate ε‖g‖_q (= gᵀa*) of the one-step ΔL. */
  estimate: number[];
  oneStep: MeasureSeries;
  random: { trials: number; mean: MeasureSeries; min: MeasureSeries; max: MeasureSeries };
  multiStep: { steps: number; stepScale: number; series: MeasureSeries }[];
  /** a* per ε, and a_K per K per ε (deterministic vectors, for the bundle). */
  vectors?: { oneStep: ParamValues[]; multiStep: ParamValues[][] };
}

export interface SweepResult {
  clean: Measure;
  /** ‖g‖₂ and ‖g‖₁ of the gradient on the attacked set, over the corrupted tensors. */
  gradientNorm: { l2: number; l1: number };
  attackSize: number;
  testSize: number;
  curves: SweepCurve[];
  /** False if the host cancelled before the end (the curves hold what was done). */
  complete: boolean;
}

const emptySeries = (): MeasureSeries => ({ loss: [], acc: [], testLoss: [], testAcc: [], deltaLoss: [] });

function pushMeasure(series: MeasureSeries, m: Measure, cleanLoss: number): void {
  for (const f of MEASURE_FIELDS) series[f].push(m[f]);
  series.deltaLoss.push(m.loss - cleanLoss);
}

const STATISTICS = {
  mean: (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length,
  min: (xs: number[]) => Math.min(...xs),
  max: (xs: number[]) => Math.max(...xs),
} as const;

/** Mean, min and max over the random trials, field by field (NaN without trials). */
function pushStats(target: SweepCurve['random'], trials: Measure[], cleanLoss: number): void {
  for (const [key, f] of Object.entries(STATISTICS) as [
    keyof typeof STATISTICS,
    (xs: number[]) => number,
  ][]) {
    const m = {} as Measure;
    for (const field of MEASURE_FIELDS) m[field] = trials.length ? f(trials.map((t) => t[field])) : NaN;
    pushMeasure(target[key], m, cleanLoss);
  }
}

export const corruptionSweep: Analysis<SweepSettings, SweepResult> = {
  id: 'corruption-sweep',
  label: 'Parameter corruption: ε-sweep',
  parseSettings: (input) => parseWith(SweepSettingsSchema, input, 'corruption-sweep'),
  async run(ctx, s) {
    const theta = ctx.params;
    const sets = openSets(ctx, s.data);
    const { objective } = sets;
    const scope = scopeIndices(ctx.model.params, s.scope, s.group);
    const g = objective.lossAndGradient(theta);
    try {
      const head = tf.tidy(() =>
        tf.concat([
          measureTensor(sets, theta),
          tf.stack([dualNorm(g.grads, scope, 'l2'), dualNorm(g.grads, scope, 'linf')]),
        ]),
      );
      const headValues = await head.data();
      head.dispose();
      const clean = measureAt(headValues, 0);
      const result: SweepResult = {
        clean,
        gradientNorm: { l2: headValues[4], l1: headValues[5] },
        attackSize: sets.attack.y.shape[0],
        testSize: sets.test.y.shape[0],
        curves: [],
        complete: false,
      };
      const total = s.grids.reduce((n, grid) => n + grid.values.length, 0);
      let done = 0;
      for (const [gi, grid] of s.grids.entries()) {
        const curve: SweepCurve = {
          norm: grid.norm,
          mode: grid.mode,
          values: [],
          epsilons: [],
          estimate: [],
          oneStep: emptySeries(),
          random: { trials: s.randomTrials, mean: emptySeries(), min: emptySeries(), max: emptySeries() },
          multiStep: s.multiSteps.map((steps) => ({
            steps,
            stepScale: s.stepScale || defaultStepScale(steps),
            series: emptySeries(),
          })),
          vectors: s.keepVectors ? { oneStep: [], multiStep: s.multiSteps.map(() => []) } : undefined,
        };
        result.curves.push(curve);
        for (const [vi, value] of grid.values.entries()) {
          const budget = resolveBudget(theta, scope, { norm: grid.norm, mode: grid.mode, value });
          const { scalars, vectors } = tf.tidy(() => {
            const aStar = oneStepCorruption(g.grads, budget, { sparse: s.sparse });
            const rows = [measureTensor(sets, axpy(theta, [1, aStar]))];
            for (let t = 0; t < s.randomTrials; t++) {
              const rng = Rng.stream(
                ctx.config.seed,
                'corruption',
                'random',
                grid.norm,
                grid.mode,
                s.scope,
                s.group ?? '',
                t,
              );
              rows.push(measureTensor(sets, axpy(theta, [1, randomCorruption(theta, budget, rng)])));
            }
            const finals = s.multiSteps.map((steps, ki) => {
              const start =
                s.start === 'random'
                  ? randomCorruption(
                      theta,
                      budget,
                      Rng.stream(ctx.config.seed, 'corruption', 'start', gi, vi, ki),
                      'interior',
                    )
                  : undefined;
              const { path } = multiStepCorruption(objective, theta, budget, {
                steps,
                stepScale: curve.multiStep[ki].stepScale,
                start,
              });
              rows.push(measureTensor(sets, axpy(theta, [1, path[steps]])));
              return path[steps];
            });
            const scalars = tf.concat([
              tf.stack([budgetRadius(budget), firstOrderEstimate(g.grads, aStar)]),
              ...rows,
            ]);
            return { scalars, vectors: s.keepVectors ? [aStar, ...finals] : [] };
          });
          disposeBudget(budget);
          const [values, read] = await Promise.all([scalars.data(), readVectors(vectors)]);
          tf.dispose([scalars, ...vectors.flat()]);
          curve.values.push(value);
          curve.epsilons.push(values[0]);
          curve.estimate.push(values[1]);
          const rowAt = (r: number) => measureAt(values, 2 + 4 * r);
          pushMeasure(curve.oneStep, rowAt(0), clean.loss);
          const trials = Array.from({ length: s.randomTrials }, (_, t) => rowAt(1 + t));
          pushStats(curve.random, trials, clean.loss);
          curve.multiStep.forEach((m, ki) =>
            pushMeasure(m.series, rowAt(1 + s.randomTrials + ki), clean.loss),
          );
          if (curve.vectors) {
            curve.vectors.oneStep.push(read[0]);
            curve.vectors.multiStep.forEach((list, ki) => list.push(read[1 + ki]));
          }
          done++;
          // The partial result (curves so far, without the vectors) lets a chart fill in as ε grows.
          const partial = { ...result, curves: result.curves.map((c) => ({ ...c, vectors: undefined })) };
          if (!(await ctx.progress(done / total, partial))) return result;
        }
      }
      result.complete = true;
      return result;
    } finally {
      tf.dispose([g.loss, ...g.grads]);
      sets.dispose();
    }
  },
};
