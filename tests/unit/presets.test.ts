import { describe, expect, it } from 'vitest';
import { buildModel } from '../../src/core/models/registry';
import { MODEL_PRESETS, defaultModelFor } from '../../src/core/models/presets';
import type { DataConfig, ExperimentConfigInput } from '../../src/core/config';
import type { Dataset } from '../../src/core/data/dataset';
import { config } from './helpers';

/** Only the shape matters for building a model. */
const shapeOnly = (inputShape: number[], numClasses: number) =>
  ({ name: 'stub', inputShape, numClasses }) as Dataset;

describe('model presets', () => {
  it('each parses as a config and builds a model for the data it names', () => {
    const sample: Record<DataConfig['kind'], { data: ExperimentConfigInput['data']; stub: Dataset }> = {
      moons: { data: { kind: 'moons' }, stub: shapeOnly([2], 2) },
      csv: {
        data: {
          kind: 'csv',
          points: [
            [0, 0, 0],
            [1, 1, 1],
            [2, 2, 0],
            [3, 3, 1],
          ],
        },
        stub: shapeOnly([2], 2),
      },
      mnist: { data: { kind: 'mnist' }, stub: shapeOnly([28, 28, 1], 10) },
    };
    for (const preset of MODEL_PRESETS) {
      for (const kind of preset.data) {
        const cfg = config({ data: sample[kind].data, model: preset.model });
        expect(cfg.model).toEqual(preset.model);
        expect(buildModel(cfg.model, sample[kind].stub).params.length).toBeGreaterThan(0);
      }
      expect(preset.description.length).toBeLessThan(120);
    }
    expect(new Set(MODEL_PRESETS.map((p) => p.id)).size).toBe(MODEL_PRESETS.length);
  });

  it('LSA Model A is 2-100-100-100-2 with ELU (docs/methods/lsa.md#models-a-and-b)', () => {
    const model = buildModel(MODEL_PRESETS.find((p) => p.id === 'lsa-a')!.model, shapeOnly([2], 2));
    expect(model.description).toBe('MLP 2-100-100-100-2 (elu)');
    expect(model.params.map((p) => p.shape)).toEqual([
      [2, 100],
      [100],
      [100, 100],
      [100],
      [100, 100],
      [100],
      [100, 2],
      [2],
    ]);
  });

  it('LSA Model B has three 5×5 convs and 576 flat features (docs/methods/lsa.md#models-a-and-b)', () => {
    const model = buildModel(MODEL_PRESETS.find((p) => p.id === 'lsa-b')!.model, shapeOnly([28, 28, 1], 10));
    expect(model.params.filter((p) => p.shape.length === 4).map((p) => p.shape)).toEqual([
      [5, 5, 1, 16],
      [5, 5, 16, 32],
      [5, 5, 32, 64],
    ]);
    expect(model.params.filter((p) => p.shape.length === 2).map((p) => p.shape)).toEqual([
      [576, 100],
      [100, 10],
    ]);
  });

  it('the defaults are the fast models', () => {
    expect(defaultModelFor('moons').id).toBe('mlp-fast');
    expect(defaultModelFor('csv').id).toBe('mlp-fast');
    expect(defaultModelFor('mnist').id).toBe('cnn-fast');
    expect(defaultModelFor('moons').model).toEqual(config().model);
  });
});
