/**
 * Re-measures the numbers the presets and lessons quote (src/core/presets, src/core/lessons): trains each run
 * exactly as its preset configures it, on wasm in Node, and prints what the description says. Not a test and
 * not timed; run it by hand after a change to a computation they depend on, e.g.
 *   node --import ./scripts/node-esm-resolve.mjs --import tsx bench/preset-numbers.ts [section…]
 * Sections: gallery (the moons gallery presets), awp (the robust-overfitting presets and the lesson),
 * mnist (the AWP-on-MNIST preset), attacks (src/core/presets/attacks.ts), lsa (the LSA presets and the η of
 * Model A), awnet (the AW-Net presets' router figures; the trade-off table of docs/methods/awnet.md is
 * `npm run bench -- awnet`).
 */
import type { RouterResult } from '../src/core/analysis/awnet-router';
import type { LsaResult } from '../src/core/analysis/lsa';
import type { WeightPerturbationResult } from '../src/core/analysis/weight-perturbation';
import { applyPatch } from '../src/core/config-patch';
import type { ExperimentConfig } from '../src/core/config';
import type { EpochMetrics } from '../src/core/events';
import { ATTACK_PRESETS } from '../src/core/presets/attacks';
import { getPreset } from '../src/core/presets/gallery';
import { lsaPreset } from '../src/core/presets/lsa';
import { presetRuns } from '../src/core/presets/preset';
import { AWNET_MOONS, AWNET_MOONS_TANH, MOONS_ROBUST_LANDSCAPE } from '../src/core/presets/settings';
import type { Runner } from '../src/core/train/runner';
import { nodeLab, trainRuns } from '../src/node/lab';

const f3 = (v: number | undefined) => (v === undefined ? '–' : v.toFixed(3));

/** One lab for every section: a run stays current (for the analyses below) until the next one trains. */
const lab = nodeLab();

async function trained(config: ExperimentConfig): Promise<Runner> {
  const [{ runner }] = await trainRuns(lab, [{ label: '', config }]);
  return runner;
}

/** Clean and robust figures of an epoch's metrics. */
function figures(m: EpochMetrics): string {
  const e = m.extra;
  return (
    `epoch ${m.epoch}: clean test ${f3(m.testAcc)}, robust train/test ${f3(e.robustTrainAcc)}/${f3(e.robustTestAcc)}, ` +
    `robust gap ${f3(e.robustGap)}, robust loss train/test ${f3(e.robustTrainLoss)}/${f3(e.robustTestLoss)}`
  );
}

/** Mean over three shared directions of the largest robust training-loss rise within |α| ≤ 0.5. */
async function robustSharpness(runner: Runner): Promise<string> {
  const rises: number[] = [];
  for (const directionSeed of [101, 102, 103]) {
    const r = (await runner.runAnalysis('landscape-1d', {
      ...MOONS_ROBUST_LANDSCAPE,
      directionSeed,
      keepDirections: false,
    })) as { sharpness: { split: string; maxRise: { rise: number } }[] };
    rises.push(r.sharpness.find((s) => s.split === 'train')!.maxRise.rise);
  }
  const mean = rises.reduce((a, b) => a + b, 0) / rises.length;
  return `robust train-loss rise within ±0.5: mean ${f3(mean)} [${rises.map(f3).join(', ')}]`;
}

/** The gallery presets' runs, each once (shared runs are trained once), with what their texts quote. */
async function gallery(ids: string[], log: (s: string) => void, sharpness = false): Promise<void> {
  const seen = new Map<string, string>();
  for (const id of ids) {
    const preset = getPreset(id);
    for (const run of presetRuns(preset)) {
      const key = JSON.stringify(run.config);
      if (!seen.has(key)) {
        const runner = await trained(run.config);
        const lines = [figures(runner.history.at(-1)!)];
        if (id === 'robust-overfitting') {
          const losses = runner.history.filter((m) => m.extra.robustTestLoss !== undefined);
          lines.push(
            `robust test loss per evaluated epoch: ${losses.map((m) => `${m.epoch}:${m.extra.robustTestLoss.toFixed(2)}`).join(' ')}`,
          );
        }
        if (sharpness) lines.push(await robustSharpness(runner));
        for (const a of preset.analyses ?? [])
          if (a.analysis === 'weight-perturbation') {
            const r = (await runner.runAnalysis(a.analysis, a.settings)) as WeightPerturbationResult;
            lines.push(
              `weight perturbation at γ = ${r.gammas.at(-1)}: loss rise worst case ${f3(r.metrics.adversarialRise)}, ` +
                `random mean ${f3(r.metrics.randomRise)}`,
            );
          }
        seen.set(key, lines.join('\n    '));
      }
      log(`${id} · ${run.label}: ${seen.get(key)}`);
    }
  }
}

