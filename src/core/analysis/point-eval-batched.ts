import * as tf from '../tf';
import { type PointEvaluatorFactory, unpackTotals } from './point-eval';

/** Weight sets per batched pass: fixed, so WebGPU's buffer pool sees one shape (TECH-NOTES §1.3). */
const DEFAULT_BATCH_CHUNK = 64;
/** Upper bound on K·examples·width floats of one activation (WebGPU binding limit 128 MiB, TECH-NOTES §1.3). */
const MAX_ACTIVATION_FLOATS = 8_000_000;

/**
 * Batched over weights (TECH-NOTES §3.1 "batched"): a chunk of K points becomes K stacked parameter sets
 * in one op per tensor, θ_i + C[K, m] @ D_i[m, size_i], evaluated by the model's `applyStacked` as batched
 * matMuls → logits [K, N, classes]; the loss is reduced per weight set. The last chunk is padded with
 * zero coefficients to K, so every pass has the same shapes. One read per `evaluate` call.
 */
export const createBatchedEvaluator: PointEvaluatorFactory = (setup) => {
  const { model, base, directions, sets, objective } = setup;
  const applyStacked = model.applyStacked?.bind(model);
  if (!applyStacked) throw new Error(`${model.description} cannot evaluate stacked weight sets`);
  if (setup.attack) throw new Error('A robust landscape re-runs an attack per point: use the loop strategy');
  const K = setup.chunkSize > 0 ? setup.chunkSize : DEFAULT_BATCH_CHUNK;
  const m = directions.length;
  const widest = Math.max(...model.params.map((p) => p.shape[p.shape.length - 1]), model.numClasses);
  const examples = Math.max(1, Math.min(setup.examplesPerForward, Math.floor(MAX_ACTIVATION_FLOATS / (K * widest))));

  // Kept for the evaluator's life: flattened θ_i [1, size] and stacked directions D_i [m, size].
  const baseFlat = base.map((t) => t.reshape([1, -1]));
  const dirFlat = base.map((_, i) => tf.tidy(() => tf.stack(directions.map((d) => d[i].reshape([-1])))));
  // Per set and example chunk: the inputs and the labels tiled K times (weight set k's examples are k·N…).
  const chunks = sets.map((set) => {
    const n = set.y.shape[0];
    const out: { x: tf.Tensor; yTiled: tf.Tensor1D; size: number }[] = [];
    for (let start = 0; start < n; start += examples) {
      const size = Math.min(examples, n - start);
      out.push(
        tf.tidy(() => ({
          x: set.x.slice(start, size),
          yTiled: tf.tile(set.y.slice(start, size), [K]) as tf.Tensor1D,
          size,
        })),
      );
    }
    return out;
  });

  /** [K, 2·sets] sums for one chunk of K coefficient rows. */
  const chunkTotals = (rows: readonly (readonly number[])[]) =>
    tf.tidy(() => {
      const c = new Float32Array(K * m);
      rows.forEach((row, k) => c.set(row, k * m));
      const C = tf.tensor2d(c, [K, m]);
      const stacked = base.map((t, i) =>
        tf.add(tf.matMul(C, dirFlat[i] as tf.Tensor2D), baseFlat[i]).reshape([K, ...t.shape]),
      );
      const columns = chunks.flatMap((setChunks) => {
        let loss: tf.Tensor = tf.zeros([K]);
        let correct: tf.Tensor = tf.zeros([K]);
        for (const { x, yTiled, size } of setChunks) {
          const logits = applyStacked(stacked, x);
          const flat = logits.reshape([K * size, -1]) as tf.Tensor2D;
          loss = tf.add(loss, objective.perExampleLoss(flat, yTiled).reshape([K, size]).sum(1));
          correct = tf.add(correct, objective.perExampleCorrect(flat, yTiled).reshape([K, size]).sum(1));
        }
        return [loss, correct];
      });
      return tf.stack(columns, 1);
    });

  return {
    strategy: 'batched',
    chunkSize: K,
    async evaluate(coeffs) {
      const parts: tf.Tensor[] = [];
      for (let start = 0; start < coeffs.length; start += K) parts.push(chunkTotals(coeffs.slice(start, start + K)));
      const all = tf.concat(parts);
      tf.dispose(parts);
      const data = (await all.data()) as Float32Array;
      all.dispose();
      return unpackTotals(data, coeffs.length, sets);
    },
    dispose() {
      tf.dispose([...baseFlat, ...dirFlat, ...chunks.flat().flatMap((c) => [c.x, c.yTiled])]);
    },
  };
};
