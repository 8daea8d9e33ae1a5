/**
 * Evaluating a loss at many points θ + Σ_k c_k·d_k of weight space (METHODS.md §2.3–2.6): the shared engine
 * of 1-D/2-D landscapes, interpolation, PCA-trajectory contours and sharpness. Two strategies
 * (TECH-NOTES §3): a per-point loop with one deferred read per chunk (point-eval-loop.ts; fastest on
 * cpu/wasm, works for every model and for robust losses) and K weight sets stacked into one batched forward
 * pass (point-eval-batched.ts; MLPs on GPU backends, where dispatch and read-backs dominate).
 */
import * as tf from '../tf';
import type { Model } from '../models/model';
import { perExampleCrossEntropy } from '../train/loss';
import type { LandscapeStrategy } from './landscape-options';
import type { InputAttack } from './robust-attacks';

/** Examples on the device to evaluate on (kept there for the whole analysis). */
export interface EvalSet {
  x: tf.Tensor;
  /** Labels (int32 class indices for classification; float targets for a regression objective). */
  y: tf.Tensor1D;
}

/** What is measured at a point, per example, from the model's output. */
export interface PointObjective {
  perExampleLoss(logits: tf.Tensor2D, y: tf.Tensor1D): tf.Tensor1D;
  /** 1 where the example counts as correct, else 0 (float32). */
  perExampleCorrect(logits: tf.Tensor2D, y: tf.Tensor1D): tf.Tensor1D;
}

/** Mean softmax cross-entropy and accuracy: the landscapes' L (METHODS.md §2.3 [V-code]). */
export const CLASSIFICATION_OBJECTIVE: PointObjective = {
  perExampleLoss: perExampleCrossEntropy,
  perExampleCorrect: (logits, y) =>
    tf.tidy(() => tf.cast(tf.equal(tf.argMax(logits, 1), y), 'float32') as tf.Tensor1D),
};

export interface PointEvalSetup {
  model: Model;
  /** θ, the centre. Not modified. */
  base: readonly tf.Tensor[];
  /** The directions d_k, each a tensor list shaped like θ. Not modified. */
  directions: readonly (readonly tf.Tensor[])[];
  sets: readonly EvalSet[];
  objective?: PointObjective;
  /** Robust landscape: re-run this attack against every perturbed model (METHODS.md §5.5). Loop only. */
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

/** Backends where batching over weights pays (TECH-NOTES §3.1: 5× on webgl, 2× on webgpu; 0.5–1.3× on cpu/wasm). */
const GPU_BACKENDS = new Set(['webgl', 'webgpu']);

/**
 * The strategy actually used: `batched` needs a model with `applyStacked` (MLPs) and a plain (non-robust)
 * loss; otherwise, and for `auto` on cpu/wasm, the loop.
 */
export function chooseStrategy(
  requested: LandscapeStrategy,
  model: Model,
  robust: boolean,
  backend: string = tf.getBackend(),
): ConcreteStrategy {
  const canBatch = model.applyStacked !== undefined && !robust;
  if (!canBatch) return 'loop';
  if (requested === 'auto') return GPU_BACKENDS.has(backend) ? 'batched' : 'loop';
  return requested;
}

/** Per-set sums accumulated as scalars on the device, for one parameter list (shared by both strategies). */
export function setTotals(
  setup: Pick<Required<PointEvalSetup>, 'objective' | 'examplesPerForward'>,
  logitsOf: (x: tf.Tensor) => tf.Tensor2D,
  set: EvalSet,
  attack: InputAttack | null,
): [tf.Scalar, tf.Scalar] {
  const n = set.y.shape[0];
  const chunk = setup.examplesPerForward;
  let loss: tf.Tensor = tf.scalar(0);
  let correct: tf.Tensor = tf.scalar(0);
  for (let start = 0; start < n; start += chunk) {
    const size = Math.min(chunk, n - start);
    const x = size === n ? set.x : set.x.slice(start, size);
    const y = size === n ? set.y : set.y.slice(start, size);
    const input = attack ? attack(logitsOf, x, y) : x;
    const logits = logitsOf(input);
    loss = tf.add(loss, tf.sum(setup.objective.perExampleLoss(logits, y)));
    correct = tf.add(correct, tf.sum(setup.objective.perExampleCorrect(logits, y)));
  }
  return [loss as tf.Scalar, correct as tf.Scalar];
}

/** Turns a read-back [point][set][loss sum, correct sum] array into means per set. */
export function unpackTotals(data: Float32Array, points: number, sets: readonly EvalSet[]): PointValues {
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