async function attackPresets(log: (s: string) => void): Promise<void> {
  for (const id of ['moons-pgd-at', 'moons-standard-robust']) {
    const preset = ATTACK_PRESETS.find((p) => p.id === id)!;
    const runner = await trained(applyPatch({}, preset.config));
    for (const m of runner.history.filter((h) => h.epoch === 30 || h.epoch === 60))
      log(`${id} · ${figures(m)}`);
  }
}

async function lsa(log: (s: string) => void): Promise<void> {
  for (const id of ['lsa-a-normal', 'lsa-a-at', 'lsa-a-atlr']) {
    const cfg = applyPatch({}, lsaPreset(id).config, { lsa: { every: 0 } });
    const runner = await trained(cfg);
    log(`${id} · ${figures(runner.history.at(-1)!)}`);
    const r = (await runner.runAnalysis('lsa', { ...cfg.lsa, perturbations: ['pgd', 'fgsm'] })) as LsaResult;
    for (const p of r.perturbations) {
      const mvl = p.mvl;
      const eta = cfg.lsa.eta;
      // The η below which each layer is in the MVL: (CM_l − μ)/σ.
      const cut = mvl.scores.map((s) => ((s - mvl.mu) / mvl.sigma).toFixed(3));
      log(
        `  ${p.kind}: batch CM ${p.relativeError.map(f3).join(' / ')}; MVL scores ${mvl.scores.map(f3).join(' / ')}, ` +
          `μ ${f3(mvl.mu)}, σ ${f3(mvl.sigma)}, η ${eta} → threshold ${f3(mvl.threshold)}, MVL [${mvl.mvl}]; ` +
          `layer l is in the MVL for η < ${cut.join(' / ')}`,
      );
    }
    const sweep = (await runner.runAnalysis('fgsm-sweep', {})) as { accuracy: number[]; rg: number };
    log(`  FGSM sweep ${sweep.accuracy.map(f3).join(' ')}, R&G ${sweep.rg.toFixed(1)}`);
  }
}

/**
 * The two AW-Net presets (seed 1): the router analysis they run after the last epoch (the five-seed figures
 * of docs/methods/awnet.md#the-router-in-the-attacked-graph: bench/awnet-adaptive.ts).
 */
async function awnetRouter(log: (s: string) => void): Promise<void> {
  for (const [id, patch] of [
    ['awnet-moons', AWNET_MOONS],
    ['awnet-router-attack', AWNET_MOONS_TANH],
  ] as const) {
    const runner = await trained(applyPatch(patch));
    const r = runner.analyses.find((a) => a.id === 'awnet-router')!.result as RouterResult;
    log(
      `${id} · ${figures(runner.history.at(-1)!)}\n    router: AUC ${f3(r.auc)}, robust accuracy adaptive ` +
        `${f3(r.accuracy.adaptive)} vs router ignored ${f3(r.accuracy.routerIgnored)}, loss ${f3(r.losses.adaptive)} vs ` +
        `${f3(r.losses.routerIgnored)}, points only the adaptive / only the other attack breaks ` +
        `${r.paired!.onlyAdaptive} / ${r.paired!.onlyRouterIgnored}`,
    );
  }
}

const SECTIONS: Record<string, (log: (s: string) => void) => Promise<void>> = {
  gallery: (log) =>
    gallery(['pgd-at-vs-standard', 'trades-beta', 'random-vs-worst-case', 'lsa-model-a'], log),
  awp: (log) =>
    gallery(['robust-overfitting', 'at-vs-awp-moons', 'awp-vs-rwp', 'trades-vs-trades-awp'], log, true),
  mnist: (log) => gallery(['awp-mnist'], log),
  attacks: attackPresets,
  lsa,
  awnet: awnetRouter,
};

async function main() {
  const names = process.argv.slice(2);
  for (const name of names.length ? names : Object.keys(SECTIONS)) {
    const started = performance.now();
    console.log(`## ${name}`);
    await SECTIONS[name]((s) => console.log(s));
    console.log(`(${name}: ${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }
  await lab.end();
}

void main();
