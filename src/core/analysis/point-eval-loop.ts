import * as tf from '../tf';
import { axpy } from '../params';
import { type PointEvaluatorFactory, setTotals, unpackTotals } from './point-eval';

/** Points per read on cpu/wasm: large enough that the one read per chunk costs nothing, small enough to yield often. */
const DEFAULT_LOOP_CHUNK = 32;

/**
 * The per-point loop (TECH-NOTES §3.1 "naiveDeferred"): for each point, θ + Σ c_k·d_k as a new parameter
 * list and one forward pass per evaluation set, each point in its own tidy (memory stays at one point's
 * activations) keeping only its [loss sum, correct] pair; the chunk's pairs are stacked and read ONCE.
 * With an attack, x_adv is regenerated against each perturbed model (METHODS.md §5.5).
 */
export const createLoopEvaluator: PointEvaluatorFactory = (setup) => {
  const { model, base, directions, sets, attack } = setup;
  const chunkSize = setup.chunkSize > 0 ? setup.chunkSize : DEFAULT_LOOP_CHUNK;

  const pointTotals = (coeffs: readonly number[]) =>
    tf.tidy(() => {
      const terms = coeffs.flatMap((c, k): [number, readonly tf.Tensor[]][] => (c === 0 ? [] : [[c, directions[k]]]));
      const params = axpy(base, ...terms);
      const logitsOf = (x: tf.Tensor) => model.apply(params, x).logits;
      return tf.stack(sets.flatMap((set) => setTotals(setup, logitsOf, set, attack)));
    });

  return {
    strategy: 'loop',
    chunkSize,
    async evaluate(coeffs) {
      const rows = coeffs.map(pointTotals);
      const all = tf.stack(rows);
      tf.dispose(rows);
      const data = (await all.data()) as Float32Array;
      all.dispose();
      return unpackTotals(data, coeffs.length, sets);
    },
    dispose() {},
  };
};
