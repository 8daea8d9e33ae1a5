import * as tf from '../../src/core/tf';
import type { AnalysisContext } from '../../src/core/analysis/analysis';
import type { ExperimentConfigInput } from '../../src/core/config';
import type { Dataset } from '../../src/core/data/dataset';
import type { Model } from '../../src/core/models/model';
import { type ParamValues, readValues } from '../../src/core/params';
import { Runner } from '../../src/core/train/runner';
import { config, moons } from './helpers';

/** A moons run trained for its configured epochs (events dropped unless `onEvent` is given). */
export async function trainedRunner(
  input: ExperimentConfigInput,
  onEvent?: Parameters<typeof Runner.create>[3],
) {
  const cfg = config(input);
  const runner = await Runner.create(cfg, moons(cfg), tf.getBackend(), onEvent ?? (() => {}));
  await runner.play();
  return runner;
}

/** The runner's analysis context with a recording, never-cancelling progress. */
export function recordingContext(runner: Runner, id: string) {
  const partials: unknown[] = [];
  const fractions: number[] = [];
  const ctx: AnalysisContext = {
    ...runner.analysisContext(id),
    progress: async (fraction, partial) => {
      fractions.push(fraction);
      if (partial !== undefined) partials.push(partial);
      return true;
    },
  };
  return { ctx, partials, fractions };
}

/**
 * A hand-built context: a model, its parameters and (x, y) as both train and test split. Used for the
 * least-squares check, where y holds float targets.
 */
export function manualContext(
  model: Model,
  params: tf.Tensor[],
  x: tf.Tensor,
  y: tf.Tensor1D,
  seed = 1,
): AnalysisContext {
  const dataset: Dataset = {
    name: 'manual',
    inputShape: model.inputShape,
    numClasses: model.numClasses,
    xTrain: new Float32Array(0),
    yTrain: new Int32Array(0),
    xTest: new Float32Array(0),
    yTest: new Int32Array(0),
    inputRange: null,
  };
  return {
    model,
    params,
    dataset,
    tensors: { xTrain: x, yTrain: y, xTest: x, yTest: y },
    config: config({ seed }),
    epoch: 0,
    snapshots: [],
    progress: async () => true,
  };
}

/** Mean cross-entropy and accuracy of `params` on (x, y), straight from the model (the reference value). */
export async function directLoss(
  model: Model,
  params: readonly tf.Tensor[],
  x: tf.Tensor,
  y: tf.Tensor1D,
): Promise<{ loss: number; acc: number }> {
  const out = tf.tidy(() => {
    const logits = model.apply(params, x).logits;
    const logp = tf.logSoftmax(logits);
    const mask = tf.equal(y.expandDims(1), tf.range(0, model.numClasses, 1, 'int32').expandDims(0));
    const loss = tf.neg(tf.mean(tf.sum(tf.where(mask, logp, tf.zerosLike(logp)), 1)));
    const acc = tf.mean(tf.cast(tf.equal(tf.argMax(logits, 1), y), 'float32'));
    return tf.stack([loss, acc]);
  });
  const [loss, acc] = await out.data();
  out.dispose();
  return { loss, acc };
}

/** The examples of a split picked by a landscape's `indices` (null = all). The caller disposes. */
export function pick(x: tf.Tensor, y: tf.Tensor1D, indices: Int32Array | null): [tf.Tensor, tf.Tensor1D] {
  if (!indices) return [tf.clone(x), tf.clone(y)];
  return tf.tidy(() => {
    const idx = tf.tensor1d(indices, 'int32');
    return [tf.gather(x, idx), tf.gather(y, idx) as tf.Tensor1D];
  });
}

/** θ + Σ c_k·d_k as tensors (the caller disposes). */
export function shifted(theta: ParamValues, terms: [number, ParamValues][], model: Model): tf.Tensor[] {
  return model.params.map((p, i) => {
    const v = theta[i].slice();
    for (const [c, d] of terms) for (let e = 0; e < v.length; e++) v[e] += c * d[i][e];
    return tf.tensor(v, p.shape, 'float32');
  });
}

export const paramsOf = (runner: Runner) => readValues(runner.trainer.vars);

export const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};
