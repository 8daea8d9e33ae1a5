/**
 * Adversarial weight perturbation (AWP; Wu, Xia, Wang, NeurIPS 2020; official code csdongxian/AWP) and its
 * random baseline (RWP), as in docs/methods/awp.md. The perturbations themselves are in
 * ../objectives/weight-perturbation.ts; here is the perturb → step → subtract procedure (docs/methods/awp.md#the-update steps 5–7). The thin method entries
 * (methods/awp-at.ts, awp-trades.ts, rwp.ts) are built by `weightPerturbationMethod`.
 */
import * as tf from '../tf';
import type { ExperimentConfig } from '../config';
import { isWeight } from '../models/model';
import { configuredAttackId } from '../attacks/attack-ids';
import { crossEntropy } from '../objectives/loss';
import {
  AWP_NORM_EPS,
  type ParamLoss,
  type WeightPerturbation,
  adversarialWeightPerturbation,
  randomWeightPerturbation,
} from '../objectives/weight-perturbation';
import { adversarialBatch } from './adversarial';
import { type EpochContext, type MethodEngine, type StepContext, minimize } from './method';

/** vars_l ← vars_l + sign·v_l for every perturbed tensor (`variable.assign`, docs/methods/awp.md#the-update). */
function shiftVariables(vars: readonly tf.Variable[], v: WeightPerturbation, sign: 1 | -1): void {
  vars.forEach((variable, i) => {
    const vi = v[i];
    if (vi !== null) tf.tidy(() => variable.assign(sign > 0 ? tf.add(variable, vi) : tf.sub(variable, vi)));
  });
}

/**
 * docs/methods/awp.md#the-update steps 5–7 [V-code]: w ← w + v; one optimiser step on `loss` at the perturbed weights (the
 * gradient is taken at w + v and every parameter is updated, the unperturbed ones too); then w ← w − v,
 * subtracting the SAME v rather than reloading a copy, so the optimiser's update is kept:
 * w_new = w_old + Δ_opt(∇ρ(w_old + v)). Returns the loss at w + v.
 */
export function stepAtPerturbedWeights(ctx: StepContext, v: WeightPerturbation, loss: ParamLoss): tf.Scalar {
  shiftVariables(ctx.vars, v, 1);
  try {
    return minimize(ctx, loss);
  } finally {
    shiftVariables(ctx.vars, v, -1);
  }
}

/** Per-layer ‖v_l‖ and ‖v_l‖/‖w_l‖ of the perturbed tensors, stacked [2, layers] (for the epoch log). */
function perturbationSizes(params: readonly tf.Tensor[], v: WeightPerturbation): tf.Tensor2D {
  return tf.tidy(() => {
    const norms: tf.Tensor[] = [];
    const relative: tf.Tensor[] = [];
    v.forEach((vi, i) => {
      if (vi === null) return;
      const n = tf.norm(vi);
      norms.push(n);
      relative.push(tf.div(n, tf.add(tf.norm(params[i]), AWP_NORM_EPS)));
    });
    return tf.stack([tf.stack(norms), tf.stack(relative)]) as tf.Tensor2D;
  });
}

/**
 * What a method records over an epoch: the running sum of per-layer sizes (on the device, read once by
 * `epochMetrics`) and the number of steps. Kept per run, keyed by the run's variable list.
 */
interface PerturbationLog {
  sums: tf.Tensor2D | null;
  steps: number;
  perturbedSteps: number;
}

/** The epoch's perturbation sizes as `extra` metrics, and a reset of the log (docs/methods/awp.md; run bundle). */
async function readPerturbationLog(
  logs: WeakMap<object, PerturbationLog>,
  ctx: EpochContext,
  prefix: string,
): Promise<Record<string, number>> {
  const log = logs.get(ctx.vars);
  logs.delete(ctx.vars);
  const names = ctx.model.params.filter((p) => isWeight(p.shape)).map((p) => p.name);
  const out: Record<string, number> = {
    [`${prefix}/active`]: log && log.steps > 0 ? log.perturbedSteps / log.steps : 0,
  };
  const sums = log?.sums ? await log.sums.data() : null;
  log?.sums?.dispose();
  names.forEach((name, l) => {
    // Mean over the epoch's steps; a step without perturbation (warm-up, γ = 0) counts as size 0.
    const steps = Math.max(log?.steps ?? 0, 1);
    out[`${prefix}/${name}/norm`] = sums ? sums[l] / steps : 0;
    out[`${prefix}/${name}/relative`] = sums ? sums[names.length + l] / steps : 0;
  });
  return out;
}

