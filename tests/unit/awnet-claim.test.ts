import { beforeAll, describe, expect, it } from 'vitest';
import type { RouterResult } from '../../src/core/analysis/awnet-router';
import { type ConfigPatch, applyPatch, mergePatch } from '../../src/core/config-patch';
import { AWNET_MOONS_TANH } from '../../src/core/presets/settings';
import { Runner } from '../../src/core/train/runner';
import { moons, useBackend } from './helpers';

const SEEDS = [1, 2, 3];

/** One-sided sign test: P(at least `wins` of `wins + losses` fair coin flips), ties left out. */
function signTestP(wins: number, losses: number): number {
  const n = wins + losses;
  let choose = 1;
  let tail = 0;
  for (let k = 0; k <= n; k++) {
    if (k >= wins) tail += choose;
    choose = (choose * (n - k)) / (k + 1);
  }
  return tail / 2 ** n;
}

/** The `awnet-router` analysis recorded after the last epoch of the preset's run with `seed`. */
async function routerAfterTraining(seed: number, patch: ConfigPatch = {}): Promise<RouterResult> {
  // The router analysis runs after the last epoch with its own random streams: the robust evaluations of
  // the epochs before it are skipped, at no change to its numbers.
  const base = { training: { snapshots: false }, robustEval: { every: 1000 } };
  const config = applyPatch(AWNET_MOONS_TANH, mergePatch(base, patch), { seed });
  const runner = await Runner.create(config, moons(config), 'wasm', () => {});
  await runner.play();
  const record = runner.analyses.find((a) => a.id === 'awnet-router');
  await runner.cancel();
  return record!.result as RouterResult;
}

describe('the sign test', () => {
  it('is the binomial tail: P(≥ 2 of 2) = 1/4, P(≥ 2 of 3) = 1/2, P(≥ 0) = 1', () => {
    expect(signTestP(2, 0)).toBe(0.25);
    expect(signTestP(2, 1)).toBe(0.5);
    expect(signTestP(0, 5)).toBe(1);
    expect(signTestP(18, 2)).toBeCloseTo(211 / 2 ** 20, 15);
  });
});

/**
 * The router is part of the attacked graph (docs/methods/awnet.md#the-router-in-the-attacked-graph): on a
 * trained AW-Net with full-range tanh signals (AWNET_MOONS_TANH), the run's PGD-20 through the whole network
 * is stronger than the same PGD crafted with the router held at the clean input's signals (x_adv of both
 * scored by the full network, same 256 test points, same random starts): over seeds 1–3 it breaks
 * significantly more points that the other leaves correct than the reverse (paired sign test, p < 0.01),
 * and it reaches a higher mean cross-entropy on every seed. Measured: 19 against 1 points.
 */
describe('claim: an attack that ignores the router is weaker on a trained AW-Net (moons, tanh signals, λ = 1)', () => {
  beforeAll(() => useBackend('wasm'));

  it('the adaptive attack breaks more points and reaches a higher loss than the router-ignoring one', async () => {
    const results: RouterResult[] = [];
    for (const seed of SEEDS) results.push(await routerAfterTraining(seed));
    for (const r of results)
      console.log(
        `robust accuracy adaptive ${r.accuracy.adaptive.toFixed(3)} vs router ignored ${r.accuracy.routerIgnored.toFixed(3)}, ` +
          `CE ${r.losses.adaptive.toFixed(3)} vs ${r.losses.routerIgnored.toFixed(3)}, only adaptive breaks ` +
          `${r.paired!.onlyAdaptive}, only router-ignoring ${r.paired!.onlyRouterIgnored}`,
      );
    const onlyAdaptive = results.reduce((n, r) => n + r.paired!.onlyAdaptive, 0);
    const onlyIgnoring = results.reduce((n, r) => n + r.paired!.onlyRouterIgnored, 0);
    expect(signTestP(onlyAdaptive, onlyIgnoring)).toBeLessThan(0.01);
    for (const r of results) expect(r.losses.adaptive).toBeGreaterThan(r.losses.routerIgnored);
  }, 600_000);

  it('control: with λ = 0 (r ≡ 1) the router has no path to the loss and the two attacks agree point by point', async () => {
    const r = await routerAfterTraining(1, { model: { lambda: 0 }, training: { epochs: 2 } });
    expect(r.losses.adaptive).toBe(r.losses.routerIgnored);
    expect(r.paired).toEqual({ onlyAdaptive: 0, onlyRouterIgnored: 0 });
  });
});
