import { z } from 'zod';
import * as tf from '../tf';
import type { ExperimentConfig } from '../config';
import { forwardOf } from '../attacks/attack';
import { ATTACK_NORMS, attackSettings, PGD_BY_NORM } from '../attacks/attack-ids';
import { evaluateUnderAttack } from '../attacks/evaluate';
import { getAttack } from '../attacks/registry';
import { StartRecorder } from '../attacks/start-recorder';
import { Rng } from '../rng';
import type { Analysis, AnalysisContext } from './analysis';
import { ANALYSIS_LABELS } from './analysis-ids';

export type Split = 'train' | 'test';

/**
 * A fixed, seeded subset of a split: the first `size` indices of a permutation from the run's "subset"
 * stream, sorted. The same for every epoch (and nested: a smaller size is a prefix of a larger one).
 */
export function fixedSubset(seed: number, split: Split, n: number, size: number): Int32Array {
  return Rng.stream(seed, 'subset', split).permutation(n).slice(0, Math.min(size, n)).sort();
}

/** The split's inputs and labels at `indices`, gathered on the device (the caller disposes them). */
export function gatherSplit(
  ctx: AnalysisContext,
  split: Split,
  indices: Int32Array,
): [tf.Tensor, tf.Tensor1D] {
  const { xTrain, yTrain, xTest, yTest } = ctx.tensors;
  const [x, y] = split === 'train' ? [xTrain, yTrain] : [xTest, yTest];
  return tf.tidy(() => {
    const idx = tf.tensor1d(indices, 'int32');
    return [tf.gather(x, idx), tf.gather(y, idx) as tf.Tensor1D];
  });
}

const RobustSettingsSchema = z.object({
  norm: z.enum(ATTACK_NORMS).default('linf'),
  epsilon: z.number().min(0).default(0.2),
  steps: z.number().int().min(1).max(1000).default(20),
  stepSize: z.number().min(0).nullable().default(null),
  restarts: z.number().int().min(1).max(100).default(1),
  testSize: z.number().int().min(1).default(256),
  trainSize: z.number().int().min(1).default(256),
});
export type RobustSettings = z.infer<typeof RobustSettingsSchema>;

export interface RobustResult {
  /** Merged into the epoch's `extra` by the runner. robustGap = robustTrainAcc − robustTestAcc. */
  metrics: {
    robustTestAcc: number;
    robustTrainAcc: number;
    robustTestLoss: number;
    robustTrainLoss: number;
    robustGap: number;
  };
  attack: string;
  epsilon: number;
  steps: number;
  /** α actually used. */
  stepSize: number;
  restarts: number;
  testSize: number;
  trainSize: number;
  /** The fixed subsets: indices into each split (sorted). */
  indices: Record<Split, Int32Array>;
  /** Per split, the random start δ₀ of each restart: [subset size × example size], row-major. */
  starts: Record<Split, Float32Array[]>;
}

/**
 * Robust accuracy under PGD (docs/methods/attacks.md#pgd-l-inf / docs/methods/attacks.md#pgd-l2, evaluation settings docs/methods/attacks.md#defaults: K = 20 on moons, 40 on MNIST)
 * on a fixed test subset and a fixed training subset, so the robust generalisation gap (train − test robust
 * accuracy) can be drawn next to the clean curves. Runs after every `config.robustEval.every` epochs when
 * `config.robustEval.enabled`. Random starts come from the run's "attack/robust" stream, the same every epoch,
 * so the numbers are a deterministic function of the parameters.
 */
export const robust: Analysis<RobustSettings, RobustResult> = {
  id: 'robust',
  label: ANALYSIS_LABELS['robust'],
  recomputeData: ['starts'],
  parseSettings: (input) => RobustSettingsSchema.parse(input ?? {}),
  perEpoch(config: ExperimentConfig, epoch: number) {
    const r = config.robustEval;
    if (!r.enabled || (epoch % r.every !== 0 && epoch !== config.training.epochs)) return null;
    const { norm, epsilon, steps, stepSize, restarts, testSize, trainSize } = r;
    return { norm, epsilon, steps, stepSize, restarts, testSize, trainSize };
  },
  async run(ctx, s) {
    const attack = getAttack(PGD_BY_NORM[s.norm]);
    const forward = forwardOf(ctx.model, ctx.params);
    const settings = attackSettings(s);
    const sizes: Record<Split, number> = { test: s.testSize, train: s.trainSize };
    const out: Record<Split, { loss: number; acc: number; size: number }> = {
      test: { loss: NaN, acc: NaN, size: 0 },
      train: { loss: NaN, acc: NaN, size: 0 },
    };
    const indices: Record<Split, Int32Array> = { test: new Int32Array(0), train: new Int32Array(0) };
    const starts: Record<Split, Float32Array[]> = { test: [], train: [] };
    const splits: Split[] = ['test', 'train'];
    for (const [i, split] of splits.entries()) {
      const n = split === 'train' ? ctx.dataset.yTrain.length : ctx.dataset.yTest.length;
      indices[split] = fixedSubset(ctx.config.seed, split, n, sizes[split]);
      const [x, y] = gatherSplit(ctx, split, indices[split]);
      const rng = Rng.stream(ctx.config.seed, 'attack', 'robust', split);
      const recorder = new StartRecorder();
      try {
        const r = await evaluateUnderAttack(
          forward,
          attack.run,
          x,
          y,
          settings,
          rng,
          ctx.dataset.inputRange,
          {
            between: (f) => ctx.progress((i + f) / splits.length),
            options: recorder.options,
          },
        );
        out[split] = { ...r, size: indices[split].length };
        starts[split] = await recorder.read();
      } finally {
        recorder.dispose();
        tf.dispose([x, y]);
      }
    }
    return {
      metrics: {
        robustTestAcc: out.test.acc,
        robustTrainAcc: out.train.acc,
        robustTestLoss: out.test.loss,
        robustTrainLoss: out.train.loss,
        robustGap: out.train.acc - out.test.acc,
      },
      attack: attack.id,
      epsilon: s.epsilon,
      steps: s.steps,
      stepSize: s.stepSize ?? attack.defaultStepSize(s.epsilon, s.steps),
      restarts: s.restarts,
      testSize: out.test.size,
      trainSize: out.train.size,
      indices,
      starts,
    };
  },
};
