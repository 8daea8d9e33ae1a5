/**
 * The training-method cards (src/core/train/cards.ts) against the engine: the attack a card says its method
 * trains against is the attack the engine's step runs; every card has a registered engine and a docs section
 * that exists; and the cards (and attack cards) load without tfjs, so the UI thread may import them.
 */
import { build } from 'esbuild';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ATTACK_IDS, type AttackId } from '../../src/core/attacks/attack-ids';
import { ATTACKS } from '../../src/core/attacks/registry';
import {
  type ExperimentConfig,
  type ExperimentConfigInput,
  ExperimentConfigSchema,
  TRAINING_ATTACK_KINDS,
  defaultConfig,
} from '../../src/core/config';
import { ATLR_BASES } from '../../src/core/train/settings/atlr';
import { METHOD_CARDS, METHOD_IDS, METHOD_SETTINGS_SHAPE } from '../../src/core/train/cards';
import { METHODS } from '../../src/core/train/registry';
import { Trainer } from '../../src/core/train/trainer';
import { DOC_PAGES } from '../../src/app/docs/pages';
import { config, moons, useBackend } from './helpers';

/** The attacks one epoch of `cfg` ran (one step: the batch is the whole training split). */
async function attacksRun(cfg: ExperimentConfig): Promise<Set<AttackId>> {
  const seen = new Set<AttackId>();
  for (const id of ATTACK_IDS) {
    const run = ATTACKS[id].run;
    vi.spyOn(ATTACKS[id], 'run').mockImplementation((...args) => {
      seen.add(id);
      return run(...args);
    });
  }
  const trainer = new Trainer(cfg, moons(cfg));
  try {
    await trainer.trainEpoch();
  } finally {
    trainer.dispose();
    vi.restoreAllMocks();
  }
  return seen;
}

describe('training-method cards', () => {
  beforeAll(() => useBackend('cpu'));

  it("every section a card reads is a config section with that schema's defaults, and no other key is a method's", () => {
    const defaults = defaultConfig();
    const keys = new Set<string>();
    for (const card of METHOD_CARDS)
      for (const { key, schema } of card.settings) {
        keys.add(key);
        expect(Object.keys(ExperimentConfigSchema.shape), card.id).toContain(key);
        expect(defaults[key], `${card.id} ${key}`).toEqual(schema.parse({}));
      }
    expect(Object.keys(METHOD_SETTINGS_SHAPE).sort()).toEqual([...keys].sort());
  });

  it('every card has one engine under its id, and ids are unique', () => {
    expect(new Set(METHOD_IDS).size).toBe(METHOD_IDS.length);
    expect(Object.keys(METHODS).sort()).toEqual([...METHOD_IDS].sort());
    for (const card of METHOD_CARDS) {
      expect(METHODS[card.id].label).toBe(card.label);
      expect(typeof METHODS[card.id].step).toBe('function');
    }
  });

  it("every card's docs link names a page and section that exist", () => {
    for (const card of METHOD_CARDS) {
      const page = DOC_PAGES[card.docs.page];
      expect(page, card.id).toBeDefined();
      if (card.docs.anchor) expect(Object.keys(page.sections), card.id).toContain(card.docs.anchor);
    }
  });

  it('the attack a card says its method trains against is the one the engine runs', async () => {
    const base: ExperimentConfigInput = {
      seed: 3,
      data: { kind: 'moons', n: 24, testFraction: 0.5 },
      model: { kind: 'mlp', hidden: [4] },
      training: { epochs: 1, batchSize: 12 },
      attack: { steps: 1 },
      atlr: { layers: [0], subsetSize: 4 },
    };
    const variants: ExperimentConfigInput[] = [];
    for (const norm of ['linf', 'l2'] as const)
      for (const kind of TRAINING_ATTACK_KINDS) variants.push({ attack: { steps: 1, norm, kind } });
    let checked = 0;
    for (const card of METHOD_CARDS) {
      const extra: ExperimentConfigInput[] =
        card.family === 'layer-regularised'
          ? ATLR_BASES.map((b) => ({ atlr: { layers: [0], subsetSize: 4, base: b } }))
          : card.family === 'architecture'
            ? (['ce', 'trades'] as const).map((loss) => ({
                model: { kind: 'awnet', hidden: [4] },
                awnet: { loss },
              }))
            : [{}];
      for (const v of variants)
        for (const e of extra) {
          const cfg = config({ ...base, ...v, ...e, training: { ...base.training, method: card.id } });
          const ran = await attacksRun(cfg);
          const said = card.trainsAgainst?.(cfg);
          expect([...ran], `${card.id} ${JSON.stringify({ ...v, ...e })}`).toEqual(said ? [said] : []);
          checked++;
        }
    }
    expect(checked).toBeGreaterThan(METHOD_CARDS.length * 6);
  }, 120_000);

  it('the cards load without tfjs (the UI thread imports them)', async () => {
    for (const entry of [
      'src/core/train/cards.ts',
      'src/core/attacks/cards.ts',
      'src/core/models/cards.ts',
    ]) {
      const result = await build({
        entryPoints: [join(__dirname, '../..', entry)],
        bundle: true,
        write: false,
        metafile: true,
        format: 'esm',
        platform: 'neutral',
        logLevel: 'silent',
      });
      const inputs = Object.keys(result.metafile.inputs);
      expect(inputs, entry).toContain(entry);
      expect(
        inputs.filter((p) => p.includes('@tensorflow') || p.endsWith('src/core/tf.ts')),
        entry,
      ).toEqual([]);
    }
  });
});
