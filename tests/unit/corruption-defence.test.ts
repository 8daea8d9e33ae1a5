import { beforeAll, describe, expect, it } from 'vitest';
import type { SweepResult } from '../../src/core/analysis/corruption/sweep';
import type { MethodId } from '../../src/core/train/cards';
import { CORRUPTION_DEFENCE_CHECK, CORRUPTION_DEFENCE_PRESET } from '../../src/core/presets/corruption';
import { Runner } from '../../src/core/train/runner';
import { Trainer } from '../../src/core/train/trainer';
import { config, leakedTensors, moons, useBackend } from './helpers';

interface Outcome {
  clean: number;
  /** Test accuracy under the K-step, one-step and (mean) random corruption, per ε. */
  multi: number[];
  oneStep: number[];
  random: number[];
}

/** Trains with the preset and `method`, then measures test accuracy under corruption at fixed absolute ε. */
async function trainAndCorrupt(method: MethodId): Promise<Outcome> {
  const cfg = config({
    ...CORRUPTION_DEFENCE_PRESET,
    training: { ...CORRUPTION_DEFENCE_PRESET.training, method },
  });
  const runner = await Runner.create(cfg, moons(cfg), 'wasm', () => {});
  await runner.play();
  const r = (await runner.runAnalysis('corruption-sweep', {
    grids: [
      {
        norm: CORRUPTION_DEFENCE_CHECK.norm,
        mode: 'absolute',
        values: [...CORRUPTION_DEFENCE_CHECK.epsilons],
      },
    ],
    randomTrials: 20,
    multiSteps: [CORRUPTION_DEFENCE_CHECK.steps],
    keepVectors: false,
  })) as SweepResult;
  await runner.cancel();
  const [c] = r.curves;
  return {
    clean: runner.history[runner.history.length - 1].testAcc,
    multi: c.multiStep[0].series.testAcc,
    oneStep: c.oneStep.testAcc,
    random: c.random.mean.testAcc,
  };
}

describe('corruption defences (ACR, APD) on moons', () => {
  beforeAll(() => useBackend('wasm'));

  it('ACR and APD reach ≥ 95% clean test accuracy and lose less accuracy under multi-step corruption than standard training', async () => {
    const outcomes = {} as Record<'standard' | 'acr' | 'apd', Outcome>;
    for (const method of ['standard', 'acr', 'apd'] as const)
      outcomes[method] = await trainAndCorrupt(method);
    const { epsilons, steps } = CORRUPTION_DEFENCE_CHECK;
    for (const [method, o] of Object.entries(outcomes)) {
      const cells = epsilons.map(
        (e, i) =>
          `ε=${e}: random ${o.random[i].toFixed(3)}, one-step ${o.oneStep[i].toFixed(3)}, ${steps}-step ${o.multi[i].toFixed(3)} (drop ${(o.clean - o.multi[i]).toFixed(3)})`,
      );
      console.log(`${method.padEnd(8)} clean ${o.clean.toFixed(3)} | ${cells.join(' | ')}`);
    }
    const drop = (o: Outcome, i: number) => o.clean - o.multi[i];
    for (const method of ['acr', 'apd'] as const) {
      expect(outcomes[method].clean, `${method} clean accuracy`).toBeGreaterThanOrEqual(0.95);
      epsilons.forEach((e, i) =>
        expect(drop(outcomes[method], i), `${method} accuracy drop at ε = ${e}`).toBeLessThan(
          drop(outcomes.standard, i),
        ),
      );
    }
  });

  it('an ACR or APD epoch leaks no tensors', async () => {
    for (const method of ['acr', 'apd'] as const) {
      const cfg = config({
        training: { epochs: 2, method },
        corruption: { budget: 'layer-relative', start: 'random', includeClean: true },
      });
      const trainer = new Trainer(cfg, moons(cfg));
      await trainer.trainEpoch(); // Adam creates its moment variables on the first step.
      expect(await leakedTensors(() => trainer.trainEpoch()), method).toBe(0);
      trainer.dispose();
    }
  });
});
