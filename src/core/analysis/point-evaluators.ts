import { createBatchedEvaluator } from './point-eval-batched';
import { createFusedEvaluator } from './point-eval-fused';
import { createLoopEvaluator } from './point-eval-loop';
import type { LandscapeStrategy } from './landscape-options';
import {
  CLASSIFICATION_OBJECTIVE,
  type ConcreteStrategy,
  type PointEvalSetup,
  type PointEvaluator,
  type PointEvaluatorFactory,
  chooseStrategy,
} from './point-eval';

/** The evaluation strategies, by name (docs/engine-notes.md#batching-over-weights). */
const POINT_EVALUATORS: Record<ConcreteStrategy, PointEvaluatorFactory> = {
  loop: createLoopEvaluator,
  fused: createFusedEvaluator,
  batched: createBatchedEvaluator,
};

/** Examples per forward pass unless the caller says otherwise (as the trainer's evaluation). */
const DEFAULT_EXAMPLES_PER_FORWARD = 1000;

/** A point evaluator with the strategy `requested` resolves to on this backend for this model. */
export function createPointEvaluator(
  setup: PointEvalSetup,
  requested: LandscapeStrategy = 'auto',
): PointEvaluator {
  const full: Required<PointEvalSetup> = {
    ...setup,
    objective: setup.objective ?? CLASSIFICATION_OBJECTIVE,
    attack: setup.attack ?? null,
    examplesPerForward: setup.examplesPerForward ?? DEFAULT_EXAMPLES_PER_FORWARD,
    chunkSize: setup.chunkSize ?? 0,
  };
  return POINT_EVALUATORS[chooseStrategy(requested, setup.model, full.attack !== null)](full);
}
