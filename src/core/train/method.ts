import * as tf from '../tf';
import type { ExperimentConfig } from '../config';
import type { Dataset } from '../data/dataset';
import type { Model } from '../models/model';
import type { Rng } from '../rng';
import type { MethodCard } from './card';
import type { MethodId } from './cards';
import type { ParameterOptimizer } from './optimizer';

/** What a training method sees for one optimisation step. */
export interface StepContext {
  model: Model;
  /** The live parameters, in the model's parameter order. Only the optimiser (and AWP) changes them. */
  vars: tf.Variable[];
  optimizer: ParameterOptimizer;
  config: ExperimentConfig;
  dataset: Dataset;
  epoch: number;
  /** Global step counter (0-based). */
  step: number;
  /** This step's own random stream (attack starts, random perturbations). */
  rng: Rng;
}

/** The step context without the per-step parts. */
export type EpochContext = Omit<StepContext, 'rng' | 'step'>;

/** The engine half of a training method, built from its card (./card.ts) by ./registry.ts. */
export interface MethodEngine {
  /**
   * Runs one optimisation step on a batch (x, int32 labels) and returns the training objective's value as
   * a scalar the caller disposes. Must not leak tensors.
   */
  step(ctx: StepContext, x: tf.Tensor, y: tf.Tensor1D): tf.Scalar;
  /** Optional per-epoch numbers for the metrics table (e.g. perturbation sizes). */
  epochMetrics?(ctx: EpochContext): Promise<Record<string, number>>;
}

/** A training method as the trainer runs it: its card and its engine. */
export type TrainingMethod = MethodCard<MethodId> & MethodEngine;

/**
 * Minimises `loss(params)` with respect to the live variables by one optimiser step, adding the
 * configured weight decay on kernels (rank ≥ 2), and returns the loss value. The shared tail of every
 * method.
 */
export function minimize(ctx: StepContext, loss: (params: readonly tf.Tensor[]) => tf.Scalar): tf.Scalar {
  const { value, grads } = tf.variableGrads(() => loss(ctx.vars), ctx.vars);
  applyGradients(ctx, grads);
  return value;
}

/** Applies (and disposes) gradients keyed by variable name, with weight decay on kernels. */
export function applyGradients(
  ctx: Pick<StepContext, 'vars' | 'optimizer' | 'config'>,
  grads: tf.NamedTensorMap,
): void {
  const decay = ctx.config.optimizer.weightDecay;
  if (decay > 0) {
    for (const v of ctx.vars) {
      if (v.rank < 2) continue;
      const g = grads[v.name];
      grads[v.name] = tf.tidy(() => tf.add(g, tf.mul(v, decay)));
      g.dispose();
    }
  }
  ctx.optimizer.applyGradients(grads);
  tf.dispose(Object.values(grads));
}

/** Applies (and disposes) gradients given as a list in the variables' order. */
export function applyGradientList(
  ctx: Pick<StepContext, 'vars' | 'optimizer' | 'config'>,
  grads: readonly tf.Tensor[],
): void {
  applyGradients(ctx, Object.fromEntries(ctx.vars.map((v, i) => [v.name, grads[i]])));
}
