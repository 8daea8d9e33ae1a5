import { describe, expect, it } from 'vitest';
import { ModelSchema } from '../../src/core/config';
import type { Dataset } from '../../src/core/data/dataset';
import { MODEL_CARDS } from '../../src/core/models/cards';
import { buildModel } from '../../src/core/models/registry';

/** Only what buildModel reads before it builds anything. */
const shaped = (inputShape: number[]) => ({ name: 'test data', inputShape, numClasses: 2 }) as Dataset;

describe('model cards', () => {
  it("each card's section is the config's model variant of its kind, with the same defaults", () => {
    for (const card of MODEL_CARDS)
      expect(ModelSchema.parse({ kind: card.kind }), card.kind).toEqual(
        card.schema.parse({ kind: card.kind }),
      );
    expect(() => ModelSchema.parse({ kind: 'no-such-model' })).toThrow();
  });

  it('a model refuses the data its card does not take, naming both', () => {
    const points = shaped([2]);
    const images = shaped([28, 28, 1]);
    for (const card of MODEL_CARDS) {
      const cfg = ModelSchema.parse({ kind: card.kind });
      for (const [input, data] of [
        ['points', points],
        ['images', images],
      ] as const)
        if (!card.inputs.includes(input))
          expect(() => buildModel(cfg, data), card.kind).toThrow(`The ${card.label} takes`);
    }
    expect(MODEL_CARDS.filter((c) => !c.inputs.includes('images')).length).toBeGreaterThan(0);
    expect(MODEL_CARDS.filter((c) => !c.inputs.includes('points')).length).toBeGreaterThan(0);
  });
});
