/**
 * Helper evaluators for a surface's grid (docs/engine-notes.md#landscape-workers): other workers, each with
 * its own single-threaded backend, evaluate chunks of the same grid at the same time as the analysis' own
 * evaluator. The surface is described to them as plain data (`SurfaceJob`); each rebuilds the model and
 * the evaluator from it (`jobEvaluator`), so a chunk's values are the same whoever computes it. The host
 * provides the pool (the engine worker on cpu/wasm); Node, the CLI and tests run without one.
 */
import * as tf from '../tf';
import type { ActivationName } from '../models/activations';
import { createMlp } from '../models/mlp';
import type { Model } from '../models/model';
import { type ParamValues, readValues, toTensors } from '../params';
import type { ConcreteStrategy, EvalSet, PointEvaluator } from './point-eval';
import { createPointEvaluator } from './point-evaluators';

/** Something that evaluates chunks of points: a local evaluator or a helper in another worker. */
export type ChunkEvaluator = Pick<PointEvaluator, 'evaluate'>;

/** How many CPU workers compute a landscape: 'auto' (as many as the machine's cores allow) or a number (1: off). */
export type LandscapeWorkers = 'auto' | number;

/** An MLP as plain data, enough to build it again elsewhere. */
interface MlpShape {
  inputDim: number;
  hidden: number[];
  numClasses: number;
  activation: ActivationName;
}

/** One surface's evaluation as plain data (typed arrays), for a helper to rebuild. */
export interface SurfaceJob {
  model: MlpShape;
  base: ParamValues;
  directions: ParamValues[];
  sets: { x: Float32Array; shape: number[]; y: Int32Array }[];
  strategy: ConcreteStrategy;
  examplesPerForward?: number;
  chunkSize: number;
}

export interface HelperSession {
  helpers: ChunkEvaluator[];
  /** Why fewer helpers run than the setting asks for, in plain words; null when none is missing. */
  note: string | null;
  /** Frees the helpers' copies of the surface (they stay available for the next surface). */
  close(): void;
}

export interface PointEvaluatorPool {
  /** Starts helpers for one surface: as many as `workers` asks for and the host allows (maybe none). */
  open(job: SurfaceJob, workers: LandscapeWorkers): Promise<HelperSession>;
}

/** The MLP `model` is, as plain data; null for any other model (helpers serve plain MLPs only). */
export function mlpShape(model: Model): MlpShape | null {
  const layers = model.dense;
  const activation = layers?.find((l) => l.activation)?.activation;
  if (!layers || !activation) return null;
  const kernels = layers.map((l) => model.params[l.kernel].shape);
  const shape: MlpShape = {
    inputDim: kernels[0][0],
    hidden: kernels.slice(0, -1).map((k) => k[1]),
    numClasses: model.numClasses,
    activation,
  };
  // Only a model the MLP builder makes again (not, e.g., a view of a bigger model holding part of it fixed).
  return buildMlp(shape).description === model.description ? shape : null;
}

const buildMlp = (s: MlpShape) => createMlp(s.inputDim, s.hidden, s.numClasses, s.activation);

/** The plain-data form of a surface's evaluation (one read of each tensor). */
export async function surfaceJob(setup: {
  model: Model;
  base: readonly tf.Tensor[];
  directions: readonly (readonly tf.Tensor[])[];
  sets: readonly EvalSet[];
  strategy: ConcreteStrategy;
  examplesPerForward?: number;
  chunkSize: number;
}): Promise<SurfaceJob | null> {
  const model = mlpShape(setup.model);
  if (!model || setup.sets.some((s) => s.y.dtype !== 'int32')) return null;
  // Every read starts now, before the caller may free the tensors.
  const [base, directions, sets] = await Promise.all([
    readValues(setup.base),
    Promise.all(setup.directions.map((d) => readValues(d))),
    Promise.all(
      setup.sets.map((s) =>
        Promise.all([s.x.data(), s.y.data()]).then(([x, y]) => ({
          x: x as Float32Array,
          shape: s.x.shape,
          y: y as Int32Array,
        })),
      ),
    ),
  ]);
  return {
    model,
    base,
    directions,
    sets,
    strategy: setup.strategy,
    examplesPerForward: setup.examplesPerForward,
    chunkSize: setup.chunkSize,
  };
}

/** A helper's evaluator for `job` on the current backend; it owns (and `dispose` frees) every tensor it made. */
export function jobEvaluator(job: SurfaceJob): PointEvaluator {
  const model = buildMlp(job.model);
  const base = toTensors(model.params, job.base);
  const directions = job.directions.map((d) => toTensors(model.params, d));
  const sets = job.sets.map((s) => ({ x: tf.tensor(s.x, s.shape), y: tf.tensor1d(s.y, 'int32') }));
  const own = [...base, ...directions.flat(), ...sets.flatMap((s) => [s.x, s.y])];
  let evaluator: PointEvaluator;
  try {
    evaluator = createPointEvaluator(
      { model, base, directions, sets, examplesPerForward: job.examplesPerForward, chunkSize: job.chunkSize },
      job.strategy,
    );
  } catch (err) {
    tf.dispose(own);
    throw err;
  }
  return {
    strategy: evaluator.strategy,
    chunkSize: evaluator.chunkSize,
    evaluate: (coeffs) => evaluator.evaluate(coeffs),
    dispose() {
      evaluator.dispose();
      tf.dispose(own);
    },
  };
}
