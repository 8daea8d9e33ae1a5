import { z } from 'zod';
import * as tf from '../tf';
import { forwardOf, sampleNorms } from '../attacks/attack';
import { ATTACK_IDS, type AttackId, configuredAttackId } from '../attacks/attack-ids';
import { getAttack } from '../attacks/registry';
import { readValues } from '../params';
import { StartRecorder } from '../attacks/start-recorder';
import { Rng } from '../rng';
import type { Analysis } from './analysis';
import { type Split, fixedSubset, gatherSplit } from './robust';
import { ANALYSIS_LABELS } from './analysis-ids';

/** Each null setting falls back to the run's training attack (`config.attack`). */
const ExamplesSettingsSchema = z.object({
  attack: z.enum(ATTACK_IDS).nullable().default(null),
  epsilon: z.number().min(0).nullable().default(null),
  steps: z.number().int().min(1).max(1000).nullable().default(null),
  stepSize: z.number().min(0).nullable().default(null),
  restarts: z.number().int().min(1).max(100).nullable().default(null),
  split: z.enum(['test', 'train']).default('test'),
  /** How many examples (a fixed seeded subset of the split), unless `indices` names them. */
  count: z.number().int().min(1).max(2000).default(64),
  indices: z.array(z.number().int().min(0)).max(2000).nullable().default(null),
});
export type ExamplesSettings = z.infer<typeof ExamplesSettingsSchema>;

export interface ExamplesResult {
  attack: AttackId;
  epsilon: number;
  /** The settings the attack actually used: 1 step, α = ε and 1 restart for FGSM, whatever the run's attack. */
  steps: number;
  stepSize: number;
  restarts: number;
  /** δ₀ of each restart, [count × example size] (none for FGSM): x_adv is the attack run from x + δ₀. */
  starts: Float32Array[];
  split: Split;
  /** One example's shape, e.g. [2] (moons: draw arrows) or [28, 28, 1] (MNIST: triptychs). */
  inputShape: number[];
  numClasses: number;
  /** Indices into the split. */
  indices: Int32Array;
  labels: Int32Array;
  /** count × example size each: x, x_adv and x_adv − x. */
  clean: Float32Array;
  adversarial: Float32Array;
  perturbation: Float32Array;
  cleanPred: Int32Array;
  adversarialPred: Int32Array;
  /** count × numClasses softmax probabilities. */
  cleanProbs: Float32Array;
  adversarialProbs: Float32Array;
  /** Per example ‖x_adv − x‖∞ and ‖x_adv − x‖₂. */
  perturbationLinf: Float32Array;
  perturbationL2: Float32Array;
}

/**
 * A few clean examples with their adversarial versions under a chosen attack and ε (docs/methods/attacks.md), their
 * predictions and perturbations: the data of the moons arrows panel (clean point → adversarial point over the
 * decision boundary; LSA figure 4, docs/methods/lsa.md#figures) and the MNIST clean / adversarial / perturbation triptychs.
 */
export const adversarialExamples: Analysis<ExamplesSettings, ExamplesResult> = {
  id: 'adversarial-examples',
  label: ANALYSIS_LABELS['adversarial-examples'],
  recomputeData: ['starts'],
  parseSettings: (input) => ExamplesSettingsSchema.parse(input ?? {}),
  async run(ctx, s) {
    const base = ctx.config.attack;
    const attack = getAttack(s.attack ?? configuredAttackId(base));
    const settings = {
      epsilon: s.epsilon ?? base.epsilon,
      steps: s.steps ?? base.steps,
      stepSize: s.stepSize ?? base.stepSize,
      restarts: s.restarts ?? base.restarts,
    };
    // What the attack reads of them (FGSM: one step of ε from x, one start), as reported in the result.
    const steps = attack.uses.steps ? settings.steps : 1;
    const used = {
      epsilon: settings.epsilon,
      steps,
      stepSize:
        (attack.uses.stepSize ? settings.stepSize : null) ?? attack.defaultStepSize(settings.epsilon, steps),
      restarts: attack.uses.restarts ? settings.restarts : 1,
    };
    const n = s.split === 'train' ? ctx.dataset.yTrain.length : ctx.dataset.yTest.length;
    const indices = s.indices
      ? Int32Array.from(s.indices.filter((i) => i < n))
      : fixedSubset(ctx.config.seed, s.split, n, s.count);
    const [x, y] = gatherSplit(ctx, s.split, indices);
    const forward = forwardOf(ctx.model, ctx.params);
    const rng = Rng.stream(ctx.config.seed, 'attack', 'examples', attack.id);
    const recorder = new StartRecorder();
    const tensors = tf.tidy(() => {
      const xAdv = attack.run(forward, x, y, settings, rng, ctx.dataset.inputRange, recorder.options);
      const delta = tf.sub(xAdv, x);
      const cleanLogits = forward(x);
      const advLogits = forward(xAdv);
      const count = indices.length;
      return [
        x,
        xAdv,
        delta,
        tf.cast(tf.argMax(cleanLogits, 1), 'float32'),
        tf.cast(tf.argMax(advLogits, 1), 'float32'),
        tf.softmax(cleanLogits),
        tf.softmax(advLogits),
        tf.max(tf.abs(delta.reshape([count, -1])), 1),
        sampleNorms(delta).reshape([count]),
      ];
    });
    const [[clean, adversarial, perturbation, cleanPred, advPred, cleanProbs, advProbs, linf, l2], starts] =
      await Promise.all([readValues(tensors), recorder.read()]);
    tf.dispose([...tensors.slice(1), x, y]);
    return {
      attack: attack.id,
      ...used,
      starts,
      split: s.split,
      inputShape: [...ctx.dataset.inputShape],
      numClasses: ctx.dataset.numClasses,
      indices,
      labels: Int32Array.from(
        indices,
        (i) => (s.split === 'train' ? ctx.dataset.yTrain : ctx.dataset.yTest)[i],
      ),
      clean,
      adversarial,
      perturbation,
      cleanPred: Int32Array.from(cleanPred),
      adversarialPred: Int32Array.from(advPred),
      cleanProbs,
      adversarialProbs: advProbs,
      perturbationLinf: linf,
      perturbationL2: l2,
    };
  },
};
