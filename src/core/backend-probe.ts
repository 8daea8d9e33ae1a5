/**
 * A short measured probe of a backend for one run's model (docs/engine-notes.md#choosing-a-backend): the time of one training
 * step (the run's batch size, Adam) and of one coarse landscape row (11 grid points on two batches), on the
 * ACTIVE tfjs backend, after one untimed warm-up pass (kernel compilation, operator caches). The worker's
 * `auto` compares these numbers across the backends it can use instead of guessing from the model's size.
 */
import * as tf from './tf';
import { randomDirections } from './analysis/directions';
import { createPointEvaluator } from './analysis/point-evaluators';
import type { Model } from './models/model';
import { initialValues, toTensors } from './params';
import { Rng } from './rng';
import { crossEntropy } from './objectives/loss';
import { createOptimizer } from './train/optimizer';
import { beforeTimeout } from './timeout';

export interface ProbeTiming {
  backend: string;
  /** One optimisation step, ms. */
  stepMs: number;
  /** One coarse landscape row (11 points), ms. */
  rowMs: number;
}

/**
 * A backend whose untimed warm-up was still running at the probe's deadline: it is not timed, and the caller
 * moves on at once.
 */
export interface ProbeOverBudget {
  backend: string;
  /** How long the warm-up (first kernel compilations included) had run when it was given up, ms. */
  waitedMs: number;
  overBudget: true;
  /** Resolves once the abandoned warm-up has finished in the background and its tensors are disposed. */
  settled: Promise<void>;
}

/** Points of the probe's landscape row (a coarse 11×11 picture's row). */
const ROW_POINTS = 11;

let probeCounter = 0;

/**
 * Times one step and one row of `model` on the active backend (warm-up first); leaves no tensors behind.
 * When the warm-up has not finished by `deadline` (a performance.now() time), it is given up: the promise
 * resolves then, and the warm-up's tensors are disposed once its queued work completes (`settled`).
 */
export async function timeWorkload(
  model: Model,
  batchSize: number,
  deadline = Infinity,
): Promise<ProbeTiming | ProbeOverBudget> {
  const rng = Rng.stream(1, 'backend-probe');
  const inputSize = model.inputShape.reduce((a, b) => a * b, 1);
  const examples = 2 * batchSize;
  const x = tf.tensor(rng.uniforms(examples * inputSize, 0, 1), [examples, ...model.inputShape]);
  const y = tf.tensor1d(
    Int32Array.from({ length: examples }, (_, i) => i % model.numClasses),
    'int32',
  );
  const theta = initialValues(model, 1);
  const id = ++probeCounter;
  const vars = tf.tidy(() =>
    model.params.map((p, i) => tf.variable(tf.tensor(theta[i], p.shape), true, `probe${id}/${p.name}`)),
  );
  const optimizer = createOptimizer({ kind: 'adam', lr: 1e-3, momentum: 0.9, weightDecay: 0 }, vars);
  const batch = tf.tidy(() => [x.slice(0, batchSize), y.slice(0, batchSize)] as const);
  const direction = toTensors(
    model.params,
    randomDirections(
      theta,
      model.params.map((p) => p.shape),
      { seed: 1, count: 1, normalization: 'filter', includeBiases: false, orthogonalize: false },
    )[0],
  );
  const evaluator = createPointEvaluator({
    model,
    base: vars,
    directions: [direction],
    sets: [{ x, y }],
    chunkSize: ROW_POINTS,
  });
  const row = Array.from({ length: ROW_POINTS }, (_, i) => [-1 + (2 * i) / (ROW_POINTS - 1)]);
  const step = async () => {
    const loss = tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() =>
        crossEntropy(model.apply(vars, batch[0]).logits, batch[1] as tf.Tensor1D),
      );
      optimizer.applyGradients(grads);
      return value;
    });
    await loss.data(); // waits for a GPU backend to finish
    loss.dispose();
  };
  const timed = async (f: () => Promise<unknown>) => {
    const start = performance.now();
    await f();
    return performance.now() - start;
  };
  const dispose = () => {
    evaluator.dispose();
    optimizer.dispose();
    tf.dispose([...vars, ...direction, ...batch, x, y]);
  };
  let givenUp = false;
  const started = performance.now();
  const warmup = (async () => {
    await step();
    if (!givenUp) await evaluator.evaluate(row);
  })();
  let inTime: boolean;
  try {
    inTime = await beforeTimeout(
      warmup.then(() => true),
      deadline - started,
      () => false,
    );
  } catch (err) {
    dispose();
    throw err;
  }
  if (!inTime || performance.now() > deadline) {
    givenUp = true;
    const settled = warmup.then(dispose, dispose);
    return { backend: tf.getBackend(), waitedMs: performance.now() - started, overBudget: true, settled };
  }
  try {
    return {
      backend: tf.getBackend(),
      stepMs: await timed(step),
      rowMs: await timed(() => evaluator.evaluate(row)),
    };
  } finally {
    dispose();
  }
}

/** The probe's score: one step plus one row (the two kinds of work a lesson step does). */
const probeScore = (t: ProbeTiming) => t.stepMs + t.rowMs;

/** The fastest backend of the probe, and one sentence that says why (for the backend badge). */
export function fastestBackend(timings: readonly ProbeTiming[]): { backend: string; reason: string } {
  if (timings.length === 0) throw new Error('no backend was probed');
  const best = timings.reduce((a, b) => (probeScore(b) < probeScore(a) ? b : a));
  const list = timings
    .map((t) => `${t.backend} ${t.stepMs.toFixed(1)} + ${t.rowMs.toFixed(1)} ms`)
    .join(', ');
  return { backend: best.backend, reason: `measured one training step + one landscape row: ${list}` };
}
