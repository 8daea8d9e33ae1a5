/**
 * Worst-case vs random weight perturbation (the comparison behind AWP, docs/methods/awp.md#random-weight-perturbation/docs/methods/awp.md#robust-landscape figure 4 [U/P]):
 * the loss along γ ↦ w + γ·d for AWP's direction d (the per-layer normalised gradient of the loss at w,
 * docs/methods/awp.md#the-update step 4 with γ = 1) and for random directions with the same per-layer sizes (RWP, docs/methods/awp.md#random-weight-perturbation), at the same
 * relative sizes ‖γ·d_l‖ = γ‖w_l‖. Optionally robust: the loss is then the adversarial loss, with PGD
 * regenerated against every perturbed model (as the robust landscape of docs/methods/awp.md#robust-landscape).
 */
import { z } from 'zod';
import * as tf from '../tf';
import { type Forward, forwardOf } from '../attacks/attack';
import { ATTACK_NORMS, attackSettings, PGD_BY_NORM } from '../attacks/attack-ids';
import { evaluateUnderAttack } from '../attacks/evaluate';
import { getAttack } from '../attacks/registry';
import { StartRecorder } from '../attacks/start-recorder';
import { readValues } from '../params';
import { Rng } from '../rng';
import { correctCount, crossEntropy, perExampleCrossEntropy } from '../objectives/loss';
import {
  type WeightPerturbation,
  randomWeightPerturbation,
  scaleToLayerNorms,
} from '../objectives/weight-perturbation';
import type { Analysis } from './analysis';
import { type Split, fixedSubset, gatherSplit } from './robust';
import { ANALYSIS_LABELS } from './analysis-ids';

const AttackFieldsSchema = z.object({
  norm: z.enum(ATTACK_NORMS).default('linf'),
  epsilon: z.number().min(0).max(10).default(0.2),
  steps: z.number().int().min(1).max(200).default(10),
  stepSize: z.number().min(0).max(10).nullable().default(null),
  restarts: z.number().int().min(1).max(10).default(1),
});

const WeightPerturbationSettingsSchema = z.object({
  /** Largest relative size γ: the curve runs over linspace(0, gammaMax, points). */
  gammaMax: z.number().min(1e-4).max(2).default(0.2),
  points: z.number().int().min(2).max(101).default(11),
  /** Random directions to average (each drawn from `Rng.stream(seed, 'directions', 'random-weight', k)`). */
  randomDraws: z.number().int().min(1).max(20).default(5),
  split: z.enum(['train', 'test']).default('train'),
  /** A fixed seeded subset of the split (the robust analysis' subsets). */
  size: z.number().int().min(1).max(10000).default(256),
  /** null: the clean loss; otherwise the adversarial loss under this PGD, re-run at every point. */
  robust: AttackFieldsSchema.nullable().default(null),
});
export type WeightPerturbationSettings = z.infer<typeof WeightPerturbationSettingsSchema>;

interface PerturbationCurve {
  loss: number[];
  acc: number[];
}

export interface WeightPerturbationResult {
  /** Relative sizes γ: every kernel moves by γ‖w_l‖. */
  gammas: number[];
  /** Along AWP's direction (normalised gradient of the loss at w). */
  adversarial: PerturbationCurve;
  /** Mean over the random directions, and each of them. */
  random: PerturbationCurve & { each: PerturbationCurve[] };
  robust: boolean;
  split: Split;
  size: number;
  /** The fixed subset: indices into the split (sorted). */
  indices: Int32Array;
  /**
   * The directions d at γ = 1, in model.params order (null = a tensor left alone: biases): first AWP's, then
   * each random one. The point γ of curve k is w + γ·d_k.
   */
  directions: (Float32Array | null)[][];
  /** Robust only: x_adv against w, [size × example size], whose loss gradient gives AWP's direction. */
  adversarialInputs: Float32Array | null;
  /** Robust only: δ₀ of each restart of the attack at every point (the same stream at every point). */
  starts: Float32Array[];
  /** Loss rises at γ = gammaMax: the worst case's and the random mean's, and their ratio. */
  metrics: { adversarialRise: number; randomRise: number; riseRatio: number };
}

const linspace = (lo: number, hi: number, n: number) =>
  Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));

/** params + γ·d (null entries of d leave the parameter as is). */
const shifted = (params: readonly tf.Tensor[], d: WeightPerturbation, gamma: number) =>
  params.map((p, i) => {
    const di = d[i];
    return di === null ? p : tf.add(p, tf.mul(di, gamma));
  });

/**
 * Registered analysis `weight-perturbation`: loss and accuracy along the worst-case (AWP) and random (RWP)
 * weight directions of equal per-layer size, for γ ∈ [0, gammaMax]. The worst-case direction is taken at w
 * (for the robust loss: the gradient of CE(f_w(x_adv)) with x_adv against w, as AWP's step 2), and the
 * random ones from the run's "directions/random-weight" streams, so runs with the same seed share them.
 */
