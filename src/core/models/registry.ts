import type { ModelConfig } from '../config';
import type { Dataset } from '../data/dataset';
import { createAwnet } from './awnet';
import { CNN_ARCHITECTURES, createCnn } from './cnn';
import { createMlp } from './mlp';
import type { ModelInput } from './card';
import { MODEL_CARD } from './cards';
import type { Model } from './model';

type Builders = {
  [K in ModelConfig['kind']]: (cfg: Extract<ModelConfig, { kind: K }>, data: Dataset) => Model;
};

/** Model builders by config kind. */
const BUILDERS: Builders = {
  mlp: (cfg, data) => createMlp(data.inputShape[0], cfg.hidden, data.numClasses, cfg.activation),
  cnn: (cfg, data) =>
    createCnn(
      data.inputShape as [number, number, number],
      CNN_ARCHITECTURES[cfg.preset],
      data.numClasses,
      cfg.preset,
    ),
  awnet: (cfg, data) => createAwnet(data.inputShape, data.numClasses, cfg, CNN_ARCHITECTURES[cfg.preset]),
};

/** The model of a config for a dataset; its card says which data it takes (flat points or images). */
export function buildModel(cfg: ModelConfig, data: Dataset): Model {
  const card = MODEL_CARD[cfg.kind];
  const input: ModelInput = data.inputShape.length === 3 ? 'images' : 'points';
  if (!card.inputs.includes(input))
    throw new Error(
      `The ${card.label} takes ${card.inputs.join(' or ')}; ${data.name} has shape ${data.inputShape.join('×')}.`,
    );
  return (BUILDERS[cfg.kind] as (c: ModelConfig, d: Dataset) => Model)(cfg, data);
}
