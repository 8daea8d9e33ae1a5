/**
 * Paper presets for Layer Sustainability Analysis (docs/methods/lsa.md): LSA's Model A on two moons and Model B on
 * MNIST (docs/methods/lsa.md#models-a-and-b, Table 1 [V-slides]), each as Normal, AT (PGD) and AT-LR runs that differ only in the training
 * method, so they can be compared side by side (same seed, data, initial weights and attack). Pure data.
 *
 * Deviations and choices, said in the UI's help text:
 * - Model A's single sigmoid logit [U] is a 2-class softmax here (every Basin model ends in a softmax).
 * - Moons n = 1000, noise 0.15 (docs/methods/lsa.md#models-a-and-b suggests 0.1–0.2 [P]); seed 313 as in the LSA README.
 * - Training ε = 0.2 on moons (docs/methods/attacks.md#defaults), 0.3 on MNIST with the in-browser PGD (K = 10, α = 0.075, docs/methods/attacks.md#defaults).
 * - Model A trains 30 epochs, Adam 0.01, batch 32: with fewer steps (e.g. 10 epochs at batch 64) this deep ELU
 *   net sits on a near-linear plateau (test accuracy ≈ 0.87 even without attack) and the comparison says little.
 * - AT-LR regularises one layer chosen by hand with γ = 1 (docs/methods/lsa.md#lsa-and-at-lr [P]): layer 2 on moons ("AT-PGD-LR-L2", the
 *   slides' naming example), layer 0 on MNIST ("AT-PGD-LR-L0", the slides' MNIST figure).
 * - Model A's LSA uses the default η = 0.5, checked as Algorithm 2 says (docs/methods/lsa.md#lsa-and-at-lr): on the
 *   Normal model, PGD's per-layer scores 0.297 / 0.383 / 0.544 with μ = 0.408, σ = 0.217 over the (sample, layer)
 *   pairs give the threshold 0.516 and MVL = [2], the layer AT-LR then regularises; every η from −0.11 to 0.62
 *   gives the same MVL. Measured, Node wasm (bench/preset-numbers.ts).
 * - Model B's sizes are for a GPU backend: measured in Node on wasm (shared CPU), an AT-PGD epoch costs about
 *   0.3 s per training image (Normal: 0.02 s), so 1000 images and 5 epochs.
 * - LSA runs after every epoch (all six perturbations on a fixed test subset) so the epochs × layers heat-map
 *   fills in; robust accuracy under PGD-20 (moons) / PGD-40 (MNIST) is tracked per epoch.
 */
import type { ExperimentConfigInput } from '../config';
import type { MethodId } from '../train/cards';
import type { ConfigPreset } from './attacks';
import { atLr } from '../train/methods/at-lr';
import { pgdAt } from '../train/methods/pgd-at';
import { standard } from '../train/methods/standard';

/** A preset of a comparison group: the runs meant to be compared side by side share a group. */
export interface ExperimentPreset extends ConfigPreset {
  group: string;
}

const MODEL_A_BASE = {
  seed: 313,
  data: { kind: 'moons', n: 1000, noise: 0.15, testFraction: 0.3 },
  model: { kind: 'mlp', hidden: [100, 100, 100], activation: 'elu' },
  optimizer: { kind: 'adam', lr: 0.01 },
  training: { epochs: 30, batchSize: 32, method: standard.id },
  attack: { kind: 'pgd', norm: 'linf', epsilon: 0.2, steps: 10, stepSize: null, restarts: 1 },
  robustEval: { enabled: true, epsilon: 0.2, steps: 20, testSize: 300, trainSize: 300 },
  lsa: { every: 1, size: 256 },
} satisfies ExperimentConfigInput;

const MODEL_B_BASE = {
  seed: 313,
  data: { kind: 'mnist', trainSize: 1000, testSize: 500 },
  model: { kind: 'cnn', preset: 'lsa-b' },
  optimizer: { kind: 'adam', lr: 0.001 },
  training: { epochs: 5, batchSize: 64, method: standard.id },
  attack: { kind: 'pgd', norm: 'linf', epsilon: 0.3, steps: 10, stepSize: 0.075, restarts: 1 },
  robustEval: { enabled: true, epsilon: 0.3, steps: 40, stepSize: 0.01, testSize: 128, trainSize: 128 },
  lsa: { every: 1, size: 128, pgdSteps: 40, pgdStepSize: 0.01 },
} satisfies ExperimentConfigInput;

type Base = typeof MODEL_A_BASE | typeof MODEL_B_BASE;

const variant = <B extends Base>(base: B, method: MethodId, extra: Partial<ExperimentConfigInput> = {}) =>
  ({ ...base, training: { ...base.training, method }, ...extra }) as ExperimentConfigInput;

export const LSA_PRESETS: readonly ExperimentPreset[] = [
  {
    id: 'lsa-a-normal',
    label: 'LSA Model A · Normal',
    description:
      'Two moons, LSA Model A (2-100-100-100-2, ELU), trained on clean inputs. LSA per epoch shows which layer moves most under FGSM, PGD and noise; its MVL under PGD is layer 2 (test accuracy 0.980).',
    group: 'lsa-a',
    config: variant(MODEL_A_BASE, standard.id),
  },
  {
    id: 'lsa-a-at',
    label: 'LSA Model A · AT-PGD',
    description:
      'The same model and seed, adversarially trained on PGD (ε = 0.2, 10 steps). Measured: test accuracy 0.953, layer relative errors under PGD 0.253 / 0.254 / 0.357.',
    group: 'lsa-a',
    config: variant(MODEL_A_BASE, pgdAt.id),
  },
  {
    id: 'lsa-a-atlr',
    label: 'LSA Model A · AT-PGD-LR-L2',
    description:
      'AT-PGD plus γ = 1 × the relative error of layer 2 between clean and adversarial inputs. Measured: test accuracy 0.953, relative errors 0.242 / 0.224 / 0.035 (layer 2: 0.357 under AT-PGD).',
    group: 'lsa-a',
    config: variant(MODEL_A_BASE, atLr.id, {
      atlr: { base: 'pgd', layers: [2], gamma: 1 },
    }),
  },
  {
    id: 'lsa-b-normal',
    label: 'LSA Model B · Normal',
    description:
      'MNIST (1000 training images), LSA Model B (conv16-conv32-pool-conv64-pool-fc100-10), trained on clean inputs.',
    group: 'lsa-b',
    config: variant(MODEL_B_BASE, standard.id),
  },
  {
    id: 'lsa-b-at',
    label: 'LSA Model B · AT-PGD',
    description: 'The same model and seed, adversarially trained on PGD (ε = 0.3, 10 steps of 0.075).',
    group: 'lsa-b',
    config: variant(MODEL_B_BASE, pgdAt.id),
  },
  {
    id: 'lsa-b-atlr',
    label: 'LSA Model B · AT-PGD-LR-L0',
    description: 'AT-PGD plus γ = 1 × the relative error of layer 0 (the first convolution’s ReLU output).',
    group: 'lsa-b',
    config: variant(MODEL_B_BASE, atLr.id, {
      atlr: { base: 'pgd', layers: [0], gamma: 1 },
    }),
  },
];

export function lsaPreset(id: string): ExperimentPreset {
  const p = LSA_PRESETS.find((q) => q.id === id);
  if (!p) throw new Error(`Unknown LSA preset "${id}"`);
  return p;
}
