import * as tf from '../tf';
import { correctCount, perExampleCrossEntropy } from '../objectives/loss';
import type { Rng } from '../rng';
import type { AttackFn, AttackOptions, AttackSettings, Forward, InputRange } from './attack';

export interface AttackedEval {
  /** Mean cross-entropy on the attacked inputs. */
  loss: number;
  /** Accuracy on the attacked inputs (robust accuracy). */
  acc: number;
}

/**
 * Mean loss and accuracy of `forward` on attack(x), in chunks (each attacked against the same forward, random
 * starts drawn from `rng` in order), with one read at the end. `between` runs after each chunk but the last
 * (progress, yielding); returning false stops early with the chunks done so far. `options` go to every
 * attack call (e.g. a StartRecorder's, to keep the random starts).
 */
export async function evaluateUnderAttack(
  forward: Forward,
  attack: AttackFn,
  x: tf.Tensor,
  y: tf.Tensor1D,
  settings: AttackSettings,
  rng: Rng,
  range: InputRange,
  {
    chunk = 256,
    between,
    options,
  }: { chunk?: number; between?: (fraction: number) => Promise<boolean>; options?: AttackOptions } = {},
): Promise<AttackedEval> {
  const n = y.shape[0];
  let totals = tf.zeros([2]);
  let done = 0;
  for (let start = 0; start < n; start += chunk) {
    const size = Math.min(chunk, n - start);
    const next = tf.tidy(() => {
      const xb = x.slice(start, size);
      const yb = y.slice(start, size);
      const logits = forward(attack(forward, xb, yb, settings, rng, range, options));
      return tf.add(totals, tf.stack([tf.sum(perExampleCrossEntropy(logits, yb)), correctCount(logits, yb)]));
    });
    totals.dispose();
    totals = next;
    done += size;
    if (between && done < n && !(await between(done / n))) break;
  }
  const [loss, correct] = await totals.data();
  totals.dispose();
  return { loss: loss / Math.max(done, 1), acc: correct / Math.max(done, 1) };
}
