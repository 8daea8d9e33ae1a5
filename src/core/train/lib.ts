/**
 * The engine's building blocks a training method's card (./methods/*.ts) builds its step from. Cards import
 * this module as a TYPE only and receive it in `build(lib)`, so reading a card never loads tfjs; the engine's
 * registry (./registry.ts) passes it. A new method that needs a block not listed here adds it here.
 */
import * as tf from '../tf';
import { forwardOf } from '../attacks/attack';
import { tradesLoss } from '../attacks/trades';
import { defaultStepScale, multiStepCorruption } from '../analysis/corruption/multi-step';
import { oneStepCorruption } from '../analysis/corruption/one-step';
import { randomCorruption } from '../analysis/corruption/random';
import { isWeight } from '../models/model';
import { crossEntropy } from '../objectives/loss';
import { AWP_NORM_EPS, weightGradients } from '../objectives/weight-perturbation';
import { axpy, globalNorm } from '../params';
import { Rng } from '../rng';
import { adversarialBatch, adversarialTraining } from './adversarial';
import { atLrTraining } from './at-lr';
import { adversarialRule, adversarialTrainingObjective, randomRule, weightPerturbationMethod } from './awp';
import { awnetTraining } from './awnet';
import { batchObjective, defenceBudget } from './corruption-defence';
import { applyGradientList, applyGradients, minimize } from './method';

export const methodLib = {
  tf,
  Rng,
  isWeight,
  axpy,
  globalNorm,
  minimize,
  applyGradients,
  applyGradientList,
  crossEntropy,
  forwardOf,
  tradesLoss,
  adversarialBatch,
  adversarialTraining,
  weightPerturbationMethod,
  adversarialTrainingObjective,
  adversarialRule,
  randomRule,
  weightGradients,
  AWP_NORM_EPS,
  batchObjective,
  defenceBudget,
  oneStepCorruption,
  multiStepCorruption,
  defaultStepScale,
  randomCorruption,
  atLrTraining,
  awnetTraining,
};
export type MethodLib = typeof methodLib;
