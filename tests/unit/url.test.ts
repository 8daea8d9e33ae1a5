import { describe, expect, it } from 'vitest';
import LZString from 'lz-string';

const { compressToEncodedURIComponent } = LZString;
import { defaultConfig, parseConfig } from '../../src/core/config';
import { decodeHash, encodeConfig, encodePlain } from '../../src/app/url';

const config = (input: unknown) => {
  const r = parseConfig(input);
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.config;
};

describe('share links', () => {
  it('round-trips a config exactly', () => {
    const c = config({
      seed: 42,
      data: { kind: 'moons', n: 321, noise: 0.123456789 },
      optimizer: { lr: 0.003 },
      backend: 'wasm',
    });
    const hash = encodeConfig(c);
    const back = decodeHash(`#${hash}`);
    expect(back.warnings).toEqual([]);
    expect(back.config).toEqual(c);
  });

  it('the plain form of a whole config (nulls, lists, booleans) round-trips too', () => {
    for (const layers of [[3], [1, 2], 'mvl'])
      for (const gammaPerLayer of [[], [2.5]]) {
        const c = config({
          seed: 9,
          model: { kind: 'mlp', hidden: [], activation: 'elu' },
          training: { snapshots: false },
          atlr: { layers, gammaPerLayer },
        });
        const back = decodeHash(encodePlain(c)!);
        expect(back.warnings).toEqual([]);
        expect(back.config).toEqual(c);
      }
  });

  it('compresses long configs (CSV points) and round-trips them', () => {
    const points = Array.from({ length: 500 }, (_, i) => [Math.sin(i) * 3.1, Math.cos(i) / 7, i % 3]);
    const c = config({ data: { kind: 'csv', name: 'mine.csv', points } });
    const hash = encodeConfig(c);
    expect(hash.startsWith('v1.c=')).toBe(true);
    const back = decodeHash(hash);
    expect(back.warnings).toEqual([]);
    expect(back.config).toEqual(c);
  });

  it('reads a partial plain link: defaults for everything else', () => {
    const back = decodeHash('#v1&backend=webgpu&training.epochs=3&model.hidden=8');
    expect(back.warnings).toEqual([]);
    expect(back.config.backend).toBe('webgpu');
    expect(back.config.training.epochs).toBe(3);
    expect(back.config.model).toEqual({ kind: 'mlp', hidden: [8], activation: 'tanh' });
    expect(back.config.seed).toBe(defaultConfig().seed);
  });

  it('an empty hash is no link at all', () => {
    expect(decodeHash('')).toMatchObject({ present: false, warnings: [] });
  });

  const garbled: [string, RegExp][] = [
    ['#hello', /version tag/],
    ['#v1.c=NoWaYThisIsLzString', /could not be decoded|not valid JSON/],
    [
      `#v1.c=${compressToEncodedURIComponent('{"seed": 3, "data": {"kind": "moo').slice(0, 20)}`,
      /could not be decoded|not valid JSON/,
    ],
    ['#v1&seed=abc', /seed/],
    ['#v1&seed=-5', /seed: -5 is out of range; 1 is used/],
    ['#v1&optimizer.lr=1e9', /optimizer\.lr.*10 is used/],
    ['#v1&data.kind=<script>alert(1)</script>', /data\.kind/],
    ['#v1&__proto__.polluted=1', /not a setting name/],
    ['#v1&constructor.prototype.x=1', /not a setting name/],
    ['#v1&bogus.field=3', /bogus\.field: not a setting/],
    ['#v1&seed', /has no value/],
    ['#v1&seed=%E0%A4%A', /not valid URL encoding/],
    ['#v99&seed=7', /newer Basin/],
    ['#v1?seed=7', /not in a known format/],
    [`#v1&training.method=${'x'.repeat(5000)}`, /training\.method/],
  ];
  for (const [hash, expected] of garbled)
    it(`survives ${hash.slice(0, 40)}`, () => {
      const back = decodeHash(hash);
      expect(back.present).toBe(true);
      expect(back.warnings.join('\n')).toMatch(expected);
      // Whatever came in, what comes out is a valid config.
      expect(parseConfig(back.config).ok).toBe(true);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

  it('a newer link version still keeps the fields it can read', () => {
    const back = decodeHash('#v99&seed=7');
    expect(back.config.seed).toBe(7);
  });

  it('refuses absurdly long links without reading them', () => {
    const back = decodeHash(`#v1&seed=${'1'.repeat(2_100_000)}`);
    expect(back.warnings[0]).toMatch(/not read/);
    expect(back.config).toEqual(defaultConfig());
  });

  it('caps the number of warnings listed', () => {
    const many = Array.from({ length: 60 }, (_, i) => `x${i}=1`).join('&');
    const back = decodeHash(`#v1&${many}`);
    expect(back.warnings.length).toBeLessThanOrEqual(26);
    expect(back.warnings[back.warnings.length - 1]).toMatch(/and \d+ more/);
  });
});

describe('lenient parsing of a section without its kind', () => {
  it('drops the section to its default instead of looping', () => {
    const r = parseConfig({ model: { hidden: [8] } }, 'lenient');
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.config.model).toEqual(defaultConfig().model);
  });
});
