/**
 * The AW-Net preset's trade-off table (docs/methods/awnet.md): clean and robust test accuracy and "WRA
 * (mean)" (our assumption about the paper's metric) of standard training, PGD-AT and TRADES on the preset's
 * static MLP, AW-Net (the preset's mix signals, and tanh signals at λ = 1), and AW-Net with λ = 0 tanh
 * signals (r ≡ 1: the same loss on a static network, the control for the router), over three seeds, on wasm. Robust accuracy: the preset's PGD-20 through the
 * whole model, router included. `npm run bench -- awnet` (several minutes).
 */
import { type ConfigPatch, applyPatch } from '../src/core/config-patch';
import { wraMean } from '../src/core/analysis/tradeoff';
import { AWNET_MOONS, AWNET_MOONS_STATIC, AWNET_MOONS_TANH } from '../src/core/presets/settings';
import { pgdAt } from '../src/core/train/methods/pgd-at';
import { standard } from '../src/core/train/methods/standard';
import { trades } from '../src/core/train/methods/trades';
import { nodeLab, trainRuns } from '../src/node/lab';

export const name = 'awnet';

const SEEDS = [1, 2, 3];
const VARIANTS: [string, ConfigPatch][] = [
  [standard.label, { ...AWNET_MOONS_STATIC, training: { method: standard.id } }],
  ['PGD-AT', { ...AWNET_MOONS_STATIC, training: { method: pgdAt.id } }],
  ['TRADES (β = 1)', { ...AWNET_MOONS_STATIC, training: { method: trades.id } }],
  ['AW-Net', {}],
  ['AW-Net, tanh signals, λ = 1', AWNET_MOONS_TANH],
  ['AW-Net, r ≡ 1 (control)', { model: { kind: 'awnet', signal: 'tanh', lambda: 0 } }],
];

export async function run(log: (line: string) => void): Promise<void> {
  const lab = nodeLab();
  log(
    `AW-Net preset on moons, mean over seeds ${SEEDS.join(', ')} (wasm); robust = PGD-20, ε = 0.2, 256 test points`,
  );
  log(['variant'.padEnd(28), 'clean'.padStart(8), 'robust'.padStart(8), 'WRA (mean)'.padStart(12)].join(''));
  for (const [label, patch] of VARIANTS) {
    let clean = 0;
    let robust = 0;
    const runs = SEEDS.map((seed) => ({
      label: `${label}, seed ${seed}`,
      config: applyPatch(AWNET_MOONS, patch, { seed }),
    }));
    for (const { runner } of await trainRuns(lab, runs)) {
      const last = runner.history[runner.history.length - 1];
      clean += last.testAcc / SEEDS.length;
      robust += last.extra.robustTestAcc / SEEDS.length;
    }
    const pct = (v: number) => `${(100 * v).toFixed(1)}%`.padStart(8);
    log([label.padEnd(28), pct(clean), pct(robust), pct(wraMean({ clean, robust })).padStart(12)].join(''));
  }
  await lab.end();
}
