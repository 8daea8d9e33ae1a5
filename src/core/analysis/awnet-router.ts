/**
 * `awnet-router`: what AW-Net's router does on clean and on adversarial inputs (docs/methods/awnet.md; the
 * figures are our proposal [P]): its detection p(x) on both (histograms, ROC and AUC), the effective
 * per-filter scale r_l for both, and accuracy under two attacks: the adaptive one through the whole
 * network, router included (the evaluation attack), and one that ignores the router (its gradient taken
 * with the router fed the clean input), to show the router is part of the attacked graph.
 */
import { z } from 'zod';
import * as tf from '../tf';
import type { ExperimentConfig } from '../config';
import {
  type AttackFn,
  type AttackSettings,
  type Forward,
  type InputRange,
  forwardOf,
} from '../attacks/attack';
import { ATTACK_NORMS, attackSettings, PGD_BY_NORM } from '../attacks/attack-ids';
import { getAttack } from '../attacks/registry';
import { type AwnetModel, requireAwnet } from '../models/awnet';
import { Rng } from '../rng';
import { correctCount, perExampleCrossEntropy } from '../objectives/loss';
import type { Analysis } from './analysis';
import { fixedSubset, gatherSplit } from './robust';
import { ANALYSIS_LABELS } from './analysis-ids';

const RouterSettingsSchema = z.object({
  norm: z.enum(ATTACK_NORMS).default('linf'),
  epsilon: z.number().min(0).max(10).default(0.2),
  steps: z.number().int().min(1).max(200).default(20),
  stepSize: z.number().min(0).max(10).nullable().default(null),
  restarts: z.number().int().min(1).max(10).default(1),
  split: z.enum(['train', 'test']).default('test'),
  size: z.number().int().min(1).max(10000).default(256),
});
export type RouterSettings = z.infer<typeof RouterSettingsSchema>;

export interface RouterResult {
  split: 'train' | 'test';
  size: number;
  attack: string;
  epsilon: number;
  /** p(x) on the clean inputs and on their adaptive adversarial twins, sample by sample. */
  pClean: number[];
  pAdversarial: number[];
  /** ROC of p(x) as a detector (adversarial = positive), thresholds from high to low. */
  roc: { fpr: number[]; tpr: number[] };
  auc: number;
  /** Per weight-varied layer: r_{l,j} averaged over the clean and over the adversarial inputs. */
  signals: { layer: string; clean: number[]; adversarial: number[] }[];
  accuracy: { clean: number; adaptive: number; routerIgnored: number };
  /** Mean cross-entropy under the two attacks (a stronger attack reaches a higher loss). */
  losses: { adaptive: number; routerIgnored: number };
  /**
   * The two attacks point by point (same points, same random starts): how many points only the adaptive
   * attack breaks, and how many only the router-ignoring one breaks (absent in older bundles).
   */
  paired?: { onlyAdaptive: number; onlyRouterIgnored: number };
  metrics: Record<string, number>;
}

/**
 * The forward pass an attack that ignores the router differentiates: the router sees the clean batch, held
 * fixed, whatever input the classifier gets. (Only for crafting; its x_adv is then scored by the real model.)
 */
export function routerIgnoringForward(
  model: AwnetModel,
  params: readonly tf.Tensor[],
  clean: tf.Tensor,
): Forward {
  return (x) => model.route(params, x, { routerInput: clean }).logits;
}

/**
 * Accuracy, mean cross-entropy and per-point correctness (1/0) of the real model (router included) on x_adv
 * crafted by `attack` against `craft(x)`, the forward pass the attacker differentiates for the batch x.
 */
async function scoreUnder(
  model: AwnetModel,
  params: readonly tf.Tensor[],
  craft: (x: tf.Tensor) => Forward,
  attack: AttackFn,
  x: tf.Tensor,
  y: tf.Tensor1D,
  settings: AttackSettings,
  rng: Rng,
  range: InputRange,
): Promise<{ acc: number; loss: number; correct: Float32Array }> {
  const [hits, losses] = tf.tidy(() => {
    const logits = model.apply(params, attack(craft(x), x, y, settings, rng, range)).logits;
    return [tf.equal(tf.argMax(logits, 1), y).cast('float32'), perExampleCrossEntropy(logits, y)];
  });
  const [correct, loss] = (await Promise.all([hits.data(), losses.data()])) as Float32Array[];
  tf.dispose([hits, losses]);
  const mean = (v: Float32Array) => v.reduce((a, b) => a + b, 0) / v.length;
  return { acc: mean(correct), loss: mean(loss), correct };
}

/** Points only `a` gets right, by the two attacks' per-point correctness. */
const onlyRight = (a: Float32Array, b: Float32Array) => a.filter((v, i) => v === 1 && b[i] === 0).length;

