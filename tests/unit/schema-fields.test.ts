import { describe, expect, it } from 'vitest';
import { ExperimentConfigSchema } from '../../src/core/config';
import { describeField, sectionShape } from '../../src/app/controls/SchemaFields';

// `analyses` (requested analyses, a list) is set from config files and links, not from a form.
const HANDMADE = [
  'version',
  'seed',
  'data',
  'model',
  'optimizer',
  'training',
  'backend',
  'landscapeWorkers',
  'analyses',
];

describe('generated controls', () => {
  const sections = Object.entries(ExperimentConfigSchema.shape).filter(([k]) => !HANDMADE.includes(k));

  it('covers every field of every section without hand-made controls', () => {
    expect(sections.length).toBeGreaterThan(0);
    for (const [name, schema] of sections) {
      const shape = sectionShape(schema);
      expect(shape, name).not.toBeNull();
      for (const [key, field] of Object.entries(shape!))
        expect(describeField(field).field.kind, `${name}.${key} has no generated control`).not.toBe('other');
    }
  });

  it('reads ranges, integer-ness, nullability and list sizes from the schema', () => {
    const attack = sectionShape(ExperimentConfigSchema.shape.attack)!;
    expect(describeField(attack.steps).field).toEqual({
      kind: 'number',
      min: 1,
      max: 200,
      integer: true,
      nullable: false,
    });
    expect(describeField(attack.stepSize).field).toMatchObject({
      kind: 'number',
      nullable: true,
      min: 0,
      max: 10,
    });
    const landscape = sectionShape(ExperimentConfigSchema.shape.landscape)!;
    expect(describeField(landscape.splits).field).toMatchObject({ kind: 'enumList', min: 1, max: 2 });
  });
});
