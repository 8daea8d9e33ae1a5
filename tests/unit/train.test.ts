import { beforeAll, describe, expect, it } from 'vitest';
import { Trainer } from '../../src/core/train/trainer';
import { Runner } from '../../src/core/train/runner';
import type { EngineEvent } from '../../src/core/events';
import { config, leakedTensors, moons, useBackend } from './helpers';

describe('training on moons', () => {
  beforeAll(() => useBackend('wasm'));

  it('the default MLP reaches ≥ 97% test accuracy', async () => {
    const cfg = config({ training: { epochs: 40 } });
    const events: EngineEvent[] = [];
    const runner = await Runner.create(cfg, moons(cfg), 'wasm', (e) => events.push(e));
    await runner.play();
    const last = runner.history[runner.history.length - 1];
    console.log(`moons default MLP: test acc ${last.testAcc}, train acc ${last.trainAcc}`);
    expect(runner.state).toBe('done');
    expect(last.testAcc).toBeGreaterThanOrEqual(0.97);
    expect(events.filter((e) => e.type === 'epoch')).toHaveLength(40);
    await runner.cancel();
  });

  it('an epoch leaks no tensors', async () => {
    const cfg = config({ training: { epochs: 2 } });
    const trainer = new Trainer(cfg, moons(cfg));
    await trainer.trainEpoch(); // Adam creates its moment variables on the first step.
    const leaked = await leakedTensors(async () => {
      await trainer.trainEpoch();
      await trainer.evaluate(trainer.xTest, trainer.yTest);
    });
    expect(leaked).toBe(0);
    trainer.dispose();
  });
});
