/**
 * Keeping what an attack drew so a run bundle can recompute its numbers without Basin's random streams
 * (docs/run-bundle.md): the random start δ₀ of every restart, and any other tensors an analysis passes along.
 */
import * as tf from '../tf';
import type { AttackOptions } from './attack';

/**
 * Collects tensors under integer keys, in call order, and reads them back once: `read()` gives, per key
 * 0…K−1, the concatenation (along the first axis) of what was recorded under it, flat, row-major.
 */
export class TensorTape {
  private readonly parts: { key: number; tensor: tf.Tensor }[] = [];

  /** Keeps a copy of `t` (safe inside a caller's tidy). */
  record(key: number, t: tf.Tensor): void {
    this.parts.push({ key, tensor: tf.keep(tf.clone(t)) });
  }

  get size(): number {
    return this.parts.length;
  }

  /** One flat Float32Array per key (0 … the largest key), with one read; frees the copies. */
  async read(): Promise<Float32Array[]> {
    if (this.parts.length === 0) return [];
    const keys = Math.max(...this.parts.map((p) => p.key)) + 1;
    const flat = tf.tidy(() =>
      tf.concat(
        Array.from({ length: keys }, (_, k) =>
          this.parts.filter((p) => p.key === k).map((p) => p.tensor.reshape([-1])),
        ).flat(),
      ),
    );
    const sizes = Array.from({ length: keys }, (_, k) =>
      this.parts.filter((p) => p.key === k).reduce((n, p) => n + p.tensor.size, 0),
    );
    this.dispose();
    const all = (await flat.data()) as Float32Array;
    flat.dispose();
    let offset = 0;
    return sizes.map((n) => all.slice(offset, (offset += n)));
  }

  dispose(): void {
    tf.dispose(this.parts.splice(0).map((p) => p.tensor));
  }
}

/**
 * The random starts δ₀ of an attack's restarts, over every call made with `options` while `recording`:
 * `read()` gives δ₀ of restart r as a flat [examples × example size] array, the calls' examples in order.
 * Attacks without a random start (FGSM) record nothing.
 */
export class StartRecorder {
  private readonly tape = new TensorTape();
  recording = true;
  readonly options: AttackOptions = {
    onStart: (delta, { restart }) => {
      if (this.recording) this.tape.record(restart, delta);
    },
  };

  read(): Promise<Float32Array[]> {
    return this.tape.read();
  }

  dispose(): void {
    this.tape.dispose();
  }
}