export const weightPerturbation: Analysis<WeightPerturbationSettings, WeightPerturbationResult> = {
  id: 'weight-perturbation',
  label: ANALYSIS_LABELS['weight-perturbation'],
  recomputeData: ['directions', 'adversarialInputs', 'starts'],
  parseSettings: (input) => WeightPerturbationSettingsSchema.parse(input ?? {}),
  async run(ctx, s) {
    const n = s.split === 'train' ? ctx.dataset.yTrain.length : ctx.dataset.yTest.length;
    const indices = fixedSubset(ctx.config.seed, s.split, n, s.size);
    const [x, y] = gatherSplit(ctx, s.split, indices);
    const range = ctx.dataset.inputRange;
    const attack = s.robust ? getAttack(PGD_BY_NORM[s.robust.norm]).run : null;
    const settings = s.robust ? attackSettings(s.robust) : null;
    // Common random numbers: every point's attack starts from the same stream (kept from the first point).
    const attackRng = () => Rng.stream(ctx.config.seed, 'attack', 'weight-perturbation');
    const recorder = new StartRecorder();
    const evaluate = async (forward: Forward) => {
      if (attack && settings) {
        const r = await evaluateUnderAttack(forward, attack, x, y, settings, attackRng(), range, {
          options: recorder.options,
        });
        recorder.recording = false;
        return r;
      }
      const totals = tf.tidy(() => {
        const logits = forward(x);
        return tf.stack([
          tf.mean(perExampleCrossEntropy(logits, y)),
          tf.div(correctCount(logits, y), y.shape[0]),
        ]);
      });
      const [loss, acc] = await totals.data();
      totals.dispose();
      return { loss, acc };
    };
    const directions: WeightPerturbation[] = [];
    let adversarialInputs: Float32Array | null = null;
    try {
      // AWP's direction at w, scaled per layer to ‖d_l‖ = ‖w_l‖ (γ = 1).
      const xAdv =
        attack && settings ? attack(forwardOf(ctx.model, ctx.params), x, y, settings, attackRng(), range) : x;
      const grads = tf.tidy(() =>
        tf.grads((...ws: tf.Tensor[]) => crossEntropy(ctx.model.apply(ws, xAdv).logits, y))([...ctx.params]),
      );
      if (xAdv !== x) {
        [adversarialInputs] = await readValues([xAdv]);
        xAdv.dispose();
      }
      directions.push(scaleToLayerNorms(ctx.params, grads, 1));
      tf.dispose(grads);
      for (let k = 0; k < s.randomDraws; k++)
        directions.push(
          randomWeightPerturbation(
            ctx.params,
            1,
            Rng.stream(ctx.config.seed, 'directions', 'random-weight', k),
          ),
        );

      const grid = linspace(0, s.gammaMax, s.points);
      const gammas: number[] = [];
      const curves: PerturbationCurve[] = directions.map(() => ({ loss: [], acc: [] }));
      for (const gamma of grid) {
        for (const [k, d] of directions.entries()) {
          const params = tf.tidy(() => shifted(ctx.params, d, gamma));
          const r = await evaluate(forwardOf(ctx.model, params));
          tf.dispose(params.filter((p, i) => p !== ctx.params[i]));
          curves[k].loss.push(r.loss);
          curves[k].acc.push(r.acc);
        }
        gammas.push(gamma);
        // Cancelled: return the points done so far.
        if (gammas.length < grid.length && !(await ctx.progress(gammas.length / grid.length))) break;
      }
      const [adversarial, ...each] = curves;
      const mean = (pick: (c: PerturbationCurve) => number[]) =>
        gammas.map((_, i) => each.reduce((sum, c) => sum + pick(c)[i], 0) / each.length);
      const random = { loss: mean((c) => c.loss), acc: mean((c) => c.acc), each };
      const last = gammas.length - 1;
      const adversarialRise = adversarial.loss[last] - adversarial.loss[0];
      const randomRise = random.loss[last] - random.loss[0];
      const present = directions.flat().filter((t): t is tf.Tensor => t !== null);
      const [values, starts] = await Promise.all([readValues(present), recorder.read()]);
      let next = 0;
      return {
        gammas,
        adversarial,
        random,
        robust: s.robust !== null,
        split: s.split,
        size: indices.length,
        indices,
        directions: directions.map((d) => d.map((t) => (t === null ? null : values[next++]))),
        adversarialInputs,
        starts,
        metrics: { adversarialRise, randomRise, riseRatio: adversarialRise / randomRise },
      };
    } finally {
      recorder.dispose();
      tf.dispose([x, y, ...directions.flat().filter((t): t is tf.Tensor => t !== null)]);
    }
  },
};
