import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config';
import { LSA_PRESETS } from '../../src/core/presets/lsa';
import { atlrName } from '../../src/core/train/at-lr-naming';

describe('LSA paper presets', () => {
  it('every preset strict-parses without warnings', () => {
    for (const p of LSA_PRESETS) {
      const r = parseConfig(p.config, 'strict');
      if (!r.ok) throw new Error(`${p.id}: ${r.errors.join('; ')}`);
      expect(r.warnings, p.id).toEqual([]);
    }
  });

  it('Model A on moons and Model B on MNIST, each as Normal, AT-PGD and AT-LR differing only in the method', () => {
    for (const [group, data, model] of [
      ['lsa-a', 'moons', { kind: 'mlp', hidden: [100, 100, 100], activation: 'elu' }],
      ['lsa-b', 'mnist', { kind: 'cnn', preset: 'lsa-b' }],
    ] as const) {
      const configs = LSA_PRESETS.filter((p) => p.group === group).map((p) => {
        const r = parseConfig(p.config);
        if (!r.ok) throw new Error(r.errors.join());
        return r.config;
      });
      expect(configs.map((c) => c.training.method)).toEqual(['standard', 'pgd-at', 'at-lr']);
      for (const c of configs) {
        expect(c.data.kind).toBe(data);
        expect(c.model).toEqual(model);
        expect(c.lsa.every).toBe(1);
        // Same seed, data, optimiser and attack: only the method (and AT-LR's section) differ.
        const strip = ({ training, atlr: _atlr, ...rest }: typeof c) => ({
          ...rest,
          training: { ...training, method: '' },
        });
        expect(strip(c)).toEqual(strip(configs[0]));
      }
      const atlr = configs[2].atlr;
      expect(atlr.layers).not.toBe('mvl');
      expect(atlrName(atlr)).toBe(group === 'lsa-a' ? 'AT-PGD-LR-L2' : 'AT-PGD-LR-L0');
    }
  });
});
