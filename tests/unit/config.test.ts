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
    expect(r).toEqual({ ok: true, config: defaultConfig(), warnings: [] });
    expect(defaultConfig()).toMatchObject({
      version: CONFIG_VERSION,
      data: { kind: 'moons', n: 1000 },
      model: { kind: 'mlp', hidden: [16, 16], activation: 'tanh' },
      optimizer: { kind: 'adam' },
      training: { method: 'standard' },
    });
  });

  it('strict: rejects nonsense with one message per field, naming it', () => {
    expect(strictErrors({ model: { kind: 'mlp', activation: 'sigmoid' } })).toEqual([
      'model.activation: Invalid option: expected one of "relu"|"tanh"|"elu" (got "sigmoid")',
    ]);
    const errors = strictErrors({
      seed: 1.5,
      data: { kind: 'faces' },
      optimizer: { kind: 'rmsprop' },
      training: { batchSize: 'big', snapshots: 'yes' },
    });
    expect(errors.map((e) => e.split(':')[0]).sort()).toEqual([
      'data.kind',
      'optimizer.kind',
      'seed',
      'training.batchSize',
      'training.snapshots',
    ]);
    expect(errors.find((e) => e.startsWith('training.batchSize'))).toMatch(/expected number.*\(got "big"\)$/);
    expect(strictErrors({ model: { kind: 'mlp', hidden: [16, 'wide'] } })[0]).toMatch(/^model\.hidden\.1: /);
    expect(strictErrors({ data: { kind: 'csv', points: [[0, 0, 0]] } })[0]).toMatch(/^data\.points: /);
    expect(strictErrors('seed=3')).toEqual(['(root): expected a JSON object']);
    expect(strictErrors([1])).toEqual(['(root): expected a JSON object']);
  });

  it('clamps out-of-range numbers to the nearest bound, with a warning', () => {
    const r = parseConfig({
      seed: 0,
      data: { kind: 'moons', n: 5, noise: 3 },
      optimizer: { lr: 50 },
      training: { epochs: 5000 },
      model: { kind: 'mlp', hidden: [16, 9999] },
    });
    if (!r.ok) throw new Error(r.errors.join('\n'));
    expect(r.config.seed).toBe(1);
    expect(r.config.data).toEqual({ kind: 'moons', n: 20, noise: 1, testFraction: 0.3 });
    expect(r.config.optimizer.lr).toBe(10);
    expect(r.config.training.epochs).toBe(1000);
    expect(r.config.model).toMatchObject({ hidden: [16, 512] });
    expect(r.warnings.sort()).toEqual([
      'data.n: 5 is out of range; 20 is used',
      'data.noise: 3 is out of range; 1 is used',
      'model.hidden.1: 9999 is out of range; 512 is used',
      'optimizer.lr: 50 is out of range; 10 is used',
      'seed: 0 is out of range; 1 is used',
      'training.epochs: 5000 is out of range; 1000 is used',
    ]);
  });

  it('lenient (links): drops bad fields so their defaults apply, with a warning naming each', () => {
    const r = parseConfig(
      {
        optimizer: { kind: 'rmsprop', lr: 0.5 },
        model: { kind: 'mlp', hidden: [16, 'wide'], activation: 'elu' },
        training: { epochs: 12, method: 'magic' },
      },
      'lenient',
    );
    if (!r.ok) throw new Error(r.errors.join('\n'));
    expect(r.config.optimizer).toMatchObject({ kind: 'adam', lr: 0.5 });
    expect(r.config.model).toEqual({ kind: 'mlp', hidden: [16, 16], activation: 'elu' });
    expect(r.config.training).toMatchObject({ epochs: 12, method: 'standard' });
    expect(r.warnings).toHaveLength(3);
    for (const field of ['optimizer.kind', 'model.hidden.1', 'training.method'])
      expect(
        r.warnings.some((w) => w.startsWith(`${field}: `) && w.endsWith('ignored, the default is used')),
      ).toBe(true);

    const notAnObject = parseConfig('garbage', 'lenient');
    expect(notAnObject.ok && notAnObject.config).toEqual(defaultConfig());
    expect(notAnObject.warnings).toEqual(['(root): not a configuration object; the defaults are used']);
  });

  it('versions: a newer config is rejected (strict) or read as this version (lenient)', () => {
    expect(strictErrors({ version: CONFIG_VERSION + 1 })).toEqual([
      `version: ${CONFIG_VERSION + 1} comes from a newer Basin than this one (version ${CONFIG_VERSION})`,
    ]);
    const r = parseConfig({ version: CONFIG_VERSION + 1, seed: 9 }, 'lenient');
    expect(r.ok && r.config.seed).toBe(9);
    expect(r.warnings[0]).toMatch(/newer Basin.*read as version 1/);
    expect(strictErrors({ version: 'one' })).toEqual(['version: "one" is not a known config version']);
  });
});
