// Temporary stand-in until src/core/models/presets.ts (data helper) is on main.
import type { DataConfig, ModelConfig } from '../../core/config';

export interface ModelPreset {
  id: string;
  label: string;
  description: string;
  data: DataConfig['kind'][];
  model: ModelConfig;
}

export const MODEL_PRESETS: readonly ModelPreset[] = [
  {
    id: 'mlp-fast',
    label: 'Fast MLP 2-16-16-2',
    description: 'Two tanh layers of 16 units.',
    data: ['moons', 'csv'],
    model: { kind: 'mlp', hidden: [16, 16], activation: 'tanh' },
  },
  {
    id: 'lsa-a',
    label: 'LSA Model A',
    description: 'Three ELU layers of 100 units.',
    data: ['moons', 'csv'],
    model: { kind: 'mlp', hidden: [100, 100, 100], activation: 'elu' },
  },
  {
    id: 'cnn-fast',
    label: 'Fast CNN',
    description: 'conv8 → pool → conv16 → pool → dense 10.',
    data: ['mnist'],
    model: { kind: 'cnn', preset: 'small' },
  },
  {
    id: 'lsa-b',
    label: 'LSA Model B',
    description: 'LSA Model B.',
    data: ['mnist'],
    model: { kind: 'cnn', preset: 'lsa-b' },
  },
];

export function defaultModelFor(kind: DataConfig['kind']): ModelPreset {
  return MODEL_PRESETS.find((p) => p.data.includes(kind))!;
}
