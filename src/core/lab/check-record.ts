/**
 * Checks a record before the lab goes on from it (a bundle from a file): its parameters must fit the model its
 * configuration describes and give finite outputs, else the lab refuses it before touching the current run.
 */
import * as tf from '../tf';
import { type Dataset, exampleSize } from '../data/dataset';
import { buildModel } from '../models/registry';
import type { Model } from '../models/model';
import { type ParamValues, toTensors } from '../params';
import type { RunRecord } from '../train/runner';

/** Throws, in words, when the record's parameters cannot be shown as a model of its configuration. */
export async function checkRecord(record: RunRecord, dataset: Dataset): Promise<void> {
  const model = buildModel(record.config.model, dataset);
  const specs = model.params;
  const sizes = specs.map((p) => p.shape.reduce((a, b) => a * b, 1));
  if (record.params.length !== specs.length || record.params.some((v, i) => v.length !== sizes[i]))
    throw new Error(
      `The weights (${record.params.length} tensors) do not fit the model the run’s settings describe (${specs.map((p) => `${p.name} ${p.shape.join('×')}`).join(', ')}).`,
    );
  if (!(await outputsFinite(model, record.params, dataset)))
    throw new Error(
      'The weights make the model’s outputs overflow (infinite or not a number) on the data, so its boundary, ' +
        'gallery and metrics would be empty. Basin refuses such a file rather than load a model that can only be shown as diverged.',
    );
}

/** Whether the model with these weights gives finite class probabilities on (up to 512 of) the test examples. */
async function outputsFinite(model: Model, params: ParamValues, dataset: Dataset): Promise<boolean> {
  await tf.ready();
  const n = Math.min(512, dataset.yTest.length);
  const x = tf.tensor(dataset.xTest.subarray(0, n * exampleSize(dataset)), [n, ...dataset.inputShape]);
  const weights = toTensors(model.params, params);
  const probs = tf.tidy(() => tf.softmax(model.apply(weights, x).logits));
  try {
    const values = await probs.data();
    return values.every(Number.isFinite);
  } finally {
    tf.dispose([x, probs, ...weights]);
  }
}
