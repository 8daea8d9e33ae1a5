/**
 * AW-Net training (Wei, Zhao, Li, arXiv 2306.03430; docs/methods/awnet.md). The paper trains with MTARD
 * (multi-teacher adversarial distillation, Zhao et al.); its exact recipe is not public, so this is our
 * design [P] on top of the MTARD code's loss balance:
 * - x_adv is generated through the WHOLE network, router included (white-box, adaptive): the attack
 *   differentiates the model's own forward pass, in which the router sees the attacked input;
 * - teacher-free loss: CE(S(x), y) + CE(S(x_adv), y) with PGD from `config.attack`, or TRADES'
 *   CE(S(x), y) + β·KL(S(x) ‖ S(x_adv)) with TRADES' attack; plus the router's detection loss
 *   λ_r·[BCE(p(x), 0) + BCE(p(x_adv), 1)];
 * - with a clean teacher T_nat and an adversarially trained teacher T_adv attached to the run, MTARD's
 *   w_adv·KL(T_adv(x_adv) ‖ S(x_adv)) + w_nat·KL(T_nat(x) ‖ S(x)) (element-wise KL, mean over batch ×
 *   classes) replaces the teacher-free terms, and the weights follow MTARD's normalised loss balance.
 */
import * as tf from '../tf';
import type { AwnetConfig } from './settings/awnet';
import type { Forward } from '../attacks/attack';
import { perExampleKl } from '../attacks/trades';
import { type AwnetModel, requireAwnet } from '../models/awnet';
import { PGD_BY_NORM } from '../attacks/attack-ids';
import { adversarialBatch } from './adversarial';
import { crossEntropy } from '../objectives/loss';
import { type MethodEngine, type StepContext, applyGradients, minimize } from './method';

/** λ_r·[mean BCE(p(x), 0) + mean BCE(p(x_adv), 1)] from the detection logits: softplus(s) and softplus(−s). */
export function detectionLoss(clean: tf.Tensor1D, adversarial: tf.Tensor1D, weight: number): tf.Scalar {
  return tf.tidy(
    () =>
      tf.mul(
        tf.add(tf.mean(tf.softplus(clean)), tf.mean(tf.softplus(tf.neg(adversarial)))),
        weight,
      ) as tf.Scalar,
  );
}

/** KL(teacher ‖ student) element-wise, mean over batch × classes (MTARD's reduction). */
export function mtardKl(teacher: tf.Tensor2D, student: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.div(tf.mean(perExampleKl(teacher, student)), student.shape[1]) as tf.Scalar);
}

/** The two teachers of MTARD, as forward passes with their weights held fixed. */
export interface MtardTeachers {
  natural: Forward;
  adversarial: Forward;
}

/** MTARD's loss-balance constants [V-code]: β = 1, lr_w = 0.025, both weights starting at 0.5. */
export const MTARD_BALANCE = { beta: 1, lr: 0.025, start: 0.5 } as const;

/**
 * MTARD's normalised loss balance [V-code, `mtard_loss.py`]: with the first step's KLs as references,
 * r_adv = (KL_adv / KL_adv,init)^β, r_nat = (KL_nat / KL_nat,init)^β, w_nat ← w_nat − lr·(w_nat −
 * r_nat / (r_adv + r_nat)), w_adv = 1 − w_nat: the teacher the student lags behind more gets more weight.
 * Kept on the device (no read-back per step). (MTARD also decays lr ×0.1 at each learning-rate decay; Basin
 * has no schedule, so lr stays.)
 */
export class MtardBalance {
  // tidy: the variable keeps its own handle on the data, so the initial-value scalar must be released.
  readonly wNat = tf.tidy(() => tf.variable(tf.scalar(MTARD_BALANCE.start), false));
  private init: [tf.Tensor, tf.Tensor] | null = null;

  /** w_adv, w_nat as scalars the caller disposes. */
  weights(): [tf.Scalar, tf.Scalar] {
    return tf.tidy(() => [tf.sub(1, this.wNat) as tf.Scalar, this.wNat.clone() as tf.Scalar]);
  }

  update(klAdv: tf.Scalar, klNat: tf.Scalar): void {
    if (!this.init) {
      this.init = [tf.keep(klAdv.clone()), tf.keep(klNat.clone())];
      return;
    }
    const [adv0, nat0] = this.init;
    const next = tf.tidy(() => {
      const rAdv = tf.pow(tf.div(klAdv, adv0), MTARD_BALANCE.beta);
      const rNat = tf.pow(tf.div(klNat, nat0), MTARD_BALANCE.beta);
      const target = tf.div(rNat, tf.add(rAdv, rNat));
      return tf.sub(this.wNat, tf.mul(tf.sub(this.wNat, target), MTARD_BALANCE.lr)) as tf.Scalar;
    });
    this.wNat.assign(next);
    next.dispose();
  }

