/**
 * Does the router matter to the attacker? Trains AW-Nets (a setting patched onto the AW-Net preset, several
 * seeds, wasm) and scores each, point by point on the same test points with the same random starts, under
 * the adaptive PGD through the whole network (router included) and under the same PGD crafted with the
 * router held at the clean input's signals, r(x) (the x_adv of both scored by the full network). Prints
 * per seed: accuracy, mean cross-entropy and the paired counts (points only the adaptive attack breaks /
 * only the router-ignoring one breaks).
 *   node --import ./scripts/node-esm-resolve.mjs --import tsx bench/awnet-adaptive.ts '<patch JSON>' [seeds] [eval steps]
 */
import { routerIgnoringForward } from '../src/core/analysis/awnet-router';
import { fixedSubset, gatherSplit } from '../src/core/analysis/robust';
import { type Forward, forwardOf } from '../src/core/attacks/attack';
import { getAttack } from '../src/core/attacks/registry';
import { type ConfigPatch, applyPatch } from '../src/core/config-patch';
import { loadDataset } from '../src/core/data/registry';
import { requireAwnet } from '../src/core/models/awnet';
import { AWNET_MOONS } from '../src/core/presets/settings';
import { Rng } from '../src/core/rng';
import * as tf from '../src/core/tf';
import { PGD_BY_NORM, attackSettings } from '../src/core/train/adversarial';
import { perExampleCrossEntropy } from '../src/core/train/loss';
import { Runner } from '../src/core/train/runner';
import { useBackend } from '../src/node/backend';
import { nodeDataSources } from '../src/node/mnist-file';

const [patchArg = '{}', seedsArg = '1,2,3', stepsArg] = process.argv.slice(2);
const patch = JSON.parse(patchArg) as ConfigPatch;
const seeds = seedsArg.split(',').map(Number);

await useBackend('wasm');
const rows: number[][] = [];
for (const seed of seeds) {
  const t0 = Date.now();
  const cfg = applyPatch(AWNET_MOONS, patch, { seed });
  const dataset = await loadDataset(cfg, nodeDataSources);
  const runner = await Runner.create(cfg, dataset, 'wasm', () => {});
  await runner.play();
  const model = requireAwnet(runner.trainer.model, 'bench');
  const params = runner.trainer.vars;
  const { xTest, yTest } = runner.trainer;
  const n = dataset.yTest.length;
  const [x, y] = gatherSplit(
    { tensors: { xTrain: xTest, yTrain: yTest, xTest, yTest } } as never,
    'test',
    fixedSubset(seed, 'test', n, Math.min(cfg.robustEval.testSize, n)),
  );
  const settings = attackSettings({
    ...cfg.robustEval,
    steps: stepsArg ? Number(stepsArg) : cfg.robustEval.steps,
  });
  const attack = getAttack(PGD_BY_NORM[cfg.robustEval.norm]).run;
  const score = async (craft: Forward) => {
    const out = tf.tidy(() => {
      const xAdv = attack(
        craft,
        x,
        y,
        settings,
        Rng.stream(seed, 'attack', 'awnet-adaptive'),
        dataset.inputRange,
      );
      const logits = model.apply(params, xAdv).logits;
      const correct = tf.equal(tf.argMax(logits, 1), y);
      return [
        correct.cast('float32'),
        perExampleCrossEntropy(logits, y),
        tf.sigmoid(model.route(params, xAdv).detection),
      ];
    });
    const [c, l, p] = await Promise.all(out.map((t) => t.data() as Promise<Float32Array>));
    tf.dispose(out);
    return { c, l, p };
  };
  const full = await score(forwardOf(model, params));
  const ign = await score(routerIgnoringForward(model, params, x));
  const clean = tf.tidy(() => tf.sigmoid(model.route(params, x).detection));
  const pClean = (await clean.data()) as Float32Array;
  clean.dispose();
  const mean = (v: Float32Array) => v.reduce((a, b) => a + b, 0) / v.length;
  let onlyFull = 0;
  let onlyIgn = 0;
  for (let i = 0; i < full.c.length; i++) {
    if (full.c[i] === 0 && ign.c[i] === 1) onlyFull++;
    if (full.c[i] === 1 && ign.c[i] === 0) onlyIgn++;
  }
  const last = runner.history.at(-1)!;
  const row = [last.testAcc, mean(full.c), mean(ign.c), mean(full.l), mean(ign.l), onlyFull, onlyIgn];
  rows.push(row);
  console.log(
    `seed ${seed}: clean ${last.testAcc.toFixed(3)} | robust adaptive ${row[1].toFixed(3)} ignoring ${row[2].toFixed(3)} | ` +
      `CE ${row[3].toFixed(3)} vs ${row[4].toFixed(3)} | only-adaptive breaks ${onlyFull}, only-ignoring ${onlyIgn} | ` +
      `p(x) clean ${mean(pClean).toFixed(2)} adv ${mean(full.p).toFixed(2)} ign-adv ${mean(ign.p).toFixed(2)} | ${((Date.now() - t0) / 1000).toFixed(0)}s`,
  );
  tf.dispose([x, y]);
  await runner.cancel();
}
const avg = (k: number) => rows.reduce((a, r) => a + r[k], 0) / rows.length;
const spread = (k: number) => Math.max(...rows.map((r) => r[k])) - Math.min(...rows.map((r) => r[k]));
console.log(
  `${patchArg} seeds ${seedsArg}: clean ${avg(0).toFixed(3)}±${spread(0).toFixed(3)}, adaptive ${avg(1).toFixed(3)}±${spread(1).toFixed(3)}, ` +
    `ignoring ${avg(2).toFixed(3)}±${spread(2).toFixed(3)}, diff(ign−adapt) ${(avg(2) - avg(1)).toFixed(3)} ` +
    `[${rows.map((r) => (r[2] - r[1]).toFixed(3)).join(', ')}], CE ${avg(3).toFixed(3)} vs ${avg(4).toFixed(3)}`,
);
