/**
 * Ready-made experiments for adversarial training (pure data: partial configs, parsed like a link). The
 * attack settings follow docs/methods/attacks.md#defaults; the measured numbers quoted below come from the Node wasm backend,
 * seed 1, PGD-20 at ε = 0.2 on the whole moons test set (300 points).
 */
import type { ExperimentConfigInput } from '../config';
import { pgdAt } from '../train/methods/pgd-at';
import { standard } from '../train/methods/standard';
import { trades } from '../train/methods/trades';

export interface ConfigPreset {
  id: string;
  label: string;
  /** What it shows, for the help text. */
  description: string;
  config: ExperimentConfigInput;
}

/** The whole moons split (the sizes are capped at the split's size). */
const moonsRobustEval = {
  enabled: true,
  epsilon: 0.2,
  steps: 20,
  every: 1,
  testSize: 10000,
  trainSize: 10000,
} as const;
const mnistData = { kind: 'mnist', trainSize: 8000, testSize: 2000 } as const;
const mnistRobustEval = { enabled: true, epsilon: 0.3, steps: 40, every: 1 } as const;

export const ATTACK_PRESETS: ConfigPreset[] = [
  {
    id: 'moons-pgd-at',
    label: 'Moons: PGD-AT (ε = 0.2)',
    description:
      'Madry PGD-AT on the default MLP, 60 epochs. Measured: robust test accuracy 0.860 vs 0.717 for standard ' +
      'training of the same model and seed (0.833 vs 0.817 after 30 epochs): standard training keeps sharpening ' +
      'its boundary close to the points, PGD-AT keeps a margin of ε.',
    config: {
      training: { method: pgdAt.id, epochs: 60 },
      attack: { kind: 'pgd', norm: 'linf', epsilon: 0.2, steps: 10, stepSize: null, restarts: 1 },
      robustEval: moonsRobustEval,
    },
  },
  {
    id: 'moons-standard-robust',
    label: 'Moons: standard training, robust accuracy tracked',
    description:
      'The baseline of the PGD-AT preset: same model, seed and epochs, robust accuracy measured per epoch.',
    config: { training: { method: standard.id, epochs: 60 }, robustEval: moonsRobustEval },
  },
  {
    id: 'moons-trades',
    label: 'Moons: TRADES (β = 1, ε = 0.2)',
    description:
      'TRADES with the official MNIST β = 1; raise β (up to 6, docs/methods/attacks.md#defaults) to trade clean accuracy for robustness.',
    config: {
      training: { method: trades.id, epochs: 60 },
      attack: { epsilon: 0.2, steps: 10, stepSize: null },
      trades: { beta: 1 },
      robustEval: moonsRobustEval,
    },
  },
  {
    id: 'mnist-pgd-at',
    label: 'MNIST: PGD-AT (ε = 0.3, in-browser)',
    description:
      'PGD-AT with K = 10, α = 0.075 (the in-browser setting, docs/methods/attacks.md#defaults); evaluation PGD-40 on fixed subsets.',
    config: {
      data: mnistData,
      model: { kind: 'cnn', preset: 'small' },
      training: { method: pgdAt.id, epochs: 5, batchSize: 64 },
      attack: { kind: 'pgd', norm: 'linf', epsilon: 0.3, steps: 10, stepSize: null, restarts: 1 },
      robustEval: mnistRobustEval,
    },
  },
  {
    id: 'mnist-pgd-at-demo',
    label: 'MNIST: PGD-AT (ε = 0.1, quick demo)',
    description: 'A cheaper demonstration at ε = 0.1 (docs/methods/attacks.md#defaults), 3 epochs.',
    config: {
      data: mnistData,
      model: { kind: 'cnn', preset: 'small' },
      training: { method: pgdAt.id, epochs: 3, batchSize: 64 },
      attack: { kind: 'pgd', norm: 'linf', epsilon: 0.1, steps: 10, stepSize: null, restarts: 1 },
      robustEval: { ...mnistRobustEval, epsilon: 0.1, steps: 20 },
    },
  },
  {
    id: 'mnist-trades-faithful',
    label: 'MNIST: TRADES, official settings (slow)',
    description:
      'The official TRADES MNIST recipe (docs/methods/attacks.md#trades): ε = 0.3, K = 40, α = 0.01, β = 1, SGD lr 0.01 with ' +
      'momentum 0.9, batch 128; evaluation PGD-40 with α = 0.01. The official run trains 100 epochs.',
    config: {
      data: mnistData,
      model: { kind: 'cnn', preset: 'small' },
      optimizer: { kind: 'sgd', lr: 0.01, momentum: 0.9 },
      training: { method: trades.id, epochs: 10, batchSize: 128 },
      attack: { epsilon: 0.3, steps: 40, stepSize: 0.01 },
      trades: { beta: 1 },
      robustEval: { ...mnistRobustEval, stepSize: 0.01 },
    },
  },
];
