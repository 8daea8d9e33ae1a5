/**
 * The search behind MOONS_ROBUST_OVERFITTING (the claim that AWP narrows the robust generalisation gap): trains each variant (a config patch over the
 * preset) on wasm and prints its final robust accuracies, robust gap and robust losses, and the robust
 * sharpness (largest rise of the robust loss within |α| ≤ 0.2 / 0.5 along three shared filter-normalised
 * directions, train "r" and test "e"). Not a test and not timed: run it by hand, e.g.
 *   node --import ./scripts/node-esm-resolve.mjs --import tsx bench/awp-search.ts \
 *     '[{"seed":1},{"seed":2},{"training":{"epochs":60}}]'
 * Measured with it (seed, epochs → robust gap, mean train-split robust sharpness within 0.5): in the
 * measurements behind that preset, AT-AWP narrowed the gap in most seeds and flattened the landscape in nearly all.
 */
import { type ConfigPatch, applyPatch } from '../src/core/config-patch';
import { MOONS_ROBUST_LANDSCAPE, MOONS_ROBUST_OVERFITTING } from '../src/core/presets/settings';
import { awpAt } from '../src/core/train/methods/awp-at';
import { pgdAt } from '../src/core/train/methods/pgd-at';
import { recordsOf } from '../src/core/analysis/records';
import type { Lab } from '../src/core/lab/lab';
import { nodeLab, trainRuns } from '../src/node/lab';

/** The robust landscape along three shared directions, after training. */
const SHARPNESS = [101, 102, 103].map((directionSeed) => ({
  analysis: 'landscape-1d',
  settings: { ...MOONS_ROBUST_LANDSCAPE, directionSeed, keepDirections: false },
}));

async function variant(lab: Lab, patch: ConfigPatch): Promise<string> {
  const config = applyPatch(MOONS_ROBUST_OVERFITTING, { robustEval: { every: 1000 } }, patch);
  const cpu0 = process.cpuUsage();
  const [{ runner }] = await trainRuns(lab, [{ label: JSON.stringify(patch), config }], SHARPNESS);
  const m = runner.history[runner.history.length - 1].extra;
  const sharpness: string[] = [];
  for (const [i, { result: r }] of recordsOf(runner.analyses, 'landscape-1d').slice(-3).entries()) {
    const directionSeed = SHARPNESS[i].settings.directionSeed;
    for (const v of r.values) {
      const rise = (radius: number) =>
        Math.max(
          ...r.alphas.map((a, i) => (Math.abs(a) <= radius + 1e-9 ? v.loss[i] - v.center.loss : -Infinity)),
        );
      sharpness.push(
        `${v.split === 'train' ? 'r' : 'e'}${directionSeed % 100}:${rise(0.2).toFixed(2)}/${rise(0.5).toFixed(2)}`,
      );
    }
  }
  const cpu = process.cpuUsage(cpu0);
  return (
    `${JSON.stringify(patch)} cpu ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s | robust ${m.robustTrainAcc.toFixed(3)}/` +
    `${m.robustTestAcc.toFixed(3)} gap ${m.robustGap.toFixed(3)} loss ${m.robustTrainLoss.toFixed(3)}/${m.robustTestLoss.toFixed(3)} | ` +
    sharpness.join(' ')
  );
}

async function main() {
  const lab = nodeLab();
  const patches: ConfigPatch[] = process.argv[2]
    ? JSON.parse(process.argv[2])
    : [pgdAt, awpAt].map((card) => ({ training: { method: card.id } }));
  for (const patch of patches) console.log(await variant(lab, patch));
  await lab.end();
}

if (process.argv[1]?.endsWith('awp-search.ts')) void main();
