import { describe, expect, it } from 'vitest';
import * as tf from '../../src/core/tf';
import { randomDirections } from '../../src/core/analysis/directions';
import type { PointValues } from '../../src/core/analysis/point-eval';
import { createPointEvaluator } from '../../src/core/analysis/point-evaluators';
import type { ActivationName } from '../../src/core/models/activations';
import { createMlp } from '../../src/core/models/mlp';
import { initialValues, toTensors } from '../../src/core/params';
import { Rng } from '../../src/core/rng';
import { config, leakedTensors, moons, type NodeBackend, useBackend } from './helpers';
import { maxAbsDiff } from './landscape-helpers';

/** A grid of points around θ that is not symmetric, so a swapped α/β or a sign slip shows. */
const COEFFS = Array.from({ length: 23 }, (_, i) => [-1.2 + 0.11 * i, 0.9 - 0.07 * i]);

interface Case {
  hidden: number[];
  activation: ActivationName;
  classes: number;
  includeBiases: boolean;
}

const CASES: Case[] = [
  { hidden: [24, 24, 24], activation: 'elu', classes: 2, includeBiases: false }, // activation fused
  { hidden: [24, 24, 24], activation: 'elu', classes: 2, includeBiases: true }, // biases move too
  { hidden: [16, 16], activation: 'tanh', classes: 2, includeBiases: true }, // not fusable: its own op
  { hidden: [12], activation: 'relu', classes: 3, includeBiases: true },
  { hidden: [], activation: 'relu', classes: 3, includeBiases: true }, // one layer: the logits are [1, c]·S
];

/**
 * Evaluates COEFFS with `strategy` on train and test sets of `case_` (weights perturbed off the glorot
 * initialisation, so no unit is dead), in chunks of 7 points and blocks of 300 examples.
 */
async function evaluate(c: Case, backend: NodeBackend, strategy: 'loop' | 'fused'): Promise<PointValues> {
  await useBackend(backend);
  const cfg = config({ seed: 3, data: { kind: 'moons', n: 1000 } });
  const data = moons(cfg);
  const model = createMlp(2, c.hidden, c.classes, c.activation);
  const rng = Rng.stream(4, 'fused-test');
  const theta = initialValues(model, 9).map((v) => v.map((w) => w + 0.3 * rng.normal()));
  const shapes = model.params.map((p) => p.shape);
  const dirs = randomDirections(theta, shapes, {
    seed: 5,
    count: 2,
    normalization: 'filter',
    includeBiases: c.includeBiases,
    orthogonalize: false,
  });
  // Labels 0…classes−1 (moons gives 0/1; a third class relabels every fifth point).
  const relabel = (y: Int32Array) => y.map((v, i) => (c.classes > 2 && i % 5 === 0 ? 2 : v));
  const base = toTensors(model.params, theta);
  const directions = dirs.map((d) => toTensors(model.params, d));
  const sets = [
    { x: tf.tensor2d(data.xTrain, [data.yTrain.length, 2]), y: tf.tensor1d(relabel(data.yTrain), 'int32') },
    { x: tf.tensor2d(data.xTest, [data.yTest.length, 2]), y: tf.tensor1d(relabel(data.yTest), 'int32') },
  ];
  const ev = createPointEvaluator(
    { model, base, directions, sets, chunkSize: 7, examplesPerForward: 300 },
    strategy,
  );
  expect(ev.strategy).toBe(strategy);
  const out: PointValues = { loss: [[], []].map(() => new Float32Array(COEFFS.length)), acc: [] };
  out.acc = out.loss.map(() => new Float32Array(COEFFS.length));
  for (let start = 0; start < COEFFS.length; start += ev.chunkSize) {
    const part = await ev.evaluate(COEFFS.slice(start, start + ev.chunkSize));
    for (let s = 0; s < 2; s++) {
      out.loss[s].set(part.loss[s], start);
      out.acc[s].set(part.acc[s], start);
    }
  }
  ev.dispose();
  tf.dispose([...base, ...directions.flat(), ...sets.flatMap((s) => [s.x, s.y])]);
  return out;
}

describe('the fused MLP evaluator equals the per-point loop', () => {
  for (const backend of ['cpu', 'wasm'] as const)
    for (const c of CASES) {
      const name = `2-${[...c.hidden, c.classes].join('-')} ${c.activation}${c.includeBiases ? ', bias directions' : ''}`;
      it(`${name} on ${backend}`, async () => {
        const loop = await evaluate(c, backend, 'loop');
        let fused: PointValues | undefined;
        const leaked = await leakedTensors(async () => (fused = await evaluate(c, backend, 'fused')));
        expect(leaked).toBe(0);
        for (let s = 0; s < 2; s++) {
          const dl = maxAbsDiff(loop.loss[s], fused!.loss[s]);
          const da = maxAbsDiff(loop.acc[s], fused!.acc[s]);
          console.log(`${name}, ${backend}, set ${s}: max |Δloss| ${dl.toExponential(1)}, max |Δacc| ${da}`);
          expect(Math.min(...loop.loss[s])).toBeGreaterThan(0.01); // non-trivial values
          expect(dl).toBeLessThan(1e-5);
          // Accuracy counts can differ only where rounding flips a near-tied argmax: at most 1 example.
          expect(da).toBeLessThanOrEqual(1 / 300 + 1e-7);
        }
      });
    }

  it('gives the same values on cpu and wasm', async () => {
    const c = CASES[1];
    const cpu = await evaluate(c, 'cpu', 'fused');
    const wasm = await evaluate(c, 'wasm', 'fused');
    const d = maxAbsDiff(cpu.loss[0], wasm.loss[0]);
    console.log(`fused, cpu vs wasm: max |Δloss| ${d.toExponential(1)}`);
    expect(d).toBeLessThan(1e-5);
  });
});
