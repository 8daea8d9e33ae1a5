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
import { budgetRadius, disposeBudget, dualNorm, resolveBudget, scaleToBudget, unitBudget } from './budget';
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
import { ANALYSIS_LABELS } from '../analysis-ids';

const GridSchema = z.object({
  norm: NormSchema,
  mode: BudgetModeSchema,
  /** ε (absolute) or ρ (relative) values, drawn on a log axis. */
  values: z.array(BudgetValueSchema).min(1).max(50),
});

/** The suggested grids of docs/methods/corruption.md#figures [P]: L2 relative ρ·‖θ‖₂, L∞ absolute. (ρ = 0 is the clean model, reported apart.) */
const DEFAULT_SWEEP_GRIDS: z.infer<typeof GridSchema>[] = [
  { norm: 'l2', mode: 'relative', values: [0.005, 0.01, 0.02, 0.05, 0.1, 0.2] },
  { norm: 'linf', mode: 'absolute', values: [1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1] },
];

const SweepSettingsSchema = z.object({
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
  /** Per ε, the radius ε_b of each block (one block, or one per tensor for `layer-relative`). */
  radii: number[][];
  /** First-order estimate ε‖g‖_q (= gᵀa*) of the one-step ΔL. */
  estimate: number[];
  oneStep: MeasureSeries;
  random: {
    trials: number;
    mean: MeasureSeries;
    min: MeasureSeries;
    max: MeasureSeries;
    /** Every trial's own series (trial t is the corruption ε_b·r_t at every ε). */
    each: MeasureSeries[];
    /**
     * r_t of each trial, the same at every ε: on each block ‖r_t‖₂ = 1 (L2, a Gaussian direction) or every
     * entry ±1 (L∞); zero outside the scope. Trial t at ε is a = ε_b·r_t on block b. Kept with `keepVectors`.
     */
    directions?: ParamValues[];
  };
  multiStep: { steps: number; stepScale: number; series: MeasureSeries }[];
  /**
   * a* per ε, and a_K per K per ε (for the bundle); with a random start also a_0 per K per ε (the drawn
   * start, projected onto the budget before the first step).
   */
  vectors?: { oneStep: ParamValues[]; multiStep: ParamValues[][]; starts?: ParamValues[][] };
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
  label: ANALYSIS_LABELS['corruption-sweep'],
  recomputeData: ['curves.*.vectors', 'curves.*.random.directions'],
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
        const randomStart = s.start === 'random';
        const curve: SweepCurve = {
          norm: grid.norm,
          mode: grid.mode,
          values: [],
          epsilons: [],
          radii: [],
          estimate: [],
          oneStep: emptySeries(),
          random: {
            trials: s.randomTrials,
            mean: emptySeries(),
            min: emptySeries(),
            max: emptySeries(),
            each: Array.from({ length: s.randomTrials }, emptySeries),
          },
          multiStep: s.multiSteps.map((steps) => ({
            steps,
            stepScale: s.stepScale || defaultStepScale(steps),
            series: emptySeries(),
          })),
          vectors: s.keepVectors
            ? {
                oneStep: [],
                multiStep: s.multiSteps.map(() => []),
                ...(randomStart ? { starts: s.multiSteps.map(() => []) } : {}),
              }
            : undefined,
        };
        result.curves.push(curve);
        // The N random directions r_t, drawn once on unit blocks and scaled to each ε's budget.
        const unit = unitBudget(scope, grid);
        const directions = tf.tidy(() =>
          Array.from({ length: s.randomTrials }, (_, t) =>
            randomCorruption(
              theta,
              unit,
              Rng.stream(
                ctx.config.seed,
                'corruption',
                'random',
                grid.norm,
                grid.mode,
                s.scope,
                s.group ?? '',
                t,
              ),
            ),
          ),
        );
        disposeBudget(unit);
        try {
          if (s.keepVectors && s.randomTrials > 0) curve.random.directions = await readVectors(directions);
          for (const [vi, value] of grid.values.entries()) {
            const budget = resolveBudget(theta, scope, { norm: grid.norm, mode: grid.mode, value });
            const { scalars, vectors } = tf.tidy(() => {
              const aStar = oneStepCorruption(g.grads, budget, { sparse: s.sparse });
              const rows = [measureTensor(sets, axpy(theta, [1, aStar]))];
              for (const r of directions)
                rows.push(measureTensor(sets, axpy(theta, [1, scaleToBudget(r, budget)])));
              const starts: tf.Tensor[][] = [];
              const finals = s.multiSteps.map((steps, ki) => {
                const start = randomStart
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
                starts.push(path[0]);
                return path[steps];
              });
              const scalars = tf.concat([
                tf.stack([budgetRadius(budget), firstOrderEstimate(g.grads, aStar)]),
                ...rows,
                tf.stack(budget.blocks.map((b) => b.radius)),
              ]);
              const kept = [aStar, ...finals, ...(randomStart ? starts : [])];
              return { scalars, vectors: s.keepVectors ? kept : [] };
            });
            disposeBudget(budget);
            const [values, read] = await Promise.all([scalars.data(), readVectors(vectors)]);
            tf.dispose([scalars, ...vectors.flat()]);
            curve.values.push(value);
            curve.epsilons.push(values[0]);
            curve.estimate.push(values[1]);
            const rowAt = (r: number) => measureAt(values, 2 + 4 * r);
            const rowCount = 1 + s.randomTrials + s.multiSteps.length;
            curve.radii.push(Array.from(values.slice(2 + 4 * rowCount)));
            pushMeasure(curve.oneStep, rowAt(0), clean.loss);
            const trials = Array.from({ length: s.randomTrials }, (_, t) => rowAt(1 + t));
            pushStats(curve.random, trials, clean.loss);
            trials.forEach((m, t) => pushMeasure(curve.random.each[t], m, clean.loss));
            curve.multiStep.forEach((m, ki) =>
              pushMeasure(m.series, rowAt(1 + s.randomTrials + ki), clean.loss),
            );
            if (curve.vectors) {
              const K = s.multiSteps.length;
              curve.vectors.oneStep.push(read[0]);
              curve.vectors.multiStep.forEach((list, ki) => list.push(read[1 + ki]));
              curve.vectors.starts?.forEach((list, ki) => list.push(read[1 + K + ki]));
            }
            done++;
            // The partial result (curves so far, without the vectors) lets a chart fill in as ε grows.
            const partial = {
              ...result,
              curves: result.curves.map((c) => ({
                ...c,
                vectors: undefined,
                random: { ...c.random, directions: undefined },
              })),
            };
            if (!(await ctx.progress(done / total, partial))) return result;
          }
        } finally {
          tf.dispose(directions.flat());
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
