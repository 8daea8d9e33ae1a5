import * as tf from '../tf';
import type { AtlrBase, AtlrConfig } from './settings/atlr';
import { forwardOf } from '../attacks/attack';
import { attackSettings } from '../attacks/attack-ids';
import { getAttack } from '../attacks/registry';
import { tradesLoss } from '../attacks/trades';
import { relativeErrorsUnder } from '../analysis/lsa';
import { mostVulnerableLayers, mvlFromPerSample } from '../analysis/mvl';
import { relativeError } from '../analysis/relative-error';
import { fixedSubset } from '../analysis/robust';
import type { Model } from '../models/model';
import { Rng } from '../rng';
import { adversarialBatch } from './adversarial';
import { ATLR_BASE_ATTACK, layerGamma, regularisedLayers } from './at-lr-naming';
import { crossEntropy } from '../objectives/loss';
import { type EpochContext, type MethodEngine, minimize } from './method';

/**
 * LR = Σ_l γ_l·CM(φ_l(x), φ_l(x̂)) over the probes with γ_l > 0 (docs/methods/lsa.md#lsa-and-at-lr [V-code README + slides]),
 * CM the batch relative error of docs/methods/lsa.md#relative-error. Differentiable through both φ_l(x) and φ_l(x̂) [U].
 */
export function layerRegulariser(
  clean: readonly tf.Tensor[],
  perturbed: readonly tf.Tensor[],
  gammas: readonly number[],
): tf.Scalar {
  return tf.tidy(() => {
    // A chain of adds, not tf.addN: AddN's gradient calls Tensor.clone(), which fails in Node (see report).
    let sum: tf.Tensor = tf.scalar(0);
    gammas.forEach((g, l) => {
      if (g > 0) sum = tf.add(sum, tf.mul(relativeError(clean[l], perturbed[l]), g));
    });
    return sum as tf.Scalar;
  });
}

/**
 * AT-LR's objective for a batch, docs/methods/lsa.md#lsa-and-at-lr (Algorithm 3): J(θ, x̂, y) + Σ_l γ_l·CM_l, with J the base's
 * loss: CE(f(x̂), y) for FGSM, FAST and PGD; TRADES' CE(f(x), y) + β·KL(p(x) ‖ p(x̂)) for TRADES [U]. x̂ is a
 * constant here (computed beforehand against the current weights, not differentiated through). `gammas[l]`
 * is γ_l for probe l (0 = not regularised).
 */
export function atlrLoss(
  model: Model,
  params: readonly tf.Tensor[],
  x: tf.Tensor,
  xAdv: tf.Tensor,
  y: tf.Tensor1D,
  base: AtlrBase,
  gammas: readonly number[],
  tradesBeta: number,
): tf.Scalar {
  return tf.tidy(() => {
    const needsClean = base === 'trades' || gammas.some((g) => g > 0);
    const adv = model.apply(params, xAdv, { probes: true });
    const clean = needsClean ? model.apply(params, x, { probes: true }) : null;
    let j: tf.Scalar;
    if (base === 'trades' && clean) {
      // TRADES' own loss, served the logits computed above rather than running the model twice more.
      const served = (t: tf.Tensor) =>
        t === x ? clean.logits : t === xAdv ? adv.logits : model.apply(params, t).logits;
      j = tradesLoss(served, x, xAdv, y, tradesBeta);
    } else j = crossEntropy(adv.logits, y);
    return clean ? (tf.add(j, layerRegulariser(clean.probes, adv.probes, gammas)) as tf.Scalar) : j;
  });
}

/** Per-run state of the "current MVL" mode, keyed by the run's variable list. */
const currentMvl = new WeakMap<readonly tf.Variable[], number[]>();

/** γ_l per probe for this step: the hand-picked layers, or the current MVL (empty before the first refresh). */
function stepGammas(atlr: AtlrConfig, vars: readonly tf.Variable[], probes: number): number[] {
  const layers = atlr.layers === 'mvl' ? (currentMvl.get(vars) ?? []) : regularisedLayers(atlr);
  const bad = layers.find((l) => l >= probes);
  if (bad !== undefined)
    throw new Error(
      `atlr.layers: probe ${bad} does not exist (the model has ${probes} probes, 0–${probes - 1})`,
    );
  const gammas = new Array<number>(probes).fill(0);
  for (const l of layers) gammas[l] = layerGamma(atlr, l);
  return gammas;
}

