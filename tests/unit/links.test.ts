import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config';
import { PRESET_GALLERY, getPreset } from '../../src/core/presets/gallery';
import { presetRuns } from '../../src/core/presets/preset';
import {
  decodeHash,
  encodeCompressed,
  encodeConfig,
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
