import { describe, expect, it } from 'vitest';
import { CONFIG_VERSION, defaultConfig, parseConfig } from '../../src/core/config';

const strictErrors = (input: unknown) => {
  const r = parseConfig(input, 'strict');
  if (r.ok) throw new Error('expected the config to be rejected');
  return r.errors;
};

describe('parseConfig', () => {
  it('fills every default from an empty object', () => {
    const r = parseConfig({});
    expect(r).toEqual({ ok: true, config: defaultConfig(), warnings: [], notes: [] });
    expect(defaultConfig()).toMatchObject({
      version: CONFIG_VERSION,
      data: { kind: 'moons', n: 1000 },
      model: { kind: 'mlp', hidden: [16, 16], activation: 'tanh' },
      optimizer: { kind: 'adam' },
      training: { method: 'standard' },
    });
  });

  it('strict: rejects nonsense with one plain sentence per field, naming it as the form does', () => {
    expect(strictErrors({ model: { kind: 'mlp', activation: 'sigmoid' } })).toEqual([
      'Activation: “sigmoid” is not one Basin knows (“relu”, “tanh”, “elu”).',
    ]);
    const r = parseConfig(
      {
        seed: 1.5,
        data: { kind: 'faces' },
        optimizer: { kind: 'rmsprop' },
        training: { batchSize: 'big', snapshots: 'yes' },
      },
      'strict',
    );
    expect(r.ok).toBe(false);
    expect(
      r.notes
        .filter((n) => n.error)
        .map((n) => n.path)
        .sort(),
    ).toEqual(['data.kind', 'optimizer.kind', 'training.batchSize', 'training.snapshots']);
    if (r.ok) return;
    expect(r.errors).toContain('Batch size: “big” is not a number.');
    expect(r.errors).toContain(
      'Dataset: “faces” is not one Basin knows (two moons, MNIST digits, your own points).',
    );
    // A fraction in a whole-number setting is rounded, with a warning, like a number out of range.
    expect(r.warnings).toEqual(['Seed: 1.5 is not a whole number; 2 is used.']);
    expect(strictErrors({ model: { kind: 'mlp', hidden: [16, 'wide'] } })).toEqual([
      'Hidden layers: “wide” is not a number.',
    ]);
    expect(strictErrors({ data: { kind: 'csv', points: [[0, 0, 0]] } })).toEqual([
      'Your points: at least 4 items are needed.',
    ]);
    expect(strictErrors('seed=3')).toEqual(['The settings must be a JSON object ({ … }).']);
    expect(strictErrors([1])).toEqual(['The settings must be a JSON object ({ … }).']);
  });

  it('clamps out-of-range numbers to the nearest bound, with one warning each (however many bounds)', () => {
    const r = parseConfig({
      seed: 0,
      data: { kind: 'moons', n: 5, noise: 3 },
      optimizer: { lr: 50 },
      training: { epochs: 1e308 },
      model: { kind: 'mlp', hidden: [16, 9999] },
    });
    if (!r.ok) throw new Error(r.errors.join('\n'));
    expect(r.config.seed).toBe(1);
    expect(r.config.data).toEqual({ kind: 'moons', n: 20, noise: 1, testFraction: 0.3 });
    expect(r.config.optimizer.lr).toBe(10);
    expect(r.config.training.epochs).toBe(1000);
    expect(r.config.model).toMatchObject({ hidden: [16, 512] });
    expect(r.warnings.sort()).toEqual([
      'Epochs: 1e+308 is above the largest allowed value; 1000 is used.',
      'Hidden layers: 9999 is above the largest allowed value; 512 is used.',
      'Learning rate: 50 is above the largest allowed value; 10 is used.',
      'Noise: 3 is above the largest allowed value; 1 is used.',
      'Points: 5 is below the smallest allowed value; 20 is used.',
      'Seed: 0 is below the smallest allowed value; 1 is used.',
    ]);
    expect(r.notes.map((n) => n.path).sort()).toEqual([
      'data.n',
      'data.noise',
      'model.hidden.1',
      'optimizer.lr',
      'seed',
      'training.epochs',
    ]);
  });

  it('cuts an over-long list to its allowed length, with a warning', () => {
    const r = parseConfig({ model: { kind: 'mlp', hidden: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] } });
    expect(r.ok && r.config.model).toEqual({
      kind: 'mlp',
      hidden: [1, 2, 3, 4, 5, 6, 7, 8],
      activation: 'tanh',
    });
    expect(r.warnings).toEqual(['Hidden layers: 10 items are more than allowed; the first 8 are used.']);
  });

  it('lenient (links): drops bad fields so their defaults apply, saying what is used instead', () => {
    const r = parseConfig(
      {
        optimizer: { kind: 'rmsprop', lr: 0.5 },
        model: { kind: 'mlp', hidden: [16, 'wide'], activation: 'elu' },
        training: { epochs: 12, method: 'magic' },
        seed: 'Infinity',
      },
      'lenient',
    );
    if (!r.ok) throw new Error(r.errors.join('\n'));
    expect(r.config.optimizer).toMatchObject({ kind: 'adam', lr: 0.5 });
    expect(r.config.model).toEqual({ kind: 'mlp', hidden: [16, 16], activation: 'elu' });
    expect(r.config.training).toMatchObject({ epochs: 12, method: 'standard' });
    expect(r.warnings.sort()).toEqual([
      'Hidden layers: “wide” is not a number; the default (16, 16) is used.',
      'Optimiser: “rmsprop” is not one Basin knows (Adam, SGD); Adam is used.',
      'Seed: “Infinity” is not a number; the default (1) is used.',
      expect.stringMatching(
        /^Training method: “magic” is not one Basin knows \(.*\); the default \(“standard”\) is used\.$/,
      ),
    ]);

    const notAnObject = parseConfig('garbage', 'lenient');
    expect(notAnObject.ok && notAnObject.config).toEqual(defaultConfig());
    expect(notAnObject.warnings).toEqual([
      'The settings are not a group of settings; the defaults are used.',
    ]);
  });

  it('lenient: a section without its kind is that section of the default kind', () => {
    const r = parseConfig({ data: { n: 50 }, model: { hidden: [8] } }, 'lenient');
    expect(r.ok && r.config.data).toEqual({ kind: 'moons', n: 50, noise: 0.15, testFraction: 0.3 });
    expect(r.ok && r.config.model).toEqual({ kind: 'mlp', hidden: [8], activation: 'tanh' });
    expect(r.warnings).toEqual([]);
  });

  it('no message speaks the validator’s language, and none repeats', () => {
    const inputs: unknown[] = [
      { data: { kind: 'foo' } },
      { seed: 'Infinity', version: 2 },
      { training: { epochs: 1e308, batchSize: [] } },
      { landscape: { splits: [] }, atlr: { layers: 'x' } },
      { data: { kind: 'csv' } },
      { optimizer: { lr: {} }, backend: 'tpu', lsa: { perturbations: ['x', 'y'] } },
    ];
    for (const input of inputs)
      for (const mode of ['strict', 'lenient'] as const) {
        const r = parseConfig(input, mode);
        const all = [...r.warnings, ...(r.ok ? [] : r.errors)];
        expect(all.length).toBeGreaterThan(0);
        expect(new Set(all).size).toBe(all.length);
        for (const m of all) {
          expect(m).not.toMatch(
            /invalid (input|option|discriminator)|expected|received|\(root\)|9007199254740991/i,
          );
          expect(m).toMatch(/^[A-Z“]/);
        }
      }
  });

  it('versions: a newer config is rejected (strict) or read as this version (lenient)', () => {
    expect(strictErrors({ version: CONFIG_VERSION + 1 })).toEqual([
      `These settings come from a newer Basin (settings version ${CONFIG_VERSION + 1}) than this one (version ${CONFIG_VERSION}).`,
    ]);
    const r = parseConfig({ version: CONFIG_VERSION + 1, seed: 9 }, 'lenient');
    expect(r.ok && r.config.seed).toBe(9);
    expect(r.warnings[0]).toMatch(/newer Basin.*read as version 1/);
    expect(strictErrors({ version: 'one' })).toEqual(['Settings version “one” is not one Basin knows.']);
  });
});