  dispose(): void {
    tf.dispose([this.wNat, ...(this.init ?? [])]);
  }
}

/** Teachers attached to a run (keyed by its variable list), with their balance state. */
const teachersOf = new WeakMap<readonly tf.Variable[], { teachers: MtardTeachers; balance: MtardBalance }>();

/**
 * Distils from `teachers` in every later step of the run whose variables are `vars` (MTARD); returns a
 * function that detaches them again and releases the balance state.
 */
export function attachTeachers(vars: readonly tf.Variable[], teachers: MtardTeachers): () => void {
  const balance = new MtardBalance();
  teachersOf.set(vars, { teachers, balance });
  return () => {
    teachersOf.delete(vars);
    balance.dispose();
  };
}

/** The current MTARD weights (w_adv, w_nat) of a run with teachers attached, else null. */
export async function mtardWeights(vars: readonly tf.Variable[]): Promise<[number, number] | null> {
  const entry = teachersOf.get(vars);
  if (!entry) return null;
  const wNat = (await entry.balance.wNat.data())[0];
  return [1 - wNat, wNat];
}

/**
 * The teacher-free objective for a batch: the classification terms of `cfg.loss` plus the detection loss.
 * x_adv is a constant here (generated beforehand through the router).
 */
function awnetLoss(
  model: AwnetModel,
  params: readonly tf.Tensor[],
  x: tf.Tensor,
  xAdv: tf.Tensor,
  y: tf.Tensor1D,
  cfg: AwnetConfig,
  tradesBeta: number,
): tf.Scalar {
  return tf.tidy(() => {
    const clean = model.route(params, x);
    const adv = model.route(params, xAdv);
    const robust =
      cfg.loss === 'trades'
        ? tf.mul(tf.mean(perExampleKl(clean.logits, adv.logits)), tradesBeta)
        : crossEntropy(adv.logits, y);
    const classification = tf.add(crossEntropy(clean.logits, y), robust);
    return tf.add(
      classification,
      detectionLoss(clean.detection, adv.detection, cfg.detectionWeight),
    ) as tf.Scalar;
  });
}

/** One MTARD step: KL to the teachers with the balance's weights, plus the detection loss; then the update. */
function mtardStep(
  ctx: StepContext,
  model: AwnetModel,
  x: tf.Tensor,
  xAdv: tf.Tensor,
  { teachers, balance }: { teachers: MtardTeachers; balance: MtardBalance },
): tf.Scalar {
  const [wAdv, wNat] = balance.weights();
  const [tNat, tAdv] = tf.tidy(() => [teachers.natural(x), teachers.adversarial(xAdv)]);
  let kls: [tf.Scalar, tf.Scalar] | null = null;
  const { value, grads } = tf.variableGrads(() => {
    const clean = model.route(ctx.vars, x);
    const adv = model.route(ctx.vars, xAdv);
    const klAdv = mtardKl(tAdv, adv.logits);
    const klNat = mtardKl(tNat, clean.logits);
    kls = [tf.keep(klAdv), tf.keep(klNat)];
    const distil = tf.add(tf.mul(wAdv, klAdv), tf.mul(wNat, klNat));
    return tf.add(
      distil,
      detectionLoss(clean.detection, adv.detection, ctx.config.awnet.detectionWeight),
    ) as tf.Scalar;
  }, ctx.vars);
  applyGradients(ctx, grads);
  const [klAdv, klNat] = kls!;
  balance.update(klAdv, klNat);
  tf.dispose([wAdv, wNat, tNat, tAdv, klAdv, klNat]);
  return value;
}

/** The step of AW-Net training (card: ./methods/awnet.ts): adaptive adversarial training, router included. */
export const awnetTraining: MethodEngine = {
  step: (ctx, x, y) => {
    const model = requireAwnet(ctx.model, 'AW-Net training');
    const cfg = ctx.config.awnet;
    const attached = teachersOf.get(ctx.vars);
    const attack = !attached && cfg.loss === 'trades' ? 'trades' : PGD_BY_NORM[ctx.config.attack.norm];
    // Inside the trainer's per-step tidy: x_adv is released with the step.
    const xAdv = adversarialBatch(ctx, attack, x, y);
    if (attached) return mtardStep(ctx, model, x, xAdv, attached);
    return minimize(ctx, (params) => awnetLoss(model, params, x, xAdv, y, cfg, ctx.config.trades.beta));
  },
};
