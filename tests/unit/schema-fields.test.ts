import { describe, expect, it } from 'vitest';
import { ExperimentConfigSchema } from '../../src/core/config';
import { HANDMADE } from '../../src/app/controls/ConfigControls';
import { describeField, sectionShape } from '../../src/app/controls/SchemaFields';

// The sections the settings form draws by hand (or, like `analyses`, not at all) are left out.
describe('generated controls', () => {
  const sections = Object.entries(ExperimentConfigSchema.shape).filter(([k]) => !HANDMADE.has(k));

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
