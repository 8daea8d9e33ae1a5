import { describe, expect, it } from 'vitest';
import * as tf from '../../src/core/tf';
import { mnistDataset } from '../../src/core/data/mnist';
import { Runner } from '../../src/core/train/runner';
import { Trainer } from '../../src/core/train/trainer';
import { readMnistAsset } from '../../src/node/mnist-file';
import { config, leakedTensors, moons, useBackend } from './helpers';

describe('no tensor leaks', () => {
  it('a whole run: Runner.create → play → cancel (moons MLP, cpu and wasm)', async () => {
    for (const backend of ['cpu', 'wasm'] as const) {
      await useBackend(backend);
      const cfg = config({ data: { kind: 'moons', n: 300 }, training: { epochs: 3 } });
      const before = tf.memory().numTensors;
      const runner = await Runner.create(cfg, moons(cfg), backend, () => {});
      await runner.play();
      expect(runner.state).toBe('done');
      await runner.cancel();
      expect(tf.memory().numTensors - before).toBe(0);
    }
  });

  it('a run paused mid-epoch, stepped and cancelled', async () => {
    await useBackend('wasm');
    const cfg = config({ data: { kind: 'moons', n: 2000 }, training: { epochs: 5, batchSize: 8 } });
    const before = tf.memory().numTensors;
    let pauseSent = false;
    const runner = await Runner.create(cfg, moons(cfg), 'wasm', (e) => {
      if (e.type === 'progress' && e.epoch === 1 && runner.state === 'running' && !pauseSent) {
        pauseSent = true;
        runner.pause();
      }
    });
    await runner.play(); // resolves at the pause inside the first epoch
    expect([runner.state, runner.trainer.epoch]).toEqual(['paused', 0]);
    await runner.stepEpoch();
    expect([runner.state, runner.trainer.epoch]).toEqual(['paused', 1]);
    await runner.cancel();
    expect(tf.memory().numTensors - before).toBe(0);
  });

  it('an epoch and an evaluation of the CNN with the custom conv gradient (wasm)', async () => {
    await useBackend('wasm');
    const cfg = config({
      data: { kind: 'mnist', trainSize: 128, testSize: 100 },
      model: { kind: 'cnn', preset: 'small' },
      training: { epochs: 2, batchSize: 32 },
    });
    if (cfg.data.kind !== 'mnist') throw new Error('mnist config expected');
    const trainer = new Trainer(cfg, mnistDataset(await readMnistAsset(), cfg.data));
    await trainer.trainEpoch(); // Adam creates its moment variables on the first step.
    const leaked = await leakedTensors(async () => {
      await trainer.trainEpoch();
      await trainer.evaluate(trainer.xTest, trainer.yTest);
      await trainer.snapshot();
    });
    expect(leaked).toBe(0);
    trainer.dispose();
  });
});
