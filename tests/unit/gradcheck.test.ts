import { describe, expect, it } from 'vitest';
import * as tf from '../../src/core/tf';
import { type CnnLayer, createCnn } from '../../src/core/models/cnn';
import { createMlp } from '../../src/core/models/mlp';
import type { Model } from '../../src/core/models/model';
import { initialValues, toTensors } from '../../src/core/params';
import { Rng } from '../../src/core/rng';
import { crossEntropy } from '../../src/core/objectives/loss';
import { type NodeBackend, useBackend } from './helpers';

/**
 * Compares tfjs' gradient of the mean cross-entropy with central finite differences
 * (L(θ + h·e_i) − L(θ − h·e_i)) / 2h for every parameter entry, in float32 arithmetic. Returns the worst
 * |g − fd| / max(|g|, |fd|, floor) over all entries.
 */
async function worstRelativeError(model: Model, backend: NodeBackend, seed: number, batch = 6, h = 1e-2) {
  await useBackend(backend);
  const rng = Rng.stream(seed, 'gradcheck');
  const inputSize = model.inputShape.reduce((a, b) => a * b, 1);
  const xValues = rng.normals(batch * inputSize);
  const labels = Int32Array.from({ length: batch }, () => rng.int(model.numClasses));
  const theta = initialValues(model, seed).map((v) => v.map((w) => w + 0.05 * rng.normal()));
  const x = tf.tensor(xValues, [batch, ...model.inputShape]);
  const y = tf.tensor1d(labels, 'int32');
  const loss = (params: readonly tf.Tensor[]) => crossEntropy(model.apply(params, x).logits, y);

  const params = toTensors(model.params, theta);
  const grads = tf.grads((...p: tf.Tensor[]) => loss(p))(params);
  const analytic = await Promise.all(grads.map((g) => g.data() as Promise<Float32Array>));
  tf.dispose([...grads, ...params]);

  // All ±h evaluations stacked and read back once.
  const evaluations = tf.tidy(() => {
    const values: tf.Scalar[] = [];
    theta.forEach((t, k) =>
      t.forEach((_, i) =>
        [h, -h].forEach((step) => {
          const shifted = theta.map((v) => v);
          shifted[k] = Float32Array.from(t);
          shifted[k][i] += step;
          values.push(loss(toTensors(model.params, shifted)));
        }),
      ),
    );
    return tf.stack(values);
  });
  const losses = (await evaluations.data()) as Float32Array;
  tf.dispose([evaluations, x, y]);

  let worst = 0;
  let n = 0;
  analytic.forEach((g) =>
    g.forEach((gi) => {
      const fd = (losses[2 * n] - losses[2 * n + 1]) / (2 * h);
      worst = Math.max(worst, Math.abs(gi - fd) / Math.max(Math.abs(gi), Math.abs(fd), 1e-2));
      n++;
    }),
  );
  return { worst, entries: n };
}

describe('gradients of the loss match central finite differences', () => {
  for (const activation of ['tanh', 'elu', 'relu'] as const)
    it(`tiny MLP 3-4-3-3 (${activation}) on cpu`, async () => {
      const { worst, entries } = await worstRelativeError(createMlp(3, [4, 3], 3, activation), 'cpu', 11);
      console.log(`MLP ${activation}: ${entries} entries, worst relative error ${worst.toExponential(2)}`);
      expect(worst).toBeLessThan(1e-2);
    });

  const tinyCnn: CnnLayer[] = [{ type: 'conv', filters: 2, kernel: 3 }, { type: 'pool' }];
  for (const backend of ['cpu', 'wasm'] as const)
    it(`tiny CNN conv2 3×3 → pool → dense on 8×8 images, ${backend} (${backend === 'wasm' ? 'custom' : 'built-in'} conv gradient)`, async () => {
      const { worst, entries } = await worstRelativeError(
        createCnn([8, 8, 1], tinyCnn, 3, 'tiny'),
        backend,
        5,
        4,
      );
      console.log(`CNN ${backend}: ${entries} entries, worst relative error ${worst.toExponential(2)}`);
      expect(worst).toBeLessThan(1e-2);
    });
});
