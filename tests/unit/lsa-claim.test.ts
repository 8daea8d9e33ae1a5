import { beforeAll, describe, expect, it } from 'vitest';
import type { LsaResult } from '../../src/core/analysis/lsa';
import { parseConfig } from '../../src/core/config';
import { findRecord } from '../../src/core/train/runner';
import { lsaPreset } from '../../src/core/presets/lsa';
import { atlrName } from '../../src/core/train/at-lr-naming';
import { trainPlan, useBackend } from './helpers';

/**
 * Trains a preset and measures the final weights: LSA under PGD with the preset's LSA settings, and robust
 * accuracy. The per-epoch analyses are switched off to save time; they only read the weights (own random
 * streams, parameters untouched, as lsa.test.ts checks), so the trained weights are the preset's.
 */
async function trainPreset(id: string) {
  const preset = lsaPreset(id).config;
  const r = parseConfig({
    ...preset,
    lsa: { ...preset.lsa, every: 0 },
    robustEval: { ...preset.robustEval, enabled: false },
  });
  if (!r.ok) throw new Error(r.errors.join('; '));
  const cfg = r.config;
  if (cfg.data.kind !== 'moons') throw new Error(`${id}: not a moons preset`);
  // The analyses' settings schemas drop the config-only fields (every, enabled).
  const analyses = [
    { analysis: 'lsa', settings: { ...cfg.lsa, perturbations: ['pgd'] } },
    { analysis: 'robust', settings: cfg.robustEval },
  ];
  const [run] = await trainPlan({ title: id, runs: [{ label: id, config: cfg }], analyses });
  const [lsa, robust] = analyses.map((a) => findRecord(run, a.analysis, a.settings)?.result);
  return {
    cfg,
    pgd: (lsa as LsaResult).perturbations[0],
    testAcc: run.history[run.history.length - 1].testAcc,
    robustTestAcc: (robust as { metrics: { robustTestAcc: number } }).metrics.robustTestAcc,
  };
}

describe('AT-LR on moons (docs/methods/lsa.md#lsa-and-at-lr, the LSA claim)', () => {
  beforeAll(() => useBackend('wasm'));

  it("AT-PGD-LR-L2 lowers layer 2's relative error under PGD compared with AT-PGD of the same seed", async () => {
    const at = await trainPreset('lsa-a-at');
    const lr = await trainPreset('lsa-a-atlr');
    const layers = lr.cfg.atlr.layers as number[];
    expect(at.cfg.seed).toBe(lr.cfg.seed);
    const fmt = (v: number[]) => v.map((x) => x.toFixed(4)).join(', ');
    const row = (name: string, run: typeof at) =>
      `${name.padEnd(14)} CM per layer [${fmt(run.pgd.relativeError)}]  test acc ${run.testAcc.toFixed(3)}, ` +
      `robust test acc ${run.robustTestAcc.toFixed(3)}`;
    console.log(
      `Moons, LSA Model A, seed ${at.cfg.seed}, ${at.cfg.training.epochs} epochs, PGD ε = ${at.cfg.attack.epsilon} ` +
        `(relative error over the batch of ${at.cfg.lsa.size} test points, PGD-${at.cfg.robustEval.steps}):\n` +
        `${row('AT-PGD', at)}\n${row(atlrName(lr.cfg.atlr), lr)}`,
    );
    for (const l of layers) expect(lr.pgd.relativeError[l]).toBeLessThan(at.pgd.relativeError[l]);
  }, 300_000); // two 30-epoch adversarial trainings: ~20 s of CPU each on wasm, longer on a shared machine
});
