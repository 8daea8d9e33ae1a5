/**
 * Combinations of valid settings that still cannot run together (an MLP for 2-D points on MNIST images, a CNN
 * on two moons, points that all share one label), each repaired to the nearest combination that can, with a
 * sentence saying what changed. Links go through it; the form never produces such a combination (choosing a
 * dataset picks a model that fits it, with the same `modelFor`). Pure data, no tfjs.
 */
import type { DataConfig, ExperimentConfig, ModelConfig } from './config';
import { defaultModelFor } from './models/presets';

const DATA_NAMES: Record<DataConfig['kind'], string> = {
  moons: 'Two moons are 2-D points',
  csv: 'Your points are 2-D points',
  mnist: 'MNIST digits are images',
};

/**
 * True when the model can read the data: CNNs take images, MLPs take 2-D points; AW-Net builds its base
 * (MLP or CNN) from the data, so it reads either.
 */
export const modelFits = (data: DataConfig['kind'], model: ModelConfig) =>
  model.kind === 'awnet' || (model.kind === 'cnn') === (data === 'mnist');

/** The model itself when it fits the data, else the data's default model. */
export const modelFor = (data: DataConfig['kind'], model: ModelConfig): ModelConfig =>
  modelFits(data, model) ? model : defaultModelFor(data).model;

export interface Repaired {
  config: ExperimentConfig;
  /** One sentence per repair, for the banner. */
  notes: string[];
}

/**
 * `given` says which sections the source named: a model the link does not name follows its data silently
 * (as the form's dataset menu does); a model it names that cannot read the data is replaced, and said so; a
 * CNN named without data brings the data it reads (MNIST).
 */
export function repairCombinations(
  config: ExperimentConfig,
  given: { data: boolean; model: boolean } = { data: true, model: true },
): Repaired {
  const notes: string[] = [];
  let out = config;
  if (out.data.kind === 'csv' && new Set(out.data.points.map((p) => p[2])).size < 2) {
    notes.push(
      'Your points all have the same label, and training needs at least two classes; two moons are used.',
    );
    out = { ...out, data: { kind: 'moons', n: 1000, noise: 0.15, testFraction: out.data.testFraction } };
  }
  if (!modelFits(out.data.kind, out.model) && !given.model)
    out = { ...out, model: modelFor(out.data.kind, out.model) };
  if (!modelFits(out.data.kind, out.model) && !given.data && out.model.kind === 'cnn') {
    notes.push('A CNN reads images, and the link names no dataset; MNIST digits are used.');
    out = { ...out, data: { kind: 'mnist', trainSize: 8000, testSize: 2000 } };
  }
  if (!modelFits(out.data.kind, out.model)) {
    const preset = defaultModelFor(out.data.kind);
    const wanted = out.model.kind === 'cnn' ? 'a CNN, which reads images' : 'an MLP for 2-D points';
    notes.push(`${DATA_NAMES[out.data.kind]}, and the link asks for ${wanted}; the ${preset.label} is used.`);
    out = { ...out, model: preset.model };
  }
  return { config: out, notes };
}
