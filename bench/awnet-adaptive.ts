/**
 * Does the router matter to the attacker? Trains AW-Nets (a setting patched onto the AW-Net preset, several
 * seeds, wasm) and prints, per seed, what the `awnet-router` analysis records after the last epoch (the run's
 * robust-evaluation PGD on its fixed test subset, same points and random starts for both attacks): accuracy
 * and mean cross-entropy under the adaptive attack through the whole network and under the attack crafted
 * with the router held at the clean input's signals, and the points only one of them breaks. Then the mean,
 * the spread (max − min) over seeds and the pooled paired counts.
 *   node --import ./scripts/node-esm-resolve.mjs --import tsx bench/awnet-adaptive.ts '<patch JSON>' [seeds]
 */
import type { RouterResult } from '../src/core/analysis/awnet-router';
import { type ConfigPatch, applyPatch } from '../src/core/config-patch';
import { AWNET_MOONS } from '../src/core/presets/settings';
import { latestOf } from '../src/core/analysis/records';
import { nodeLab, trainRuns } from '../src/node/lab';

/** Trains `patch` on the AW-Net preset with `seed` and returns its router analysis. */
async function routerFigures(patch: ConfigPatch, seed: number): Promise<RouterResult> {
  const [{ runner }] = await trainRuns(lab, [
    { label: `seed ${seed}`, config: applyPatch(AWNET_MOONS, patch, { seed }) },
  ]);
  return latestOf(runner.analyses, 'awnet-router')!.result;
}

const [patchArg = '{}', seedsArg = '1,2,3'] = process.argv.slice(2);
const seeds = seedsArg.split(',').map(Number);
const lab = nodeLab();
const rows: RouterResult[] = [];
for (const seed of seeds) {
  const t0 = Date.now();
  const r = await routerFigures(JSON.parse(patchArg) as ConfigPatch, seed);
  rows.push(r);
  console.log(
    `seed ${seed}: clean ${r.accuracy.clean.toFixed(3)} | robust adaptive ${r.accuracy.adaptive.toFixed(3)}, ` +
      `router ignored ${r.accuracy.routerIgnored.toFixed(3)} | CE ${r.losses.adaptive.toFixed(3)} vs ` +
      `${r.losses.routerIgnored.toFixed(3)} | only adaptive breaks ${r.paired!.onlyAdaptive}, only ` +
      `router-ignoring ${r.paired!.onlyRouterIgnored} | AUC ${r.auc.toFixed(2)} | ${((Date.now() - t0) / 1000).toFixed(0)} s`,
  );
}
await lab.end();
const stat = (f: (r: RouterResult) => number) => {
  const v = rows.map(f);
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  return `${mean.toFixed(3)} ± ${(Math.max(...v) - Math.min(...v)).toFixed(3)}`;
};
const sum = (f: (r: RouterResult) => number) => rows.reduce((a, r) => a + f(r), 0);
console.log(
  `${patchArg}, seeds ${seedsArg} (mean ± spread): clean ${stat((r) => r.accuracy.clean)}, adaptive ` +
    `${stat((r) => r.accuracy.adaptive)}, router ignored ${stat((r) => r.accuracy.routerIgnored)}, ` +
    `ignored − adaptive ${stat((r) => r.accuracy.routerIgnored - r.accuracy.adaptive)}; CE adaptive ` +
    `${stat((r) => r.losses.adaptive)}, ignored ${stat((r) => r.losses.routerIgnored)}; pooled: only adaptive ` +
    `breaks ${sum((r) => r.paired!.onlyAdaptive)}, only router-ignoring ${sum((r) => r.paired!.onlyRouterIgnored)}`,
);
