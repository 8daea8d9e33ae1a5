/**
 * Measuring a corrupted model θ + a: mean loss and accuracy on the attacked set D (where ΔL is defined and
 * gradients are taken) and on the test set (what the docs/methods/corruption.md#figures curves show). Results stay on the device until the
 * caller reads a whole batch of them at once.
 */
import * as tf from '../../tf';
import type { Model } from '../../models/model';
import { correctCount, perExampleCrossEntropy } from '../../objectives/loss';
import { DEFAULT_CHUNK, type EvalSet } from './objective';

/** Loss and accuracy of one parameter list on the attacked set and on the test set. */
export interface Measure {
  /** Mean cross-entropy on the attacked set D. */
  loss: number;
  /** Accuracy on D. */
  acc: number;
  testLoss: number;
  testAcc: number;
}

export const MEASURE_FIELDS = ['loss', 'acc', 'testLoss', 'testAcc'] as const;

/** [mean loss, accuracy] of `params` on `set`, in chunks; not read back. */
function lossAndAccuracy(
  model: Model,
  params: readonly tf.Tensor[],
  set: EvalSet,
  chunk = DEFAULT_CHUNK,
): tf.Tensor1D {
  return tf.tidy(() => {
    const n = set.y.shape[0];
    let loss: tf.Tensor = tf.scalar(0);
    let correct: tf.Tensor = tf.scalar(0);
    for (let start = 0; start < n; start += chunk) {
      const size = Math.min(chunk, n - start);
      const xb = size === n ? set.x : set.x.slice(start, size);
      const yb = size === n ? set.y : set.y.slice(start, size);
      const logits = model.apply(params, xb).logits;
      loss = tf.add(loss, tf.sum(perExampleCrossEntropy(logits, yb)));
      correct = tf.add(correct, correctCount(logits, yb));
    }
    return tf.div(tf.stack([loss, correct]), n) as tf.Tensor1D;
  });
}

/** The sets a corruption analysis works on. */
export interface MeasureSets {
  model: Model;
  /** The attacked set D (gradients, ΔL). */
  attack: EvalSet;
  test: EvalSet;
  chunk: number;
}

/** [loss, acc, testLoss, testAcc] of `params`, not read back (stack many, read once). */
export function measureTensor(sets: MeasureSets, params: readonly tf.Tensor[]): tf.Tensor1D {
  return tf.tidy(
    () =>
      tf.concat([
        lossAndAccuracy(sets.model, params, sets.attack, sets.chunk),
        lossAndAccuracy(sets.model, params, sets.test, sets.chunk),
      ]) as tf.Tensor1D,
  );
}

/** Reads the 4 numbers of `measureTensor` at `offset` of a flat array. */
export function measureAt(values: ArrayLike<number>, offset: number): Measure {
  return {
    loss: values[offset],
    acc: values[offset + 1],
    testLoss: values[offset + 2],
    testAcc: values[offset + 3],
  };
}
