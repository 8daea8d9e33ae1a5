/**
 * The preset gallery: one-click experiments across every method, each a configuration and,
 * for comparisons, a partner run that differs in the settings it names. Pure data.
 */
import { lsaPreset } from './lsa';
import type { GalleryPreset } from './preset';
import {
  AWNET_MOONS,
  AWNET_MOONS_TANH,
  MOONS_LANDSCAPE_1D,
  MOONS_LARGE_BATCH_PATCH,
  MOONS_ROBUST_LANDSCAPE,
  MOONS_ROBUST_OVERFITTING,
  MOONS_SMALL_BATCH,
} from './settings';
import { awpAt } from '../train/methods/awp-at';
import { awpTrades } from '../train/methods/awp-trades';
import { pgdAt } from '../train/methods/pgd-at';
import { rwp } from '../train/methods/rwp';
import { standard } from '../train/methods/standard';
import { trades } from '../train/methods/trades';

/** Robust accuracy (PGD-20, ε = 0.2) on 256-point train/test subsets after every epoch. */
const moonsRobustEval = { enabled: true, epsilon: 0.2, steps: 20, every: 1, testSize: 256, trainSize: 256 };

export const PRESET_GALLERY: GalleryPreset[] = [
  {
    id: 'flat-vs-sharp',
    title: 'Flat vs sharp minima',
    description:
      'The same MLP trained for about the same number of steps with batch 8 (40 epochs) and batch 150 (400 epochs). ' +
      'The large-batch run fits the training points more closely but sits in a much narrower valley of the loss ' +
      'landscape (compare the sharpness numbers of the 1-D landscapes, drawn along the same direction) and ' +
      'generalises worse.',
    topics: ['landscape'],
    config: MOONS_SMALL_BATCH,
    label: 'batch 8',
    partner: { label: 'batch 150', patch: MOONS_LARGE_BATCH_PATCH },
    analyses: [{ analysis: 'landscape-1d', settings: MOONS_LANDSCAPE_1D }],
  },
  {
    id: 'landscape-2d',
    title: 'A 2-D loss landscape',
    description:
      'The default moons MLP, then the loss over a plane of two filter-normalised random directions around the ' +
      'trained weights (Li et al. 2018), with the optimiser’s path projected on it.',
    topics: ['landscape'],
    config: { training: { epochs: 30 } },
    label: standard.label,
    analyses: [{ analysis: 'landscape-2d', settings: { span: 1, resolution: 25 } }],
  },
  {
    id: 'pgd-at-vs-standard',
    title: 'PGD-AT vs standard training',
    description:
      'Madry adversarial training against standard training of the same MLP, seed and epochs, with PGD-20 robust ' +
      'accuracy (ε = 0.2) after every epoch: standard training draws its boundary close to the points, PGD-AT ' +
      'keeps a margin of ε (measured on wasm: robust test accuracy 0.859 vs 0.824 after 30 epochs, clean 0.950 ' +
      'vs 0.977).',
    topics: ['attacks'],
    config: {
      training: { method: standard.id, epochs: 30 },
      attack: { kind: 'pgd', epsilon: 0.2, steps: 10 },
      robustEval: moonsRobustEval,
    },
    label: standard.label,
    partner: { label: 'PGD-AT', patch: { training: { method: pgdAt.id } } },
  },
  {
    id: 'trades-beta',
    title: 'TRADES: the trade-off β',
    description:
      'TRADES with β = 1 (the official MNIST value) and β = 6 (the CIFAR value): a larger β weighs robustness ' +
      'against clean accuracy more heavily (docs/methods/attacks.md#defaults). Measured on wasm after 30 epochs: clean test ' +
      'accuracy 0.957 vs 0.897 and PGD-20 robust test accuracy 0.855 vs 0.820: on these moons β = 6 costs clean ' +
      'accuracy without buying robustness.',
    topics: ['attacks'],
    config: {
      training: { method: trades.id, epochs: 30 },
      attack: { epsilon: 0.2, steps: 10 },
      trades: { beta: 1 },
      robustEval: moonsRobustEval,
    },
    label: 'β = 1',
    partner: { label: 'β = 6', patch: { trades: { beta: 6 } } },
  },
  {
    id: 'robust-overfitting',
    title: 'Robust overfitting',
    description:
      'PGD-AT on 60 noisy moons points with a wide MLP for 150 epochs: the robust accuracy on the training points ' +
      'stays high while the robust test loss climbs from about 0.5 to 2.4 (Rice et al. 2020). Watch the robust gap open.',
    topics: ['attacks', 'awp'],
    config: MOONS_ROBUST_OVERFITTING,
    label: 'PGD-AT',
    analyses: [{ analysis: 'landscape-1d', settings: MOONS_ROBUST_LANDSCAPE }],
  },
  {
    id: 'at-vs-awp-moons',
    title: 'AT vs AT-AWP on moons',
    description:
      'The robust-overfitting setting trained with PGD-AT and with AT-AWP (γ = 0.03): same data, initial weights ' +
      'and seed. Measured (wasm, seed 3, last epoch): robust gap 0.192 → 0.146, test robust accuracy 0.725 → 0.771, ' +
      'test robust loss 2.39 → 1.06, and a flatter robust loss landscape along the same directions (largest rise of ' +
      'the robust training loss within α = ±0.5: 0.76 → 0.46, mean of three directions) (Wu, Xia, Wang 2020).',
    topics: ['awp'],
    config: MOONS_ROBUST_OVERFITTING,
    label: 'PGD-AT',
    partner: { label: 'AT-AWP', patch: { training: { method: awpAt.id } } },
    analyses: [{ analysis: 'landscape-1d', settings: MOONS_ROBUST_LANDSCAPE }],
  },
  {
    id: 'awp-vs-rwp',
    title: 'Worst-case vs random weight perturbation in training',
    description:
      'AT-AWP against its random baseline AT-RWP: both train at perturbed weights of exactly the same per-layer ' +
      'size γ‖w_l‖, one in the worst-case direction, one in a random one (docs/methods/awp.md#random-weight-perturbation). Measured on wasm ' +
      '(seed 3, last epoch): random perturbation does not help (robust gap 0.208, test robust loss 2.07, like ' +
      'PGD-AT’s 0.192 and 2.39) while AWP does (0.146, 1.06).',
    topics: ['awp'],
    config: {
      ...MOONS_ROBUST_OVERFITTING,
      training: { ...MOONS_ROBUST_OVERFITTING.training, method: rwp.id },
    },
    label: 'AT-RWP',
    partner: { label: 'AT-AWP', patch: { training: { method: awpAt.id } } },
    analyses: [{ analysis: 'landscape-1d', settings: MOONS_ROBUST_LANDSCAPE }],
  },
  {
    id: 'random-vs-worst-case',
    title: 'Random vs worst-case weight corruption',
    description:
      'A trained MLP, then its loss under weight corruptions of growing size: random ones against the worst case ' +
      'of the same size (one- and multi-step, docs/methods/corruption.md#figures), and AWP’s per-layer view: every kernel ' +
      'moved by the same fraction γ of its norm along the gradient or along random directions. Measured on wasm: ' +
      'at γ = 0.3 the worst case raises the training loss by 2.20, random directions by 0.03 on average.',
    topics: ['corruption', 'awp'],
    config: MOONS_SMALL_BATCH,
    label: standard.label,
    analyses: [
      { analysis: 'corruption-sweep', settings: {} },
      {
        analysis: 'weight-perturbation',
        settings: { gammaMax: 0.3, points: 11, randomDraws: 5, split: 'train', size: 256 },
      },
    ],
  },
  {
    id: 'trades-vs-trades-awp',
    title: 'TRADES vs TRADES-AWP on moons',
    description:
      'The robust-overfitting setting with TRADES (β = 3) and with TRADES-AWP at the preset’s γ = 0.03 (the paper ' +
      'code’s default with TRADES is 0.005). Measured on wasm: the same robust gap (0.121 for both) but a flatter ' +
      'robust loss: largest rise of the robust training loss within α = ±0.5 0.23 → 0.12.',
    topics: ['awp'],
    config: {
      ...MOONS_ROBUST_OVERFITTING,
      training: { ...MOONS_ROBUST_OVERFITTING.training, method: trades.id },
      trades: { beta: 3 },
    },
    label: 'TRADES',
    partner: { label: 'TRADES-AWP', patch: { training: { method: awpTrades.id } } },
    analyses: [{ analysis: 'landscape-1d', settings: MOONS_ROBUST_LANDSCAPE }],
  },
  {
    id: 'awp-mnist',
    title: 'AWP on MNIST',
    description:
      'The small CNN on 500 MNIST digits, PGD-AT vs AT-AWP (γ = 0.01, the paper code’s default) at ε = 0.1, ' +
      '10 epochs, robust accuracy (PGD-20) on 200 train and 200 test digits every other epoch. Measured on wasm ' +
      '(about a minute of CPU per run in Node): robust test accuracy 0.765 → 0.805, robust test loss 0.81 → 0.70, ' +
      'clean 0.900 → 0.905. Ten epochs are too few for robust overfitting here: the robust gaps stay small ' +
      '(−0.015 and 0.040).',
    topics: ['awp', 'mnist'],
    config: {
      data: { kind: 'mnist', trainSize: 500, testSize: 200 },
      model: { kind: 'cnn', preset: 'small' },
      optimizer: { kind: 'adam', lr: 0.002 },
      training: { method: pgdAt.id, epochs: 10, batchSize: 32 },
      attack: { kind: 'pgd', norm: 'linf', epsilon: 0.1, steps: 10, stepSize: null, restarts: 1 },
      robustEval: { enabled: true, epsilon: 0.1, steps: 20, every: 2, testSize: 200, trainSize: 200 },
      awp: { gamma: 0.01, warmup: 0, steps: 1 },
    },
    label: 'PGD-AT',
    partner: { label: 'AT-AWP', patch: { training: { method: awpAt.id } } },
  },
  {
    id: 'lsa-model-a',
    title: 'Paper setting: LSA Model A',
    description:
      'LSA’s moons setting (Model A: three ELU layers of 100 units, docs/methods/lsa.md#models-a-and-b; n = 1000, seed 313, LSA after ' +
      'every epoch; see the LSA presets), standard training vs PGD-AT at ε = 0.2, with the FGSM ε sweep and R&G ' +
      'score of LSA’s tables (docs/methods/lsa.md#rg-score). Measured on wasm: clean test accuracy 0.980 vs 0.953, PGD-20 robust test ' +
      'accuracy 0.827 vs 0.843 and robust test loss 0.86 vs 0.38.',
    topics: ['lsa', 'attacks'],
    config: lsaPreset('lsa-a-normal').config,
    label: 'Normal',
    partner: { label: 'AT-PGD', patch: { training: { method: pgdAt.id } } },
    analyses: [{ analysis: 'fgsm-sweep', settings: {} }],
  },
  {
    id: 'awnet-moons',
    title: 'AW-Net: a router that varies the weights per input',
    description:
      'AW-Net (Wei, Zhao, Li 2023; our design, the paper’s code is not public): a router on the input scales every ' +
      'filter of the MLP 2-32-32-2’s hidden layers per sample, trained on clean and PGD inputs attacked through the ' +
      'router, with a detection loss; beside the same network trained without attacks. Compare the router’s p(x) ' +
      'on clean and adversarial points, the clean-vs-robust scatter (add a PGD-AT run for the trade-off line) and ' +
      'the two runs’ filter weight distributions.',
    topics: ['awnet'],
    config: AWNET_MOONS,
    label: 'AW-Net',
    partner: { label: standard.label, patch: { training: { method: standard.id } } },
    analyses: [{ analysis: 'weight-distribution' }],
  },
  {
    id: 'awnet-router-attack',
    title: 'AW-Net: why the attack must go through the router',
    description:
      'The AW-Net preset with full-range tanh signals, r = 1 + tanh(V h(x)) ∈ (0, 2), beside the same training with ' +
      'λ = 0 (r ≡ 1, no router). The router panel scores PGD-20 through the whole network against the same PGD ' +
      'crafted with the router held at the clean input’s signals. Measured on wasm, seeds 1–5: robust accuracy ' +
      '0.848 vs 0.863 and loss 0.363 vs 0.318; on the same points the adaptive attack alone breaks 20, the other ' +
      'alone 2. With r ≡ 1 the two attacks coincide.',
    topics: ['awnet', 'attacks'],
    config: AWNET_MOONS_TANH,
    label: 'AW-Net (tanh, λ = 1)',
    partner: { label: 'r ≡ 1 (λ = 0)', patch: { model: { lambda: 0 } } },
  },
];

export function getPreset(id: string): GalleryPreset {
  const preset = PRESET_GALLERY.find((p) => p.id === id);
  if (!preset) throw new Error(`Unknown preset "${id}"`);
  return preset;
}