function recordStep(logs: WeakMap<object, PerturbationLog>, ctx: StepContext, v: WeightPerturbation | null) {
  let log = logs.get(ctx.vars);
  if (!log) logs.set(ctx.vars, (log = { sums: null, steps: 0, perturbedSteps: 0 }));
  log.steps++;
  if (v === null) return;
  log.perturbedSteps++;
  const sizes = perturbationSizes(ctx.vars, v);
  const next = log.sums ? tf.add(log.sums, sizes) : sizes;
  tf.keep(next);
  if (log.sums && log.sums !== next) log.sums.dispose();
  if (next !== sizes) sizes.dispose();
  log.sums = next as tf.Tensor2D;
}

/** γ in effect: the config's, or the method's default when the config leaves it null (docs/methods/awp.md#the-update). */
function effectiveGamma(config: ExperimentConfig, defaultGamma: number): number {
  return config.awp.gamma ?? defaultGamma;
}

/** Whether a step of epoch `epoch` (0-based) is perturbed: γ > 0 and past the warm-up (docs/methods/awp.md#the-update step 8). */
function perturbationActive(config: ExperimentConfig, gamma: number, epoch: number): boolean {
  return gamma > 0 && epoch >= config.awp.warmup;
}

/** How a weight-perturbation method builds v from the adversarial loss at w (x_adv already fixed). */
export type PerturbationRule = (ctx: StepContext, loss: ParamLoss, gamma: number) => WeightPerturbation;

/** AWP's rule: the normalised ascent direction of the adversarial loss (docs/methods/awp.md#the-update, docs/methods/awp.md#multi-step-variant; K₂ = `config.awp.steps`). */
export const adversarialRule: PerturbationRule = (ctx, loss, gamma) =>
  adversarialWeightPerturbation(loss, ctx.vars, gamma, ctx.config.awp.steps);

/** RWP's rule: a Gaussian direction from the step's stream, drawn after the input attack (docs/methods/awp.md#random-weight-perturbation). */
export const randomRule: PerturbationRule = (ctx, _loss, gamma) =>
  randomWeightPerturbation(ctx.vars, gamma, ctx.rng);

export interface WeightPerturbationSpec {
  /** The method's id: the prefix of its per-epoch metrics. */
  id: string;
  /** γ when `config.awp.gamma` is null. */
  defaultGamma: number;
  /** The inputs of the training loss, computed against the unperturbed weights w (docs/methods/awp.md#the-update step 1). */
  attack(ctx: StepContext, x: tf.Tensor, y: tf.Tensor1D): tf.Tensor;
  /** The adversarial loss ρ at a parameter list, given the clean batch and its x_adv. */
  loss(
    ctx: StepContext,
    params: readonly tf.Tensor[],
    x: tf.Tensor,
    xAdv: tf.Tensor,
    y: tf.Tensor1D,
  ): tf.Scalar;
  perturbation: PerturbationRule;
}

/**
 * PGD-AT's objective, shared by AT-AWP (docs/methods/awp.md#the-update) and AT-RWP (docs/methods/awp.md#random-weight-perturbation): x_adv from `config.attack` (PGD by default)
 * against w; the adversarial loss ρ = CE(f_params(x_adv), y).
 */
export const adversarialTrainingObjective: Pick<WeightPerturbationSpec, 'attack' | 'loss'> = {
  attack: (ctx, x, y) => adversarialBatch(ctx, configuredAttackId(ctx.config.attack), x, y),
  loss: (ctx, params, _x, xAdv, y) => crossEntropy(ctx.model.apply(params, xAdv).logits, y),
};

/**
 * A training method that trains at perturbed weights, docs/methods/awp.md#the-update [V-code]: (1) x_adv against w;
 * (2–4) v from the rule (AWP: per-layer normalised gradient of the adversarial loss at w; RWP: random);
 * (5–7) w + v, optimiser step on the adversarial loss at w + v, subtract v; (8) only when γ > 0 and
 * epoch ≥ warm-up, otherwise the plain adversarial step. Records per-layer ‖v_l‖ and ‖v_l‖/‖w_l‖ per epoch
 * (`extra` keys `<id>/<param>/norm`, `<id>/<param>/relative`, `<id>/active`).
 */
export function weightPerturbationMethod(spec: WeightPerturbationSpec): MethodEngine {
  const { defaultGamma, attack, loss, perturbation } = spec;
  const logs = new WeakMap<object, PerturbationLog>();
  return {
    step(ctx, x, y) {
      const xAdv = attack(ctx, x, y);
      const lossAt: ParamLoss = (params) => loss(ctx, params, x, xAdv, y);
      const gamma = effectiveGamma(ctx.config, defaultGamma);
      if (!perturbationActive(ctx.config, gamma, ctx.epoch)) {
        recordStep(logs, ctx, null);
        return minimize(ctx, lossAt);
      }
      const v = perturbation(ctx, lossAt, gamma);
      recordStep(logs, ctx, v);
      const value = stepAtPerturbedWeights(ctx, v, lossAt);
      tf.dispose(v.filter((t): t is tf.Tensor => t !== null));
      return value;
    },
    epochMetrics: (ctx) => readPerturbationLog(logs, ctx, spec.id),
  };
}
