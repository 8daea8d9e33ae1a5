/**
 * Evaluating a loss at many points θ + Σ_k c_k·d_k of weight space (docs/methods/landscapes.md): the shared engine
 * of 1-D/2-D landscapes, interpolation, PCA-trajectory contours and sharpness. Two strategies
 * (docs/engine-notes.md#batching-over-weights): a per-point loop with one deferred read per chunk (point-eval-loop.ts; fastest on
 * cpu/wasm, works for every model and for robust losses) and K weight sets stacked into one batched forward
 * pass (point-eval-batched.ts; MLPs on GPU backends, where dispatch and read-backs dominate).
 */
import * as tf from '../tf';
import type { Model } from '../models/model';
import { labelMask } from '../objectives/loss';
import type { LandscapeStrategy } from './landscape-options';
import type { InputAttack } from './robust-attacks';

/** Examples on the device to evaluate on (kept there for the whole analysis). */
export interface EvalSet {
  x: tf.Tensor;
  /** Labels (int32 class indices for classification; float targets for a regression objective). */
  y: tf.Tensor1D;
}

/**
 * What is measured at a point, from the model's output. `totals` reduces the last two axes (examples,
 * outputs), so the same objective serves one parameter set (logits [N, C] → scalars) and K stacked sets
 * (logits [K, N, C] → [K]). Kept to a handful of ops: on cpu/wasm the per-op overhead, not the arithmetic,
 * dominates a small model's per-point cost.
 */
export interface PointObjective {
  /** Per-set constants, computed once per evaluation (e.g. the label mask); the evaluator disposes them. */
  prepare(y: tf.Tensor1D, numClasses: number): tf.Tensor;
  /** [sum of per-example losses, number correct] over the examples of `logits`. */
  totals(logits: tf.Tensor, y: tf.Tensor1D, prepared: tf.Tensor): [tf.Tensor, tf.Tensor];
}

/** Mean softmax cross-entropy and accuracy: the landscapes' L (docs/methods/landscapes.md#1-d-curves [V-code]). */
export const CLASSIFICATION_OBJECTIVE: PointObjective = {
  // −1 at the true class, 0 elsewhere (a comparison, not oneHot: see train/loss.ts `labelMask`).
  prepare: (y, numClasses) => tf.tidy(() => tf.neg(tf.cast(labelMask(y, numClasses), 'float32'))),
  totals: (logits, y, negMask) => {
    const last = logits.rank - 1;
    const loss = tf.sum(tf.mul(tf.logSoftmax(logits), negMask), [last - 1, last]);
    const correct = tf.sum(tf.cast(tf.equal(tf.argMax(logits, last), y), 'float32'), last - 1);
    return [loss, correct];
  },
};

export interface PointEvalSetup {
  model: Model;
  /** θ, the centre. Not modified. */
  base: readonly tf.Tensor[];
  /** The directions d_k, each a tensor list shaped like θ. Not modified. */
  directions: readonly (readonly tf.Tensor[])[];
  sets: readonly EvalSet[];
  objective?: PointObjective;
  /** Robust landscape: re-run this attack against every perturbed model (docs/methods/awp.md#robust-landscape). Loop only. */
  attack?: InputAttack | null;
  /** Examples per forward pass (bounds memory for big sets and CNNs). */
  examplesPerForward?: number;
  /** Points per chunk: one read per chunk. 0 = the strategy's default. */
  chunkSize?: number;
}

/** Mean loss and accuracy per evaluation set, for each point: loss[set][point]. */
export interface PointValues {
  loss: Float32Array[];
  acc: Float32Array[];
}

export type ConcreteStrategy = Exclude<LandscapeStrategy, 'auto'>;

export interface PointEvaluator {
  readonly strategy: ConcreteStrategy;
  /** Points per call that keep shapes fixed and reads rare (the grid driver's chunk). */
  readonly chunkSize: number;
  /** Evaluates the points coeffs[p] = [c_1, …, c_m] (m = number of directions) with ONE read. */
  evaluate(coeffs: readonly (readonly number[])[]): Promise<PointValues>;
  /** Frees the tensors the evaluator made (never the setup's). */
  dispose(): void;
}

export type PointEvaluatorFactory = (setup: Required<PointEvalSetup>) => PointEvaluator;

/** Backends where batching over weights pays (docs/engine-notes.md#batching-over-weights: 5× on webgl, 2× on webgpu; 0.5–1.3× on cpu/wasm). */
const GPU_BACKENDS = new Set(['webgl', 'webgpu']);

/**
 * The strategy actually used. A robust loss re-runs an attack through the model's forward pass: the loop.
 * `fused` needs a chain of dense layers (MLPs), `batched` a model with `applyStacked`; a request the model
 * cannot serve falls back to the loop. `auto`: batched on GPU backends, fused on cpu/wasm, else the loop.
 */
export function chooseStrategy(
  requested: LandscapeStrategy,
  model: Model,
  robust: boolean,
  backend: string = tf.getBackend(),
): ConcreteStrategy {
  if (robust) return 'loop';
  const can: Record<ConcreteStrategy, boolean> = {
    loop: true,
    fused: model.dense !== undefined,
    batched: model.applyStacked !== undefined,
  };
  if (requested !== 'auto') return can[requested] ? requested : 'loop';
  const preferred: ConcreteStrategy = GPU_BACKENDS.has(backend) ? 'batched' : 'fused';
  return can[preferred] ? preferred : 'loop';
}

