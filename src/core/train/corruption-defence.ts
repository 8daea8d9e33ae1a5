/**
 * What the corruption defences (ACR, docs/methods/corruption.md#acr-training; APD, docs/methods/corruption.md#apd-training) share: the batch objective and the budget
 * resolved from the config's `corruption` section against the live parameters (relative budgets follow θ as
 * it trains; nothing is read back).
 */
import type * as tf from '../tf';
import { type Budget, type BudgetSpec, resolveBudget } from '../analysis/corruption/budget';
import { type Objective, datasetObjective } from '../analysis/corruption/objective';
import { scopeIndices } from '../analysis/corruption/scope';
import type { CorruptionConfig } from './settings/corruption';
import type { StepContext } from './method';

/** The budget spec a corruption config describes: ε when absolute, ρ otherwise. */
function budgetSpec(c: CorruptionConfig): BudgetSpec {
  return { norm: c.norm, mode: c.budget, value: c.budget === 'absolute' ? c.epsilon : c.rho };
}

/** The defence's budget for this step (tensors; run inside the step's tf.tidy). */
export function defenceBudget(ctx: StepContext): Budget {
  const c = ctx.config.corruption;
  return resolveBudget(ctx.vars, scopeIndices(ctx.model.params, c.scope), budgetSpec(c));
}

/** L(·; B) on the mini-batch, in one pass. */
export function batchObjective(ctx: StepContext, x: tf.Tensor, y: tf.Tensor1D): Objective {
  return datasetObjective(ctx.model, { x, y }, Math.max(1, y.shape[0]));
}