/**
 * The current MVL (docs/methods/lsa.md#most-vulnerable-layers) of the live weights: the base's training attack (config.attack's
 * settings, draws from the "atlr/mvl/<epoch>" stream) on a fixed, seeded subset of the TRAINING split (the
 * test set stays out of training [P]), then Algorithm 1 with `atlr.eta` and `atlr.statistic`.
 */
async function refreshMvl(ctx: EpochContext): Promise<number[]> {
  const { model, vars, config, dataset } = ctx;
  const atlr = config.atlr;
  const n = dataset.yTrain.length;
  const indices = fixedSubset(config.seed, 'train', n, atlr.subsetSize);
  const dim = dataset.inputShape.reduce((a, b) => a * b, 1);
  const xs = new Float32Array(indices.length * dim);
  const ys = new Int32Array(indices.length);
  indices.forEach((i, k) => {
    xs.set(dataset.xTrain.subarray(i * dim, (i + 1) * dim), k * dim);
    ys[k] = dataset.yTrain[i];
  });
  const x = tf.tensor(xs, [indices.length, ...dataset.inputShape]);
  const y = tf.tensor1d(ys, 'int32');
  const attack = getAttack(ATLR_BASE_ATTACK[atlr.base](config));
  const rng = Rng.stream(config.seed, 'atlr', 'mvl', ctx.epoch);
  const forward = forwardOf(model, vars);
  try {
    const errors = await relativeErrorsUnder(model, vars, x, y, (xb, yb) =>
      attack.run(forward, xb, yb, attackSettings(config.attack), rng, dataset.inputRange),
    );
    const result =
      atlr.statistic === 'pairs'
        ? mvlFromPerSample(
            errors.map((e) => e.perSample),
            atlr.eta,
            'pairs',
          )
        : mostVulnerableLayers(
            errors.map((e) => e.batch),
            errors.map((e) => e.batch),
            atlr.eta,
          );
    return result.mvl;
  } finally {
    tf.dispose([x, y]);
  }
}

/**
 * The step of AT-LR (card: ./methods/at-lr.ts), adversarial training with layer-wise regularisation (Khalooei et al.; docs/methods/lsa.md#lsa-and-at-lr, Algorithm 3):
 * per mini-batch, x̂ = the base's attack (FGSM, FAST, PGD or TRADES, with `config.attack`'s settings) against
 * the current weights; then one step on J(θ, x̂, y) + Σ_{l∈layers} γ_l·CM(φ_l(x), φ_l(x̂)), gradients through
 * both φ_l(x) and φ_l(x̂) [U]. The layers are chosen by hand (`atlr.layers`, probe indices, the paper's
 * "LR-L<k>") or are the current MVL ('mvl' [P]): recomputed after every `atlr.every` epochs (by
 * `epochMetrics`, which the runner calls at each epoch's end) and used from the next epoch on; before the
 * first refresh no layer is regularised (plain base AT). γ_l defaults to 1 [P].
 */
export const atLrTraining: MethodEngine = {
  step: (ctx, x, y) => {
    const { config, model } = ctx;
    const gammas = stepGammas(config.atlr, ctx.vars, model.probeNames.length);
    const xAdv = adversarialBatch(ctx, ATLR_BASE_ATTACK[config.atlr.base](config), x, y);
    return minimize(ctx, (params) =>
      atlrLoss(model, params, x, xAdv, y, config.atlr.base, gammas, config.trades.beta),
    );
  },
  async epochMetrics(ctx) {
    const atlr = ctx.config.atlr;
    if (atlr.layers !== 'mvl') return {};
    if (ctx.epoch % atlr.every === 0) currentMvl.set(ctx.vars, await refreshMvl(ctx));
    const mvl = currentMvl.get(ctx.vars) ?? [];
    return Object.fromEntries(ctx.model.probeNames.map((_, l) => [`atlrMvlL${l}`, mvl.includes(l) ? 1 : 0]));
  },
};
