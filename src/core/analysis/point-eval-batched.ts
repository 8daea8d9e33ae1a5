import * as tf from '../tf';
import {
  ParameterPlane,
  type PointEvaluatorFactory,
  disposeBlocks,
  disposePrepared,
  exampleBlocks,
  prepareSets,
  readTotals,
  sumPairs,
} from './point-eval';

/** Weight sets per batched pass: fixed, so WebGPU's buffer pool sees one shape (docs/engine-notes.md#webgpu-pitfalls). */
const DEFAULT_BATCH_CHUNK = 64;
/** Upper bound on K·examples·width floats of one activation (WebGPU binding limit 128 MiB, docs/engine-notes.md#webgpu-pitfalls). */
const MAX_ACTIVATION_FLOATS = 8_000_000;

/**
 * Batched over weights (docs/engine-notes.md#batching-over-weights "batched"): a chunk of K points becomes K stacked parameter sets
 * in one op, θ + C[K, m] @ D (ParameterPlane), evaluated by the model's `applyStacked` as batched matMuls →
 * logits [K, N, classes], reduced per weight set. The last chunk is padded with zero coefficients to K, so
 * every pass has the same shapes. One read per `evaluate` call.
 */
export const createBatchedEvaluator: PointEvaluatorFactory = (setup) => {
  const { model, directions, objective } = setup;
  const applyStacked = model.applyStacked?.bind(model);
  if (!applyStacked) throw new Error(`${model.description} cannot evaluate stacked weight sets`);
  if (setup.attack) throw new Error('A robust landscape re-runs an attack per point: use the loop strategy');
  const K = setup.chunkSize > 0 ? setup.chunkSize : DEFAULT_BATCH_CHUNK;
  const m = directions.length;
  const widest = Math.max(...model.params.map((p) => p.shape[p.shape.length - 1]), model.numClasses);
  const examples = Math.max(
    1,
    Math.min(setup.examplesPerForward, Math.floor(MAX_ACTIVATION_FLOATS / (K * widest))),
  );
  const plane = new ParameterPlane(setup.base, directions);
  const sets = prepareSets(setup);
  const blocks = exampleBlocks(sets, examples);

  /** [K, 2·sets] sums for one chunk of at most K coefficient rows. */
  const chunkTotals = (rows: readonly (readonly number[])[]) =>
    tf.tidy(() => {
      const c = new Float32Array(K * m);
      rows.forEach((row, k) => c.set(row, k * m));
      const stacked = plane.at(tf.tensor2d(c, [K, m]), true);
      const columns = blocks.flatMap((setBlocks) =>
        sumPairs(
          setBlocks.map(({ x, y, prepared }) => objective.totals(applyStacked(stacked, x), y, prepared)),
        ),
      );
      return tf.stack(columns, 1);
    });

  return {
    strategy: 'batched',
    chunkSize: K,
    evaluate: (coeffs) =>
      readTotals(coeffs.length, sets, () => {
        const parts: tf.Tensor[] = [];
        for (let start = 0; start < coeffs.length; start += K)
          parts.push(chunkTotals(coeffs.slice(start, start + K)));
        const all = parts.length === 1 ? parts[0] : tf.concat(parts);
        if (parts.length > 1) tf.dispose(parts);
        return all;
      }),
    dispose() {
      plane.dispose();
      disposeBlocks(blocks, sets);
      disposePrepared(sets);
    },
  };
};