/** ROC of scores (positives vs negatives) with every distinct score as a threshold, and its AUC (trapezoids). */
export function rocCurve(negatives: readonly number[], positives: readonly number[]) {
  const all = [...negatives.map((s) => ({ s, pos: false })), ...positives.map((s) => ({ s, pos: true }))];
  all.sort((a, b) => b.s - a.s);
  const fpr = [0];
  const tpr = [0];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < all.length; i++) {
    if (all[i].pos) tp++;
    else fp++;
    if (i + 1 < all.length && all[i + 1].s === all[i].s) continue;
    fpr.push(fp / Math.max(negatives.length, 1));
    tpr.push(tp / Math.max(positives.length, 1));
  }
  let auc = 0;
  for (let i = 1; i < fpr.length; i++) auc += ((fpr[i] - fpr[i - 1]) * (tpr[i] + tpr[i - 1])) / 2;
  return { fpr, tpr, auc };
}

/** The settings the run's robust evaluation uses (ε, steps, α, restarts, ball). */
const fromConfig = (config: ExperimentConfig): unknown => ({
  ...config.robustEval,
  size: config.robustEval.testSize,
});

/** Registered analysis `awnet-router`; after the last epoch of every AW-Net run, on demand otherwise. */
export const awnetRouter: Analysis<RouterSettings, RouterResult> = {
  id: 'awnet-router',
  label: ANALYSIS_LABELS['awnet-router'],
  parseSettings: (input) => RouterSettingsSchema.parse(input ?? {}),
  perEpoch: (config, epoch) =>
    config.model.kind === 'awnet' && epoch === config.training.epochs
      ? RouterSettingsSchema.parse(fromConfig(config))
      : null,
  async run(ctx, s) {
    const model = requireAwnet(ctx.model, 'The router analysis');
    const params = ctx.params;
    const n = s.split === 'train' ? ctx.dataset.yTrain.length : ctx.dataset.yTest.length;
    const indices = fixedSubset(ctx.config.seed, s.split, n, s.size);
    const [x, y] = gatherSplit(ctx, s.split, indices);
    const range = ctx.dataset.inputRange;
    const settings = attackSettings(s);
    const attackId = PGD_BY_NORM[s.norm];
    const attack = getAttack(attackId).run;
    // The same random starts for both attacks (common random numbers).
    const rng = () => Rng.stream(ctx.config.seed, 'attack', 'awnet-router');
    try {
      const adaptive = await scoreUnder(
        model,
        params,
        () => forwardOf(model, params),
        attack,
        x,
        y,
        settings,
        rng(),
        range,
      );
      const ignored = await scoreUnder(
        model,
        params,
        (xb) => routerIgnoringForward(model, params, xb),
        attack,
        x,
        y,
        settings,
        rng(),
        range,
      );
      // The adaptive x_adv again (same starts): the router's view of it.
      const xAdv = attack(forwardOf(model, params), x, y, settings, rng(), range);
      const read = tf.tidy(() => {
        const clean = model.route(params, x);
        const adv = model.route(params, xAdv);
        return [
          tf.sigmoid(clean.detection),
          tf.sigmoid(adv.detection),
          correctCount(clean.logits, y),
          ...clean.signals.map((r) => tf.mean(r, 0)),
          ...adv.signals.map((r) => tf.mean(r, 0)),
        ];
      });
      xAdv.dispose();
      const values = await Promise.all(read.map((t) => t.data() as Promise<Float32Array>));
      tf.dispose(read);
      const [pClean, pAdv, cleanCorrect, ...r] = values;
      const layers = model.variedLayers.length;
      const roc = rocCurve(Array.from(pClean), Array.from(pAdv));
      const size = indices.length;
      const accuracy = { clean: cleanCorrect[0] / size, adaptive: adaptive.acc, routerIgnored: ignored.acc };
      return {
        split: s.split,
        size,
        attack: attackId,
        epsilon: s.epsilon,
        pClean: Array.from(pClean),
        pAdversarial: Array.from(pAdv),
        roc: { fpr: roc.fpr, tpr: roc.tpr },
        auc: roc.auc,
        signals: model.variedLayers.map((layer, l) => ({
          layer,
          clean: Array.from(r[l]),
          adversarial: Array.from(r[layers + l]),
        })),
        accuracy,
        losses: { adaptive: adaptive.loss, routerIgnored: ignored.loss },
        paired: {
          onlyAdaptive: onlyRight(ignored.correct, adaptive.correct),
          onlyRouterIgnored: onlyRight(adaptive.correct, ignored.correct),
        },
        metrics: {
          routerAuc: roc.auc,
          routerRobustAcc: accuracy.adaptive,
          routerIgnoredRobustAcc: accuracy.routerIgnored,
        },
      };
    } finally {
      tf.dispose([x, y]);
    }
  },
};
