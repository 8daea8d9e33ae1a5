/**
 * What every input attack shares (docs/methods/attacks.md): the signature, the model-as-a-function it attacks, and the
 * small tensor helpers for ε-balls and the data range. An attack is a pure function of a forward pass, so it
 * works against ANY parameter list: the live weights during training, a snapshot, or perturbed weights in a
 * robust landscape.
 */
import * as tf from '../tf';
import type { Model } from '../models/model';
import type { Rng } from '../rng';

/** A classifier as a function: inputs [batch, ...inputShape] → logits [batch, classes]. */
export type Forward = (x: tf.Tensor) => tf.Tensor2D;

/** The valid input box ([0, 1] for images) or null for unbounded data (moons/CSV: never clipped, docs/methods/attacks.md#data-range). */
export type InputRange = readonly [number, number] | null;

/** The knobs every attack reads (each ignores the ones it has no use for; see the registry's `uses`). */
export interface AttackSettings {
  /** Radius of the threat model's ball (L∞ or L2, in input units). */
  epsilon: number;
  /** Iterations K (PGD, TRADES). */
  steps: number;
  /** Step size α; null → the attack's default rule (the registry's `defaultStepSize`). */
  stepSize: number | null;
  /** Random restarts (PGD); per sample the restart with the largest final loss is kept. */
  restarts: number;
}

export interface AttackOptions {
  /**
   * Called with δ₀, the random start of every restart (before any step), inside the attack: keep a copy to
   * retain it (./start-recorder.ts). Attacks without a random start (FGSM) never call it.
   */
  onStart?: (delta: tf.Tensor, info: { restart: number }) => void;
  /**
   * Debug hook called with every iterate x_adv (after projection and clipping) of every restart, inside a
   * tidy scope: `tf.keep(tf.clone(xAdv))` to retain it.
   */
  onIterate?: (xAdv: tf.Tensor, info: { restart: number; step: number }) => void;
}

/**
 * An attack: returns x_adv (a new tensor the caller owns) for inputs x and int32 labels y. Random starts are
 * drawn from `rng` in JS, so the same stream gives the same x_adv on every backend. With ε = 0 it returns x.
 */
export type AttackFn = (
  forward: Forward,
  x: tf.Tensor,
  y: tf.Tensor1D,
  settings: AttackSettings,
  rng: Rng,
  inputRange: InputRange,
  options?: AttackOptions,
) => tf.Tensor;

/** The forward pass of `model` with the parameters `params` held fixed. */
export function forwardOf(model: Model, params: readonly tf.Tensor[]): Forward {
  return (x) => model.apply(params, x).logits;
}

/** A tensor shaped like `like` filled from JS draws (the attack's random starts: backend-independent). */
export function randomLike(like: tf.Tensor, draw: (n: number) => Float32Array): tf.Tensor {
  return tf.tensor(draw(like.size), like.shape, 'float32');
}

/** Per-sample draws, shaped [batch, 1, …, 1] so they broadcast over one example. */
export function perSample(like: tf.Tensor, draw: (n: number) => Float32Array): tf.Tensor {
  const shape = [like.shape[0], ...like.shape.slice(1).map(() => 1)];
  return tf.tensor(draw(like.shape[0]), shape, 'float32');
}

/** Per-sample L2 norms of t, shaped [batch, 1, …, 1] so they broadcast against t. */
export function sampleNorms(t: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const shape = [t.shape[0], ...t.shape.slice(1).map(() => 1)];
    return tf.sqrt(tf.sum(tf.square(t.reshape([t.shape[0], -1])), 1)).reshape(shape);
  });
}

/**
 * Clamps δ so that x + δ stays in the input range: δ ∈ [lo − x, hi − x] (as in AWP's `clamp(delta,
 * lower_limit − X, upper_limit − X)`). Unbounded data (range null) is returned unchanged.
 */
export function keepInRange(x: tf.Tensor, delta: tf.Tensor, range: InputRange): tf.Tensor {
  if (range === null) return delta;
  return tf.tidy(() => tf.minimum(tf.maximum(delta, tf.sub(range[0], x)), tf.sub(range[1], x)));
}

/** x + δ, clipped to the input range when there is one (idempotent when δ came from `keepInRange`). */
export function addPerturbation(x: tf.Tensor, delta: tf.Tensor, range: InputRange): tf.Tensor {
  return tf.tidy(() => {
    const sum = tf.add(x, delta);
    return range === null ? sum : tf.clipByValue(sum, range[0], range[1]);
  });
}

/**
 * ∇_x Σ_batch objective(forward(x)). The attacks ascend the SUM of per-example losses: its per-sample gradient
 * is the mean's times B, so sign steps and per-sample normalised L2 steps are unchanged, and small batches of a
 * well-trained model do not underflow.
 */
export function inputGradient(
  forward: Forward,
  objective: (logits: tf.Tensor2D) => tf.Tensor1D,
  x: tf.Tensor,
): tf.Tensor {
  return tf.grad((xa: tf.Tensor) => tf.sum(objective(forward(xa))))(x);
}

/** Rejects settings no attack can honour, naming the field. */
export function checkSettings(s: AttackSettings): void {
  if (!(s.epsilon >= 0)) throw new Error(`attack epsilon must be ≥ 0 (got ${s.epsilon})`);
  if (!Number.isInteger(s.steps) || s.steps < 0) throw new Error(`attack steps must be ≥ 0 (got ${s.steps})`);
  if (!Number.isInteger(s.restarts) || s.restarts < 1)
    throw new Error(`attack restarts must be ≥ 1 (got ${s.restarts})`);
  if (s.stepSize !== null && !(s.stepSize >= 0))
    throw new Error(`attack stepSize must be ≥ 0 or null (got ${s.stepSize})`);
}
