import { describe, expect, it } from 'vitest';
import type { ExperimentConfig } from '../../src/core/config';
import type { Dataset } from '../../src/core/data/dataset';
import { mnistDataset } from '../../src/core/data/mnist';
import type { ParamValues } from '../../src/core/params';
import { Runner } from '../../src/core/train/runner';
import { readMnistAsset } from '../../src/node/mnist-file';
import { type NodeBackend, config, moons, useBackend } from './helpers';

/** Trains a fresh run to completion on `backend` and returns its final parameters. */
async function train(cfg: ExperimentConfig, data: Dataset, backend: NodeBackend): Promise<ParamValues> {
  await useBackend(backend);
  const runner = await Runner.create(cfg, data, backend, () => {});
  await runner.play();
  expect(runner.state).toBe('done');
  const values = await runner.trainer.snapshot();
  await runner.cancel();
  return values;
}

/** The raw bits, so "identical" means bit for bit (not merely == as numbers). */
const bits = (values: ParamValues) => values.map((t) => new Uint32Array(t.buffer, t.byteOffset, t.length));

const maxAbsDiff = (a: ParamValues, b: ParamValues) =>
  Math.max(...a.map((t, i) => t.reduce((m, v, j) => Math.max(m, Math.abs(v - b[i][j])), 0)));

const mlpAdam = config({ data: { kind: 'moons', n: 600 }, training: { epochs: 4 } });
const mlpSgd = config({
  seed: 7,
  data: { kind: 'moons', n: 600, noise: 0.2 },
  model: { kind: 'mlp', hidden: [12, 12], activation: 'relu' },
  optimizer: { kind: 'sgd', lr: 0.1, momentum: 0.9, weightDecay: 1e-3 },
  training: { epochs: 4, batchSize: 16 },
});

describe('determinism: same config, same backend ⇒ bit-identical parameters', () => {
  for (const backend of ['cpu', 'wasm'] as const)
    for (const [name, cfg] of [
      ['MLP + Adam', mlpAdam],
      ['ReLU MLP + SGD momentum + weight decay', mlpSgd],
    ] as const)
      it(`${name} on ${backend}`, async () => {
        const first = await train(cfg, moons(cfg), backend);
        const second = await train(cfg, moons(cfg), backend);
        expect(bits(second)).toEqual(bits(first));
      });

  it('the CNN with the custom conv gradient on wasm', async () => {
    const cfg = config({
      data: { kind: 'mnist', trainSize: 256, testSize: 100 },
      model: { kind: 'cnn', preset: 'small' },
      training: { epochs: 1, batchSize: 64 },
    });
    if (cfg.data.kind !== 'mnist') throw new Error('mnist config expected');
    const data = mnistDataset(await readMnistAsset(), cfg.data);
    expect(bits(await train(cfg, data, 'wasm'))).toEqual(bits(await train(cfg, data, 'wasm')));
  });

  it('another seed gives other parameters', async () => {
    const other = { ...mlpAdam, seed: mlpAdam.seed + 1 };
    const a = await train(mlpAdam, moons(mlpAdam), 'wasm');
    const b = await train(other, moons(other), 'wasm');
    expect(maxAbsDiff(a, b)).toBeGreaterThan(1e-2);
  });
});

describe('cpu and wasm agree', () => {
  for (const [name, cfg] of [
    ['MLP + Adam', mlpAdam],
    ['ReLU MLP + SGD momentum', mlpSgd],
  ] as const)
    it(`to 1e-5 after a short run (${name}, 4 epochs of moons)`, async () => {
      const cpu = await train(cfg, moons(cfg), 'cpu');
      const wasm = await train(cfg, moons(cfg), 'wasm');
      const diff = maxAbsDiff(cpu, wasm);
      console.log(`${name}: max |θ_cpu − θ_wasm| = ${diff.toExponential(2)}`);
      expect(diff).toBeLessThan(1e-5);
    });
});
