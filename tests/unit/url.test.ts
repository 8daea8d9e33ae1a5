import { describe, expect, it } from 'vitest';
import LZString from 'lz-string';

const { compressToEncodedURIComponent } = LZString;
import { defaultConfig, parseConfig } from '../../src/core/config';
import { PRESET_GALLERY, getPreset } from '../../src/core/presets/gallery';
import { presetRuns } from '../../src/core/presets/preset';
import {
  decodeHash,
  encodeCompressed,
  encodeConfig,
  encodePlain,
  encodeReadable,
  pageUrl,
  readEmbed,
  readViewParams,
  withHide,
} from '../../src/app/url';

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

  it('the landscape-workers setting: links without it leave it out (auto); links carry a number', () => {
    expect(decodeHash('#v1&seed=3').config.landscapeWorkers).toBeUndefined();
    expect(decodeHash('#v1&landscapeWorkers=1').config.landscapeWorkers).toBe(1);
    const c = { ...defaultConfig(), landscapeWorkers: 3 };
    for (const hash of [encodeConfig(c), encodePlain(c)!])
      expect(decodeHash(hash.startsWith('#') ? hash : `#${hash}`).config.landscapeWorkers).toBe(3);
    expect(decodeHash('#v1&landscapeWorkers=0').warnings.join(' ')).toMatch(/Landscape workers/);
    const nine = parseConfig({ landscapeWorkers: 9 });
    expect(nine.ok && nine.config.landscapeWorkers).toBe(8);
    expect(nine.warnings.join(' ')).toMatch(/Landscape workers/);
    expect(parseConfig({ landscapeWorkers: 'many' }).ok).toBe(false);
    expect(parseConfig({ landscapeWorkers: 'auto' }).ok).toBe(true);
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

/** Links as Basin wrote them before readable links existed (compressed, and the full plain form). */
const FIXTURE_COMPRESSED =
  'v1.c=N4IgbgpgTgzglgewHYgFwEYA0IYQgEzQGZt8BDAFzLVAGs4lDUQBbBZGEbFDABn+4I4uNLwB06AKzYKEGBQBiUMgGMKiHuKIBfbG3wQANjRD1GaVoYAOXEAAs4+AzwDa6AGyYPAXWyr1YJQaFlRIdiC6IAhW6ixwAF7QJmZMIGTkLLaGUKJi-NKsCCwQSBQArpmo4gCc2ADuEHAA5nYUACIQKmQAnqKRFMoMDE0mEFYIKnacqO682ABGlJMAygkQxABMehAUdgipVk34ALSUtjBIZFYwexTTA2UQkYsqtCWpZGUUCLaUVK-JBgHI62JAIKCVECGBgAM1sY3ghmQuS2OFk1zQ6DmaLGq0SaCQZUMhmwUDkVCgd0x-WUBmmoHmO2oGEiUAQ8zK8gAooFjKhQCUyPNDAQ0DCyIZcIIIRZoUg4dgEXAkZoxKj5Ai0BtsRqrHj1qhCcTSeSyJTplgQLJ5PqtZJPFbBkhbagNvbFZAoL0WX46jZ+SAmmQWCxmUaSSA6maWGV-Tr0RbIipwVBY+pkQGwTLmIYNrYOfgmjsLGTDEFIPDrsqM+JLVA9rleOrk1YDWliecE8RsLrll0RaJsGWWPNyJjsAwVIYygYAMIisg8cWSiA9ikUCyJNkRIeL-AwLqt0ae73YlIWdCEE0wBDT9OaHtWRfjnBWaFU1AuR1kBi2a0b3wcDKeZcA3PgBBALNQ2heIggzEAYWVWQcgnJApxnCAACE4DIXBpmXKUQHwOAyTUDRljwJh42UWQmm9NIvh+SJJWZUBW0pMooEWe9pi-GEmhgTJsEOK9A0+GB4GfHsJQ3YSxnY85W1eAdAKVFUCSJCMROWLtDU04Sjh03E1g041wDNHC0INcReEtYMEDKUpGwKJlcgKeQgnkOAVAsJ8SM4E18DKMj4O4yZFPfEJyXOEzXXdEAIBPPo-AobITEWERmBErIemgaZWDAYxsCDENmUtErQwABWgAAZXKck-VSqDctdPPUHysp-WB4SSjAe2A0CXTddxIjIOokGLAMkQkiwVHWUgdk6e8AHVGhaMD0FGy5DG6PC0BcbxtCAA';
const FIXTURE_PLAIN =
  'v1&version=1&seed=3&data.kind=moons&data.n=1000&data.noise=0.15&data.testFraction=0.3&model.kind=mlp&model.hidden=16%2C16&model.activation=tanh&optimizer.kind=adam&optimizer.lr=0.005&optimizer.momentum=0.9&optimizer.weightDecay=0&training.epochs=60&training.batchSize=32&training.method=pgd-at&training.snapshots=true&backend=auto&attack.kind=pgd&attack.norm=linf&attack.epsilon=0.2&attack.steps=10&attack.stepSize=null&attack.restarts=1&trades.beta=1&robustEval.enabled=false&robustEval.norm=linf&robustEval.epsilon=0.2&robustEval.steps=20&robustEval.stepSize=null&robustEval.restarts=1&robustEval.testSize=256&robustEval.trainSize=256&robustEval.every=1&awp.gamma=null&awp.warmup=0&awp.steps=1&corruption.norm=l2&corruption.budget=relative&corruption.epsilon=0.1&corruption.rho=0.02&corruption.scope=all&corruption.steps=3&corruption.stepScale=0&corruption.lambda=1&corruption.includeClean=false&corruption.start=zero&landscape.every=0&landscape.kind=1d&landscape.resolution=0&landscape.span=1&landscape.splits=train%2Ctest&landscape.subset=1000&landscape.normalization=filter&landscape.includeBiases=false&landscape.directionSeed=0&landscape.strategy=auto&lsa.perturbations=fgsm%2Cpgd%2Cgaussian%2Csalt%2Cpepper%2Cspeckle&lsa.epsilon=null&lsa.pgdSteps=null&lsa.pgdStepSize=null&lsa.variance=0.01&lsa.amount=0.05&lsa.eta=0.5&lsa.statistic=pairs&lsa.reduction=batch&lsa.split=test&lsa.size=256&lsa.every=0&atlr.base=pgd&atlr.layers=mvl&atlr.gamma=1&atlr.gammaPerLayer=%2C&atlr.eta=0.5&atlr.statistic=pairs&atlr.every=1&atlr.subsetSize=256&awnet.loss=ce&awnet.detectionWeight=1&analyses=%2C';
/** What both fixtures describe. */
const FIXTURE_CONFIG = config({
  seed: 3,
  training: { epochs: 60, method: 'pgd-at' },
  optimizer: { lr: 0.005 },
});

describe('links from before stay readable', () => {
  it('the compressed and the full plain form of an old link read back to their config, silently', () => {
    for (const hash of [FIXTURE_COMPRESSED, FIXTURE_PLAIN]) {
      const back = decodeHash(`#${hash}`);
      expect(back.warnings).toEqual([]);
      expect(back.config).toEqual(FIXTURE_CONFIG);
    }
  });

  it('the compressed form is still written the same way', () => {
    expect(encodeCompressed(FIXTURE_CONFIG)).toBe(FIXTURE_COMPRESSED);
  });
});

describe('readable links', () => {
  it('write only what differs, with short names, and read back exactly', () => {
    const hash = encodeConfig(FIXTURE_CONFIG);
    expect(hash).toBe('seed=3&lr=0.005&epochs=60&method=pgd-at');
    expect(decodeHash(hash)).toEqual({ present: true, config: FIXTURE_CONFIG, warnings: [] });
  });

  it('name a preset: its first run, or run=2 for its partner, with settings over it', () => {
    const preset = getPreset('at-vs-awp-moons');
    const [first, partner] = presetRuns(preset);
    const back = decodeHash('#preset=at-vs-awp-moons&seed=5&epochs=60');
    expect(back.warnings).toEqual([]);
    expect(back.config).toEqual({
      ...first.config,
      seed: 5,
      training: { ...first.config.training, epochs: 60 },
    });
    expect(decodeHash('#preset=at-vs-awp-moons&run=2')).toEqual({
      present: true,
      config: partner.config,
      warnings: [],
    });
  });

  it('every preset run is written as a short readable link that reads back exactly', () => {
    for (const preset of PRESET_GALLERY)
      for (const run of presetRuns(preset)) {
        const hash = encodeConfig(run.config);
        expect(hash.length).toBeLessThan(80);
        expect(hash).not.toMatch(/^v1/);
        expect(decodeHash(hash).config).toEqual(run.config);
      }
  });

  it('an unknown preset or run is said, and the defaults or the first run are used', () => {
    expect(decodeHash('#preset=no-such-thing&seed=2').warnings).toEqual([
      'There is no preset “no-such-thing”; the default settings are used.',
    ]);
    const back = decodeHash('#preset=at-vs-awp-moons&run=7');
    expect(back.warnings[0]).toMatch(/has no run “7”; its first run is used/);
    expect(back.config).toEqual(presetRuns(getPreset('at-vs-awp-moons'))[0].config);
  });

  it('an unknown or malformed setting is named, the rest is kept', () => {
    const back = decodeHash('#seed=4&colour=blue&epochs=abc');
    expect(back.config.seed).toBe(4);
    expect(back.warnings.some((w) => w.includes('colour'))).toBe(true);
    expect(back.warnings.length).toBeGreaterThanOrEqual(2);
  });

  it('long configs (CSV points) are not readable and fall back to the compressed form', () => {
    const points = Array.from({ length: 50 }, (_, i) => [i / 10, -i / 7, i % 2]);
    const c = config({ data: { kind: 'csv', name: 'p.csv', points } });
    expect(encodeReadable(c)).toBeNull();
    expect(encodeConfig(c)).toBe(encodeCompressed(c));
  });
});

describe('exercise and embed parameters', () => {
  it('hide= is split off any form of link and written back after it', () => {
    expect(readViewParams('#seed=3&hide=controls,landscape-2d&epochs=5')).toEqual({
      hash: 'seed=3&epochs=5',
      hide: ['controls', 'landscape-2d'],
    });
    expect(readViewParams(`#${FIXTURE_COMPRESSED}&hide=metrics`)).toEqual({
      hash: FIXTURE_COMPRESSED,
      hide: ['metrics'],
    });
    expect(readViewParams('#lesson=a&hide=<script>,ok')).toEqual({ hash: 'lesson=a', hide: ['ok'] });
    expect(withHide('seed=3', ['controls'])).toBe('seed=3&hide=controls');
    expect(withHide('seed=3', [])).toBe('seed=3');
    const back = decodeHash(readViewParams(`#${withHide('seed=9', ['controls'])}`).hash);
    expect(back.warnings).toEqual([]);
    expect(back.config.seed).toBe(9);
  });

  it('?embed names a panel or the stage; a bare ?embed is the default panel', () => {
    expect(readEmbed('')).toBeNull();
    expect(readEmbed('?embed')).toBe('');
    expect(readEmbed('?x=1&embed=landscape-1d')).toBe('landscape-1d');
    expect(readEmbed('?embed=%3Cb%3E')).toBe('');
  });

  it('links use the page’s own address, with or without ?embed', () => {
    const base = 'https://example.org/some/path/index.html?embed=boundary#old';
    expect(pageUrl('seed=3', { base })).toBe('https://example.org/some/path/index.html#seed=3');
    expect(pageUrl('seed=3', { base, embed: 'stage' })).toBe(
      'https://example.org/some/path/index.html?embed=stage#seed=3',
    );
    expect(pageUrl('seed=3', { base, embed: '' })).toBe(
      'https://example.org/some/path/index.html?embed#seed=3',
    );
  });
});