/** An evaluation set with its objective constants (prepared once per evaluator). */
export interface PreparedSet extends EvalSet {
  prepared: tf.Tensor;
}

export function prepareSets(setup: Required<PointEvalSetup>): PreparedSet[] {
  return setup.sets.map((set) => ({
    ...set,
    prepared: setup.objective.prepare(set.y, setup.model.numClasses),
  }));
}

export function disposePrepared(sets: readonly PreparedSet[]): void {
  tf.dispose(sets.map((s) => s.prepared));
}

/** Slices rows [start, start + size) of a tensor (the whole tensor when that is all of it). */
export const rows = (t: tf.Tensor, start: number, size: number) =>
  start === 0 && size === t.shape[0] ? t : t.slice(start, size);

/** A block of consecutive examples of a prepared set (its own tensors, or the set's when it is all of it). */
export interface ExampleBlock {
  x: tf.Tensor;
  y: tf.Tensor1D;
  prepared: tf.Tensor;
}

/** Cuts each set into blocks of at most `size` examples, once, so shapes stay fixed from pass to pass. */
export function exampleBlocks(sets: readonly PreparedSet[], size: number): ExampleBlock[][] {
  return sets.map((set) => {
    const n = set.y.shape[0];
    const out: ExampleBlock[] = [];
    for (let start = 0; start < n; start += size) {
      const count = Math.min(size, n - start);
      out.push({
        x: rows(set.x, start, count),
        y: rows(set.y, start, count) as tf.Tensor1D,
        prepared: rows(set.prepared, start, count),
      });
    }
    return out;
  });
}

/** Frees the blocks' own tensors (never the sets' tensors they may share). */
export function disposeBlocks(blocks: readonly ExampleBlock[][], sets: readonly PreparedSet[]): void {
  const shared = new Set(sets.flatMap((s) => [s.x, s.y, s.prepared]));
  tf.dispose(blocks.flat().flatMap((b) => [b.x, b.y, b.prepared].filter((t) => !shared.has(t))));
}

/** Adds the [loss, correct] pairs of the blocks of one set (each pair as `objective.totals` returns it). */
export function sumPairs(pairs: readonly [tf.Tensor, tf.Tensor][]): [tf.Tensor, tf.Tensor] {
  return pairs.reduce((a, b) => [tf.add(a[0], b[0]), tf.add(a[1], b[1])]);
}

/**
 * θ + Σ_k c_k·d_k for K coefficient rows at once, in two ops whatever the number of tensors: the parameters
 * and directions are kept flattened (θ [1, P], D [m, P]), θ + C[K, m] @ D is split back into tensors. K = 1
 * gives one parameter list in the model's shapes; K > 1 gives stacked lists [K, ...shape].
 */
export class ParameterPlane {
  private readonly baseFlat: tf.Tensor2D;
  private readonly directionsFlat: tf.Tensor2D;
  private readonly sizes: number[];

  constructor(
    private readonly base: readonly tf.Tensor[],
    directions: readonly (readonly tf.Tensor[])[],
  ) {
    this.sizes = base.map((t) => t.size);
    this.baseFlat = tf.tidy(
      () =>
        tf.concat(
          base.map((t) => t.reshape([1, -1])),
          1,
        ) as tf.Tensor2D,
    );
    this.directionsFlat = tf.tidy(
      () => tf.stack(directions.map((d) => tf.concat(d.map((t) => t.reshape([-1]))))) as tf.Tensor2D,
    );
  }

  /**
   * Parameters at the K points C [K, m] (call inside a tidy): stacked lists [K, ...shape] when `stacked`,
   * else (K = 1) one list in the model's shapes.
   */
  at(coefficients: tf.Tensor2D, stacked: boolean): tf.Tensor[] {
    const K = coefficients.shape[0];
    const flat = tf.add(this.baseFlat, tf.matMul(coefficients, this.directionsFlat));
    const parts = this.base.length === 1 ? [flat] : tf.split(flat, this.sizes, 1);
    return parts.map((t, i) => t.reshape(stacked ? [K, ...this.base[i].shape] : this.base[i].shape));
  }

  dispose(): void {
    tf.dispose([this.baseFlat, this.directionsFlat]);
  }
}

/**
 * The means per set of `points` points from the [point][set][loss sum, correct sum] tensor `totals()`
 * builds, read back once (the one read of a chunk). With no points nothing is built.
 */
export async function readTotals(
  points: number,
  sets: readonly EvalSet[],
  totals: () => tf.Tensor,
): Promise<PointValues> {
  if (points === 0) return unpackTotals(new Float32Array(0), 0, sets);
  const all = totals();
  const data = (await all.data()) as Float32Array;
  all.dispose();
  return unpackTotals(data, points, sets);
}

/** Turns a read-back [point][set][loss sum, correct sum] array into means per set. */
function unpackTotals(data: Float32Array, points: number, sets: readonly EvalSet[]): PointValues {
  const loss = sets.map(() => new Float32Array(points));
  const acc = sets.map(() => new Float32Array(points));
  const stride = 2 * sets.length;
  for (let p = 0; p < points; p++)
    sets.forEach((set, s) => {
      const n = set.y.shape[0];
      loss[s][p] = data[p * stride + 2 * s] / n;
      acc[s][p] = data[p * stride + 2 * s + 1] / n;
    });
  return { loss, acc };
}
