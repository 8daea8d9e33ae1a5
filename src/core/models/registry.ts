import type { ModelConfig } from '../config';
import type { Dataset } from '../data/dataset';
import { createAwnet } from './awnet';
import { CNN_ARCHITECTURES, createCnn } from './cnn';
import { createMlp } from './mlp';
import type { Model } from './model';

type Builders = {
  [K in ModelConfig['kind']]: (cfg: Extract<ModelConfig, { kind: K }>, data: Dataset) => Model;
};

/** Model builders by config kind. */
const BUILDERS: Builders = {
  mlp: (cfg, data) => {
    if (data.inputShape.length !== 1)
      throw new Error(
        `An MLP needs flat inputs; ${data.name} has shape ${data.inputShape.join('×')}. Use a CNN.`,
      );
    return createMlp(data.inputShape[0], cfg.hidden, data.numClasses, cfg.activation);
  },
  cnn: (cfg, data) => {
    if (data.inputShape.length !== 3)
      throw new Error(
        `A CNN needs image inputs; ${data.name} has shape ${data.inputShape.join('×')}. Use an MLP.`,
      );
    return createCnn(
      data.inputShape as [number, number, number],
      CNN_ARCHITECTURES[cfg.preset],
      data.numClasses,
      cfg.preset,
    );
  },
  awnet: (cfg, data) => createAwnet(data.inputShape, data.numClasses, cfg, CNN_ARCHITECTURES[cfg.preset]),
};

export function buildModel(cfg: ModelConfig, data: Dataset): Model {
  return (BUILDERS[cfg.kind] as (c: ModelConfig, d: Dataset) => Model)(cfg, data);
}
