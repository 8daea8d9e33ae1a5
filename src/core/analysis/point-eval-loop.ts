import * as tf from '../tf';
import {
  ParameterPlane,
  type PointEvaluatorFactory,
  type PreparedSet,
  disposePrepared,
  prepareSets,
  readTotals,
  rows,
} from './point-eval';

/** Points per read on cpu/wasm: large enough that the one read per chunk costs nothing, small enough to yield often. */
const DEFAULT_LOOP_CHUNK = 32;

/**
 * The per-point loop (docs/engine-notes.md#batching-over-weights "naiveDeferred"): for each point, θ + Σ c_k·d_k as a new parameter
 * list and one forward pass per evaluation set, each point in its own tidy (memory stays at one point's
 * activations) keeping only its [loss sum, correct] pair; the chunk's pairs are stacked and read ONCE.
 * With an attack, x_adv is regenerated against each perturbed model (docs/methods/awp.md#robust-landscape).
 */
export const createLoopEvaluator: PointEvaluatorFactory = (setup) => {
  const { model, directions, attack, objective, examplesPerForward } = setup;
  const chunkSize = setup.chunkSize > 0 ? setup.chunkSize : DEFAULT_LOOP_CHUNK;
  const plane = new ParameterPlane(setup.base, directions);
  const sets = prepareSets(setup);

  const setTotals = (params: readonly tf.Tensor[], set: PreparedSet): tf.Tensor[] => {
    const logitsOf = (x: tf.Tensor) => model.apply(params, x).logits;
    const n = set.y.shape[0];
    let loss: tf.Tensor | null = null;
    let correct: tf.Tensor | null = null;
    for (let start = 0; start < n; start += examplesPerForward) {
      const size = Math.min(examplesPerForward, n - start);
      const x = rows(set.x, start, size);
      const y = rows(set.y, start, size) as tf.Tensor1D;
      const input = attack ? attack(logitsOf, x, y) : x;
      const [l, c] = objective.totals(logitsOf(input), y, rows(set.prepared, start, size));
      loss = loss ? tf.add(loss, l) : l;
      correct = correct ? tf.add(correct, c) : c;
    }
    return [loss!, correct!];
  };

  const pointTotals = (coeffs: readonly number[]) =>
    tf.tidy(() => {
      const params = plane.at(tf.tensor2d(Float32Array.from(coeffs), [1, coeffs.length]), false);
      return tf.stack(sets.flatMap((set) => setTotals(params, set)));
    });

  return {
    strategy: 'loop',
    chunkSize,
    evaluate: (coeffs) =>
      readTotals(coeffs.length, sets, () => {
        const points = coeffs.map(pointTotals);
        const all = tf.stack(points);
        tf.dispose(points);
        return all;
      }),
    dispose() {
      plane.dispose();
      disposePrepared(sets);
    },
  };
};
