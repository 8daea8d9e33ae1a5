import * as tf from '../tf';
import type { ExperimentConfig } from '../config';
import type { Dataset } from '../data/dataset';
import type { Model } from '../models/model';
import { buildModel } from '../models/registry';
import { type ParamValues, initialValues, readValues } from '../params';
import { Rng } from '../rng';
import { correctCount, perExampleCrossEntropy } from '../objectives/loss';
import type { EpochContext, StepContext, TrainingMethod } from './method';
import { type ParameterOptimizer, createOptimizer } from './optimizer';
import { getMethod } from './registry';

let trainerCounter = 0;

/** Let queued messages (pause, cancel) in: tf.nextFrame does not yield inside workers (docs/engine-notes.md#workers-and-vite). */
export const yieldToHost = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export interface EvalResult {
  loss: number;
  acc: number;
}

export interface EpochStats {
  /** Mean training objective over the epoch's steps (what the method minimised). */
  objective: number;
  examples: number;
  seconds: number;
}

/** Returns false to abandon the epoch (cancel); may wait (pause). */
export type Checkpoint = (fraction: number) => Promise<boolean>;

/**
 * Owns a run's tensors: data on the device, the parameter variables and the optimiser. Every step runs in
 * `tf.tidy`; reads back happen once per yield chunk, never per step.
 */
export class Trainer {
  readonly model: Model;
  readonly method: TrainingMethod;
  readonly vars: tf.Variable[];
  readonly xTrain: tf.Tensor;
  readonly yTrain: tf.Tensor1D;
  readonly xTest: tf.Tensor;
  readonly yTest: tf.Tensor1D;
  optimizer: ParameterOptimizer;
  /** Number of completed epochs. */
  epoch = 0;
  step = 0;

  constructor(
    readonly config: ExperimentConfig,
    readonly dataset: Dataset,
    initial?: ParamValues,
  ) {
    this.model = buildModel(config.model, dataset);
    this.method = getMethod(config.training.method);
    const values = initial ?? initialValues(this.model, config.seed);
    const id = ++trainerCounter;
    // tidy: tf.variable keeps its own handle on the data, so the initial-value tensor must be released.
    this.vars = tf.tidy(() =>
      this.model.params.map((p, i) =>
        tf.variable(tf.tensor(values[i], p.shape, 'float32'), true, `run${id}/${p.name}`),
      ),
    );
    this.optimizer = createOptimizer(config.optimizer, this.vars);
    const shape = dataset.inputShape;
    this.xTrain = tf.tensor(dataset.xTrain, [dataset.yTrain.length, ...shape]);
    this.yTrain = tf.tensor1d(dataset.yTrain, 'int32');
    this.xTest = tf.tensor(dataset.xTest, [dataset.yTest.length, ...shape]);
    this.yTest = tf.tensor1d(dataset.yTest, 'int32');
  }

  epochContext(): EpochContext {
    const { model, vars, optimizer, config, dataset, epoch } = this;
    return { model, vars, optimizer, config, dataset, epoch };
  }

  context(rng: Rng): StepContext {
    return { ...this.epochContext(), step: this.step, rng };
  }

  /**
   * One epoch of mini-batch training in a seeded order. Returns null if the checkpoint cancelled it. The
   * training set is put in the epoch's order once (one gather), and each batch is a contiguous slice of it.
   */
  async trainEpoch(checkpoint: Checkpoint = async () => true, yieldEvery = 10): Promise<EpochStats | null> {
    const n = this.yTrain.shape[0];
    const batchSize = Math.min(this.config.training.batchSize, n);
    const order = Rng.stream(this.config.seed, 'shuffle', this.epoch).permutation(n);
    const steps = Math.ceil(n / batchSize);
    const started = performance.now();
    const [xs, ys] = tf.tidy(() => {
      const idx = tf.tensor1d(order, 'int32');
      return [tf.gather(this.xTrain, idx), tf.gather(this.yTrain, idx) as tf.Tensor1D];
    });
    let objectiveSum = tf.scalar(0);
    try {
      for (let s = 0; s < steps; s++) {
        const start = s * batchSize;
        const size = Math.min(batchSize, n - start);
        const rng = Rng.stream(this.config.seed, 'step', this.step);
        const next = tf.tidy(() => {
          const loss = this.method.step(this.context(rng), xs.slice(start, size), ys.slice(start, size));
          return tf.add(objectiveSum, loss) as tf.Scalar;
        });
        objectiveSum.dispose();
        objectiveSum = next;
        this.step++;
        if ((s + 1) % yieldEvery === 0 && s + 1 < steps) {
          await yieldToHost();
          if (!(await checkpoint((s + 1) / steps))) return null;
        }
      }
      const objective = (await objectiveSum.data())[0] / steps;
      this.epoch++;
      return { objective, examples: n, seconds: (performance.now() - started) / 1000 };
    } finally {
      tf.dispose([xs, ys, objectiveSum]);
    }
  }

  /** Mean loss and accuracy of the current parameters on (x, y), in chunks, one read at the end. */
  async evaluate(
    x: tf.Tensor,
    y: tf.Tensor1D,
    params: readonly tf.Tensor[] = this.vars,
    chunk = 1000,
  ): Promise<EvalResult> {
    const n = y.shape[0];
    const totals = tf.tidy(() => {
      let loss: tf.Tensor = tf.scalar(0);
      let correct: tf.Tensor = tf.scalar(0);
      for (let start = 0; start < n; start += chunk) {
        const size = Math.min(chunk, n - start);
        const xb = x.slice(start, size);
        const yb = y.slice(start, size);
        const logits = this.model.apply(params, xb).logits;
        loss = tf.add(loss, tf.sum(perExampleCrossEntropy(logits, yb)));
        correct = tf.add(correct, correctCount(logits, yb));
      }
      return tf.stack([loss, correct]);
    });
    const [loss, correct] = await totals.data();
    totals.dispose();
    return { loss: loss / n, acc: correct / n };
  }

  /** The current parameter values (one read). */
  snapshot(): Promise<ParamValues> {
    return readValues(this.vars);
  }

  /** Overwrites the parameters (restore after divergence, load a bundle) and resets the optimiser state. */
  restore(values: ParamValues): void {
    this.vars.forEach((v, i) => tf.tidy(() => v.assign(tf.tensor(values[i], v.shape, 'float32'))));
    this.optimizer.dispose();
    this.optimizer = createOptimizer(this.config.optimizer, this.vars);
  }

  dispose(): void {
    this.optimizer.dispose();
    tf.dispose([...this.vars, this.xTrain, this.yTrain, this.xTest, this.yTest]);
  }
}
