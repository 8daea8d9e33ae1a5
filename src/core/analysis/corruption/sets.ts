/** Slicing the analysis context's device-resident data into the sets a corruption analysis uses. */
import * as tf from '../../tf';
import type { AnalysisContext } from '../analysis';
import type { MeasureSets } from './measure';
import { datasetObjective, type Objective } from './objective';
import { DEFAULT_IMAGE_SUBSET, type EvalDataSettings } from './settings';

/**
 * The attacked set (gradients, ΔL) with its loss objective, and the test set, plus a dispose for the
 * slices taken.
 */
export function openSets(
  ctx: AnalysisContext,
  data: EvalDataSettings,
): MeasureSets & { objective: Objective; dispose(): void } {
  const { xTrain, yTrain, xTest, yTest } = ctx.tensors;
  const [x, y] = data.set === 'train' ? [xTrain, yTrain] : [xTest, yTest];
  const n = y.shape[0];
  const images = ctx.dataset.inputShape.length > 1;
  const size = Math.min(n, data.size ?? (images ? DEFAULT_IMAGE_SUBSET : n));
  const owned: tf.Tensor[] = [];
  const attack =
    size === n
      ? { x, y }
      : { x: track(owned, x.slice(0, size)), y: track(owned, y.slice(0, size)) as tf.Tensor1D };
  return {
    model: ctx.model,
    attack,
    test: { x: xTest, y: yTest },
    chunk: data.chunk,
    objective: datasetObjective(ctx.model, attack, data.chunk),
    dispose: () => tf.dispose(owned),
  };
}

function track<T extends tf.Tensor>(owned: tf.Tensor[], t: T): T {
  owned.push(t);
  return t;
}
