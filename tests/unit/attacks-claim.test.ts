import { beforeAll, describe, expect, it } from 'vitest';
import { config, trainPlan, useBackend } from './helpers';

/**
 * The claim of Madry et al.: PGD adversarial training buys robustness. Same data, model (the default
 * MLP 2-16-16-2), initial weights and seed; the default 30 epochs; both evaluated with PGD-20 at ε = 0.2
 * (docs/methods/attacks.md#defaults) on the whole test set.
 */
describe('claim: PGD-AT is more robust than standard training on moons', () => {
  beforeAll(() => useBackend('wasm'));

  it('ends with a higher PGD robust test accuracy (ε = 0.2)', async () => {
    const runs = await trainPlan({
      title: 'standard vs PGD-AT',
      runs: (['standard', 'pgd-at'] as const).map((method) => ({
        label: method,
        config: config({
          training: { method },
          attack: { epsilon: 0.2, steps: 10 },
          robustEval: {
            enabled: true,
            epsilon: 0.2,
            steps: 20,
            testSize: 10000,
            trainSize: 10000,
            every: 1000,
          },
        }),
      })),
      analyses: [],
    });
    const final = Object.fromEntries(
      runs.map((run) => {
        const last = run.history[run.history.length - 1];
        return [
          run.label,
          { clean: last.testAcc, robust: last.extra.robustTestAcc, robustTrain: last.extra.robustTrainAcc },
        ];
      }),
    );
    for (const [method, r] of Object.entries(final))
      console.log(
        `moons MLP 2-16-16-2, seed 1, 30 epochs, ${method}: clean test ${r.clean.toFixed(4)}, PGD-20 (ε = 0.2) robust test ${r.robust.toFixed(4)}, robust train ${r.robustTrain.toFixed(4)}`,
      );
    expect(final['pgd-at'].robust).toBeGreaterThan(final.standard.robust);
  });
});
