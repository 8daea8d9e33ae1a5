import { z } from 'zod';
import * as tf from '../tf';
import { forwardOf } from '../attacks/attack';
import { evaluateUnderAttack } from '../attacks/evaluate';
import { fgsm } from '../attacks/fgsm';
import { Rng } from '../rng';
import type { Analysis } from './analysis';
import { type Split, fixedSubset, gatherSplit } from './robust';
import { ANALYSIS_LABELS } from './analysis-ids';

/** LSA's grid for moons and MNIST, docs/methods/lsa.md#rg-score [V-slides]. */
const RG_EPSILONS = [0, 0.1, 0.2, 0.3, 0.4, 0.5];

const SweepSettingsSchema = z.object({
  epsilons: z.array(z.number().min(0)).min(1).max(64).default(RG_EPSILONS),
  split: z.enum(['test', 'train']).default('test'),
  /** A fixed seeded subset of this size, or null for the whole split. */
  size: z.number().int().min(1).nullable().default(null),
});
export type SweepSettings = z.infer<typeof SweepSettingsSchema>;

export interface SweepResult {
  epsilons: number[];
  /** Accuracy (0..1) under FGSM at each ε. */
  accuracy: number[];
  /** Mean cross-entropy under FGSM at each ε. */
  loss: number[];
  /** R&G = Σ over the grid of the accuracy in %, ε = 0 included (docs/methods/lsa.md#rg-score). */
  rg: number;
  split: Split;
  size: number;
  /** The subset: indices into the split (sorted; all of it when `size` was null). */
  indices: Int32Array;
}

/**
 * FGSM accuracy over an ε grid and LSA's R&G score, docs/methods/lsa.md#rg-score [V-slides]: R&G = Σ_ε accuracy_FGSM(ε) in
 * %, including ε = 0 (the clean accuracy); the maximum on the default grid is 600. FGSM (docs/methods/attacks.md#fgsm) is deterministic.
 */
export const fgsmSweep: Analysis<SweepSettings, SweepResult> = {
  id: 'fgsm-sweep',
  label: ANALYSIS_LABELS['fgsm-sweep'],
  parseSettings: (input) => SweepSettingsSchema.parse(input ?? {}),
  async run(ctx, s) {
    const n = s.split === 'train' ? ctx.dataset.yTrain.length : ctx.dataset.yTest.length;
    const indices = fixedSubset(ctx.config.seed, s.split, n, s.size ?? n);
    const [x, y] = gatherSplit(ctx, s.split, indices);
    const forward = forwardOf(ctx.model, ctx.params);
    const accuracy: number[] = [];
    const loss: number[] = [];
    try {
      for (const [i, epsilon] of s.epsilons.entries()) {
        const settings = { epsilon, steps: 1, stepSize: null, restarts: 1 };
        // FGSM draws nothing from its Rng.
        const r = await evaluateUnderAttack(
          forward,
          fgsm,
          x,
          y,
          settings,
          new Rng(1),
          ctx.dataset.inputRange,
          {
            chunk: 500,
          },
        );
        accuracy.push(r.acc);
        loss.push(r.loss);
        if (i + 1 < s.epsilons.length && !(await ctx.progress((i + 1) / s.epsilons.length))) break;
      }
    } finally {
      tf.dispose([x, y]);
    }
    const rg = accuracy.reduce((sum, a) => sum + 100 * a, 0);
    return {
      epsilons: s.epsilons.slice(0, accuracy.length),
      accuracy,
      loss,
      rg,
      split: s.split,
      size: indices.length,
      indices,
    };
  },
};
