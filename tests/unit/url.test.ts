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
    ['#hello', /not a Basin settings link/],
    ['#v1.c=NoWaYThisIsLzString', /compressed settings in this link could not be read/],
    [
      `#v1.c=${compressToEncodedURIComponent('{"seed": 3, "data": {"kind": "moo').slice(0, 20)}`,
      /could not be read \(is the link cut short\?\)/,
    ],
    ['#v1&seed=abc', /^Seed: “abc” is not a number; the default \(1\) is used\.$/],
    ['#v1&seed=0x10', /^Seed: “0x10” is not a number/],
    ['#v1&seed=-5', /^Seed: -5 is below the smallest allowed value; 1 is used\.$/],
    ['#v1&optimizer.lr=1e9', /^Learning rate: 1000000000 is above the largest allowed value; 10 is used\.$/],
    [
      '#v1&data.kind=<script>alert(1)</script>',
      /^Dataset: “<script>alert\(1\)<\/script>” is not one Basin knows/,
    ],
    ['#v1&__proto__.polluted=1', /“__proto__\.polluted” is not a setting name/],
    ['#v1&constructor.prototype.x=1', /is not a setting name/],
    ['#v1&bogus.field=3', /^“bogus\.field” is not a setting Basin knows; it was ignored\.$/],
    ['#v1&seed', /“seed” has no value/],
    ['#v1&seed=%E0%A4%A', /broken %-encoding/],
    ['#v99&seed=7', /newer Basin/],
    ['#v1?seed=7', /not in a form Basin reads/],
    ['#v1&seed=4&seed=9', /“seed” appears more than once; the last value is used/],
    ['#v1&data.n=30&data=5', /“data” conflicts with another part of the link/],
    [`#v1&training.method=${'x'.repeat(5000)}`, /^Training method: “x{40}…” is not one Basin knows/],
  ];
  for (const [hash, expected] of garbled)
    it(`survives ${hash.slice(0, 40)}`, () => {
      const back = decodeHash(hash);
      expect(back.present).toBe(true);
      expect(back.warnings.some((w) => expected.test(w))).toBe(true);
      // Whatever came in, what comes out is a valid config.
      expect(parseConfig(back.config).ok).toBe(true);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      // Plain words only, each said once.
      expect(new Set(back.warnings).size).toBe(back.warnings.length);
      for (const w of back.warnings)
        expect(w).not.toMatch(/invalid input|discriminator|expected|received|\(root\)/i);
    });

  it('a newer link version still keeps the fields it can read', () => {
    const back = decodeHash('#v99&seed=7');
    expect(back.config.seed).toBe(7);
  });

  it('refuses absurdly long links without reading them', () => {
    const back = decodeHash(`#v1&seed=${'1'.repeat(2_100_000)}`);
    expect(back.warnings[0]).toMatch(/more than Basin reads/);
    expect(back.config).toEqual(defaultConfig());
  });

  it('caps the number of warnings listed', () => {
    const many = Array.from({ length: 60 }, (_, i) => `x${i}=1`).join('&');
    const back = decodeHash(`#v1&${many}`);
    expect(back.warnings.length).toBeLessThanOrEqual(26);
    expect(back.warnings[back.warnings.length - 1]).toMatch(/and \d+ more/);
  });
});

describe('links reach a consistent state', () => {
  it('a dataset alone brings the model and attack settings that fit it, without a message', () => {
    const back = decodeHash('#v1&data.kind=mnist');
    expect(back.warnings).toEqual([]);
    expect(back.config.data.kind).toBe('mnist');
    expect(back.config.model).toEqual({ kind: 'cnn', preset: 'small' });
    expect(back.config.attack.epsilon).toBe(0.3);
    expect(back.config.robustEval.steps).toBe(40);
  });

  it('a CNN alone brings the data it reads, and says so', () => {
    const back = decodeHash('#v1&model.kind=cnn');
    expect(back.config.data.kind).toBe('mnist');
    expect(back.config.model).toEqual({ kind: 'cnn', preset: 'small' });
    expect(back.warnings).toEqual([
      'A CNN reads images, and the link names no dataset; MNIST digits are used.',
    ]);
  });

  it('MNIST with an MLP, or two moons with a CNN: the model is replaced by the one that fits, and said so', () => {
    const mnist = decodeHash('#v1&data.kind=mnist&model.kind=mlp&model.hidden=16,16');
    expect(mnist.config.model).toEqual({ kind: 'cnn', preset: 'small' });
    expect(mnist.warnings).toEqual([
      'MNIST digits are images, and the link asks for an MLP for 2-D points; the Fast CNN is used.',
    ]);
    const moons = decodeHash('#v1&data.kind=moons&model.kind=cnn&model.preset=lsa-b');
    expect(moons.config.model).toEqual(defaultConfig().model);
    expect(moons.warnings).toEqual([
      'Two moons are 2-D points, and the link asks for a CNN, which reads images; the Fast MLP 2-16-16-2 is used.',
    ]);
  });

  it('points that all share one label become two moons, and the banner says why', () => {
    const points = [
      [0, 0, 1],
      [1, 0, 1],
      [0, 1, 1],
      [1, 1, 1],
    ];
    const back = decodeHash(
      `#v1.c=${compressToEncodedURIComponent(JSON.stringify({ data: { kind: 'csv', points } }))}`,
    );
    expect(back.config.data.kind).toBe('moons');
    expect(back.warnings[0]).toMatch(/all have the same label/);
  });

  it('a compressed section without its kind is read like a plain one: that kind, those settings', () => {
    const back = decodeHash(`#v1.c=${compressToEncodedURIComponent('{"data":{"n":50}}')}`);
    expect(back.warnings).toEqual([]);
    expect(back.config.data).toMatchObject({ kind: 'moons', n: 50 });
  });

  it('every repaired link, encoded again, reads back without a message', () => {
    for (const hash of ['#v1&model.kind=cnn', '#v1&data.kind=mnist&model.kind=mlp', '#v1&optimizer.lr=100'])
      expect(decodeHash(encodeConfig(decodeHash(hash).config)).warnings).toEqual([]);
  });
});
