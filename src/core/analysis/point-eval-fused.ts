import * as tf from '../tf';
import { ACTIVATION_FNS, type ActivationName } from '../models/activations';
import {
  type PointEvaluatorFactory,
  disposeBlocks,
  disposePrepared,
  exampleBlocks,
  prepareSets,
  readTotals,
  sumPairs,
} from './point-eval';

/** Points per read: the loss of a whole chunk is computed in one pass over its stacked logits. */
const DEFAULT_FUSED_CHUNK = 64;

type FusedActivation = NonNullable<Parameters<typeof tf.fused.matMul>[0]['activation']>;
/** Activations tfjs fuses into a matMul on every backend (tanh is not among them: it runs as its own op). */
const FUSABLE: Partial<Record<ActivationName, FusedActivation>> = { relu: 'relu', elu: 'elu' };

/** activation(h·W + b) in one fused op where tfjs can fuse the activation, else two. */
function denseLayer(h: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor | null, activation: ActivationName | null) {
  const fused = activation ? FUSABLE[activation] : 'linear';
  const z = tf.fused.matMul({ a: h, b: w, bias: b ?? undefined, activation: fused ?? 'linear' });
  return activation && !fused ? (ACTIVATION_FNS[activation](z) as tf.Tensor2D) : z;
}

/**
 * The per-point loop specialised to a chain of dense layers (MLPs; docs/engine-notes.md#batching-over-weights), with the overhead
 * removed from each of the grid's points θ + Σ_k c_k·d_k:
 * - the first layer is linear in the weights, x·(W₀ + Σ c_k·D₀ₖ) + (b₀ + Σ c_k·δ₀ₖ) = [1, c]·S with
 *   S = [x·W₀ + b₀; x·D₀ₖ + δ₀ₖ], precomputed once per block of examples: one small matMul per point, its
 *   activation fused in, instead of a [N, d_in]·[d_in, h] product and a bias;
 * - every later layer's kernel and bias at the point are one [1, m+1]·[m+1, size] matMul each, and the
 *   layer is one fused matMul (bias and, for ReLU/ELU, the activation in the same op);
 * - the loss and accuracy of the chunk's points come from their stacked logits [K, N, C] in one pass.
 * The points' values equal the loop's up to float rounding (summation order). One read per chunk.
 */
export const createFusedEvaluator: PointEvaluatorFactory = (setup) => {
  const { model, base, directions, objective } = setup;
  const layers = model.dense;
  if (!layers) throw new Error(`${model.description} is not a chain of dense layers`);
  if (setup.attack) throw new Error('A robust landscape re-runs an attack per point: use the loop strategy');
  const chunkSize = setup.chunkSize > 0 ? setup.chunkSize : DEFAULT_FUSED_CHUNK;
  const m = directions.length;
  /** [m+1, size]: θ_i and the directions' entries of parameter i, flattened. */
  const plane = (i: number) =>
    tf.tidy(() => tf.stack([base[i], ...directions.map((d) => d[i])]).reshape([m + 1, -1]) as tf.Tensor2D);
  const [first, ...rest] = layers;
  const later = rest.map((layer) => ({
    ...layer,
    kernelPlane: plane(layer.kernel),
    biasPlane: plane(layer.bias),
    shape: base[layer.kernel].shape as [number, number],
  }));
  // Directions usually leave biases alone (includeBiases off): then each bias is the constant b_l. One
  // read, once, before the first point.
  const biasesMove = tf.tidy(() =>
    directions.length && later.length
      ? tf.max(tf.stack(directions.flatMap((d) => later.map((l) => tf.max(tf.abs(d[l.bias])))))).greater(0)
      : tf.scalar(false, 'bool'),
  );
  const moving = biasesMove.data().then((v) => {
    biasesMove.dispose();
    return v[0] !== 0;
  });
  const sets = prepareSets(setup);
  const blocks = exampleBlocks(sets, setup.examplesPerForward);
  const width = base[first.kernel].shape[1]!;
  // S per block: [m+1, n·width], row 0 = x·W₀ + b₀, row k = x·D₀ₖ + δ₀ₖ.
  const firstLayer = blocks.map((setBlocks) =>
    setBlocks.map(({ x }) =>
      tf.tidy(() => {
        const flat = x.reshape([x.shape[0], -1]) as tf.Tensor2D;
        const terms = [base, ...directions].map((p) =>
          tf.fused.matMul({ a: flat, b: p[first.kernel] as tf.Tensor2D, bias: p[first.bias] }),
        );
        return tf.stack(terms).reshape([m + 1, -1]) as tf.Tensor2D;
      }),
    ),
  );

  /** The logits [n, C] of one block at the point whose [1, c] row is `c1` and later-layer weights `weights`. */
  const logitsAt = (c1: tf.Tensor2D, s: tf.Tensor2D, weights: [tf.Tensor2D, tf.Tensor][]) =>
    tf.tidy(() => {
      const n = s.shape[1] / width;
      let h = denseLayer(c1, s, null, first.activation).reshape([n, width]) as tf.Tensor2D;
      later.forEach((layer, l) => {
        h = denseLayer(h, weights[l][0], weights[l][1], layer.activation) as tf.Tensor2D;
      });
      return h;
    });

  /** [K, 2·sets] sums of the chunk's points. */
  const chunkTotals = (coeffs: readonly (readonly number[])[], biasesMoving: boolean) =>
    tf.tidy(() => {
      const points = coeffs.map((c) => {
        const row = Float32Array.from([1, ...c]);
        const c1 = tf.tensor2d(row, [1, m + 1]);
        const column = biasesMoving ? tf.tensor2d(row, [m + 1, 1]) : null;
        const weights = later.map(
          (layer) =>
            [
              tf.matMul(c1, layer.kernelPlane).reshape(layer.shape) as tf.Tensor2D,
              // Not a reshaped matMul: wasm's fused matMul reads a bias' rank from the op that made it.
              column ? tf.sum(tf.mul(column, layer.biasPlane), 0) : base[layer.bias],
            ] as [tf.Tensor2D, tf.Tensor],
        );
        return { c1, weights };
      });
      const columns = blocks.flatMap((setBlocks, s) =>
        sumPairs(
          setBlocks.map(({ y, prepared }, b) => {
            const logits = tf.stack(points.map((p) => logitsAt(p.c1, firstLayer[s][b], p.weights)));
            return objective.totals(logits, y, prepared);
          }),
        ),
      );
      return tf.stack(columns, 1);
    });

  return {
    strategy: 'fused',
    chunkSize,
    evaluate: async (coeffs) => {
      const biasesMoving = await moving;
      return readTotals(coeffs.length, sets, () => chunkTotals(coeffs, biasesMoving));
    },
    dispose() {
      tf.dispose(later.flatMap((l) => [l.kernelPlane, l.biasPlane]));
      tf.dispose(firstLayer.flat());
      disposeBlocks(blocks, sets);
      disposePrepared(sets);
    },
  };
};
