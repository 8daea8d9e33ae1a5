import * as tf from '../tf';
import { Rng } from '../rng';
import type { AnalysisContext } from './analysis';
import type { LandscapeSplit } from './landscape-options';
import type { EvalSet } from './point-eval';

/** A fixed evaluation subset on the device, and which examples it holds (for the bundle). */
export interface EvalSubset extends EvalSet {
  split: LandscapeSplit;
  /** Indices into the split, or null for the whole split in order. */
  indices: Int32Array | null;
}

/**
 * The first `size` examples of a seeded permutation of the split (`Rng.stream(seed, 'landscape-subset',
 * split)`): the same examples for every epoch's landscape and for any smaller subset (a robust subset of
 * 200 is the first 200 of the 1000), so values are comparable. The whole split, unshuffled, when it is not
 * larger than `size`. The caller disposes x and y.
 */
export function evalSubset(
  ctx: Pick<AnalysisContext, 'tensors' | 'config'>,
  split: LandscapeSplit,
  size: number,
): EvalSubset {
  const x = split === 'train' ? ctx.tensors.xTrain : ctx.tensors.xTest;
  const y = split === 'train' ? ctx.tensors.yTrain : ctx.tensors.yTest;
  const n = y.shape[0];
  if (size >= n) return { split, indices: null, x: tf.clone(x), y: tf.clone(y) };
  const indices = Rng.stream(ctx.config.seed, 'landscape-subset', split).permutation(n).slice(0, size);
  return tf.tidy(() => {
    const idx = tf.tensor1d(indices, 'int32');
    return { split, indices, x: tf.gather(x, idx), y: tf.gather(y, idx) as tf.Tensor1D };
  });
}

export function disposeSubsets(subsets: readonly EvalSet[]): void {
  for (const s of subsets) tf.dispose([s.x, s.y]);
}
