import type { DataConfig, ModelConfig } from '../config';

/** A named model for the model menu: pure data, so the UI can list presets without loading tfjs. */
export interface ModelPreset {
  id: string;
  label: string;
  /** One line for the menu's help text. */
  description: string;
  /** The data kinds it fits: MLPs take 2-D points, CNNs take images. */
  data: DataConfig['kind'][];
  /** The config's `model` section. */
  model: ModelConfig;
}

const POINTS: DataConfig['kind'][] = ['moons', 'csv'];

/** AW-Net with the defaults of its config (the base MLP or CNN follows the data). */
const AWNET_MODEL: ModelConfig = {
  kind: 'awnet',
  hidden: [32, 32],
  activation: 'tanh',
  preset: 'small',
  signal: 'mix',
  lambda: 0.5,
  routerInAnalyses: true,
};

/** The model presets, defaults first. LSA's models follow docs/methods/lsa.md#models-a-and-b (Table 1) [V-slides]. */
export const MODEL_PRESETS: readonly ModelPreset[] = [
  {
    id: 'mlp-fast',
    label: 'Fast MLP 2-16-16-2',
    description: 'Two tanh layers of 16 units: trains on two moons in seconds; the default for 2-D points.',
    data: POINTS,
    model: { kind: 'mlp', hidden: [16, 16], activation: 'tanh' },
  },
  {
    id: 'lsa-a',
    label: 'LSA Model A',
    description:
      'Three ELU layers of 100 units (LSA, Table 1; a 2-class softmax stands in for its single logit).',
    data: POINTS,
    model: { kind: 'mlp', hidden: [100, 100, 100], activation: 'elu' },
  },
  {
    id: 'cnn-fast',
    label: 'Fast CNN',
    description: 'conv8 3×3 → pool → conv16 3×3 → pool → dense 10: trains on MNIST in seconds; the default.',
    data: ['mnist'],
    model: { kind: 'cnn', preset: 'small' },
  },
  {
    id: 'lsa-b',
    label: 'LSA Model B',
    description: 'conv16 5×5 → conv32 5×5 → pool → conv64 5×5 → pool → dense 100 → 10 (LSA, Table 1).',
    data: ['mnist'],
    model: { kind: 'cnn', preset: 'lsa-b' },
  },
  {
    id: 'awnet-mlp',
    label: 'AW-Net MLP 2-32-32-2',
    description:
      'Hidden layers scaled filter by filter by a router on the input (AW-Net; the router is our proposal).',
    data: POINTS,
    model: AWNET_MODEL,
  },
  {
    id: 'awnet-cnn',
    label: 'AW-Net CNN',
    description:
      'The fast CNN, its conv layers scaled per filter by a conv-pool-dense router (AW-Net; our proposal).',
    data: ['mnist'],
    model: AWNET_MODEL,
  },
];

/** The first preset that fits a data kind: the default model for it. */
export function defaultModelFor(kind: DataConfig['kind']): ModelPreset {
  return MODEL_PRESETS.find((p) => p.data.includes(kind))!;
}
