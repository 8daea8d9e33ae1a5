/**
 * Search for a moons setting where PGD-AT overfits robustly and AT-AWP narrows the robust generalisation
 * gap (issue 7's claim). Not a test: run it by hand, `npx tsx bench/awp-search.ts '<json list of patches>'`.
 * Each patch is laid over the base below; AT and AT-AWP run with the same seed, and the robust accuracy
 * (PGD-20 on fixed train/test subsets) is printed every `every` epochs.
 */
import { applyPatch, type ConfigPatch } from '../src/core/config-patch';
import { moonsDataset } from '../src/core/data/moons';
import { Runner } from '../src/core/train/runner';
import { useBackend } from '../src/node/backend';

const BASE: ConfigPatch = {
  seed: 1,
  data: { kind: 'moons', n: 200, noise: 0.25, testFraction: 0.5 },
  model: { kind: 'mlp', hidden: [64, 64], activation: 'relu' },
  optimizer: { kind: 'adam', lr: 0.005 },
  training: { epochs: 200, batchSize: 32, method: 'pgd-at', snapshots: false },
  attack: { epsilon: 0.25, steps: 10 },
  robustEval: { enabled: true, epsilon: 0.25, steps: 20, every: 50, testSize: 256, trainSize: 256 },
};

async function run(patch: ConfigPatch, method: 'pgd-at' | 'awp-at' | 'rwp') {
  const cfg = applyPatch(BASE, patch, { training: { method } });
  if (cfg.data.kind !== 'moons') throw new Error('moons only');
  const runner = await Runner.create(cfg, moonsDataset(cfg.data, cfg.seed), 'wasm', () => {});
  const t0 = performance.now();
  await runner.play();
  const secs = (performance.now() - t0) / 1000;
  const rows = runner.history
    .filter((m) => m.extra.robustGap !== undefined)
    .map(
      (m) =>
        `e${m.epoch}: clean ${m.trainAcc.toFixed(3)}/${m.testAcc.toFixed(3)} rob ${m.extra.robustTrainAcc.toFixed(3)}/${m.extra.robustTestAcc.toFixed(3)} gap ${m.extra.robustGap.toFixed(3)} rloss ${m.extra.robustTrainLoss.toFixed(3)}/${m.extra.robustTestLoss.toFixed(3)}`,
    );
  await runner.cancel();
  return { secs, rows };
}

async function main() {
  await useBackend('wasm');
  const patches = JSON.parse(process.argv[2] ?? '[{}]') as ConfigPatch[];
  const methods = (process.argv[3] ?? 'pgd-at,awp-at').split(',') as ('pgd-at' | 'awp-at' | 'rwp')[];
  for (const patch of patches) {
    console.log('=== ' + JSON.stringify(patch));
    for (const method of methods) {
      const { secs, rows } = await run(patch, method);
      console.log(`  ${method} (${secs.toFixed(1)} s)`);
      for (const r of rows) console.log('    ' + r);
    }
  }
}

void main();
