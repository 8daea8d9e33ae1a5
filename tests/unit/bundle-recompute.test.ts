/**
 * Run bundles that recompute: every registered analysis can be requested from a config and lands in the
 * bundle with what is needed to recompute it (subset indices, random starts, directions, …); the schema
 * covers every analysis; a size guard says what it left out; bundles written before all this still load.
 */
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBundleFile } from '../../src/app/bundle';
import { ANALYSIS_IDS } from '../../src/core/analysis/analysis-ids';
import { ANALYSES, checkAnalysisRequests, requestsDueAt } from '../../src/core/analysis/registry';
import { buildBundle, countValues, guardSize } from '../../src/core/bundle';
import { ANALYSIS_RESULT_SCHEMAS } from '../../src/core/bundle-analyses';
import { type RunBundle, parseBundle } from '../../src/core/bundle-schema';
import type { ExperimentConfigInput } from '../../src/core/config';
import { Rng } from '../../src/core/rng';
import { Runner } from '../../src/core/train/runner';
import { config, moons, useBackend } from './helpers';

const schema = JSON.parse(readFileSync('docs/run-bundle.schema.json', 'utf8'));
const validate = new Ajv2020({ allErrors: true }).compile(schema);
const docs = readFileSync('docs/run-bundle.md', 'utf8');

/** One request per registered analysis, sized to run in a second or two on a tiny MLP. */
const REQUESTS: NonNullable<ExperimentConfigInput['analyses']> = [
  // Every epoch (and the last), with two restarts over more than one 256-example chunk.
  { id: 'robust', every: 1, settings: { testSize: 300, trainSize: 20, steps: 2, restarts: 2 } },
  { id: 'fgsm-sweep', settings: { epsilons: [0, 0.2] } },
  // FGSM although the run's attack is a 10-step PGD: the record must say what FGSM used.
  { id: 'adversarial-examples', settings: { attack: 'fgsm', count: 5 } },
  { id: 'corruption-sweep', settings: { randomTrials: 3, multiSteps: [2], start: 'random' } },
  { id: 'corruption-layers', settings: { steps: 1 } },
  { id: 'corruption-trajectory', settings: { steps: 2, resolution: 3 } },
  { id: 'landscape-1d', settings: { resolution: 5, robust: { size: 10, steps: 2 } } },
  { id: 'landscape-2d', settings: { resolution: 3 } },
  { id: 'interpolation', settings: { points: 3 } },
  { id: 'trajectory', settings: { resolution: 3 } },
  { id: 'sharpness', settings: { points: 3, hessian: { iterations: 2, subset: 20 } } },
  { id: 'lsa', settings: { size: 12, pgdSteps: 2 } },
  { id: 'weight-perturbation', settings: { points: 2, randomDraws: 1, size: 8, robust: { steps: 2 } } },
  { id: 'weight-distribution', settings: { bins: 9 } },
];

/** Analyses of AW-Net's router: they need an AW-Net, so they are requested from one (below). */
const AWNET_ONLY = ['awnet-router'];
const MLP_IDS = ANALYSIS_IDS.filter((id) => !AWNET_ONLY.includes(id));

/** The schema and the docs section of analysis `id` cover every field of its record. */
function expectDocumented(id: (typeof ANALYSIS_IDS)[number], result: Record<string, unknown>) {
  const resultSchema = ANALYSIS_RESULT_SCHEMAS[id];
  const parsed = resultSchema.safeParse(result);
  expect(parsed.success, `${id}: ${parsed.error?.message}`).toBe(true);
  const section = docs.split(/\n### /).find((s) => s.startsWith(`\`${id}\``));
  expect(section, `docs/run-bundle.md has no "### \`${id}\`" section`).toBeDefined();
  for (const key of Object.keys(result)) {
    expect(Object.keys(resultSchema.shape), `${id}.${key} is not in its result schema`).toContain(key);
    expect(section, `docs/run-bundle.md, ${id}: field \`${key}\` is not documented`).toContain(`\`${key}\``);
  }
}

const get = (value: unknown, path: string[]): unknown[] => {
  if (path.length === 0) return [value];
  if (value === null || typeof value !== 'object') return [undefined];
  const [head, ...rest] = path;
  const keys = head === '*' ? Object.keys(value) : [head];
  return keys.flatMap((k) => get((value as Record<string, unknown>)[k], rest));
};

describe('every analysis, requested from a config, in the bundle', () => {
  const cfg = config({
    seed: 4,
    data: { kind: 'moons', n: 1000 },
    model: { kind: 'mlp', hidden: [6], activation: 'tanh' },
    training: { epochs: 2, batchSize: 64 },
    analyses: REQUESTS,
  });
  let runner: Runner;
  let bundle: RunBundle;
  let json: { analyses: { id: string; epoch: number; result: Record<string, unknown> }[] };

  beforeAll(async () => {
    await useBackend('wasm');
    expect(checkAnalysisRequests(cfg)).toEqual([]);
    runner = await Runner.create(cfg, moons(cfg), 'wasm', () => {});
    await runner.play();
    bundle = await buildBundle(runner, { includeSnapshots: false });
    json = JSON.parse(JSON.stringify(bundle));
  }, 120_000);
  afterAll(() => runner.cancel());

  it('the registry lists every id once, under its own id', () => {
    expect(Object.keys(ANALYSES).sort()).toEqual([...ANALYSIS_IDS].sort());
    for (const [id, a] of Object.entries(ANALYSES)) expect(a.id).toBe(id);
    expect(REQUESTS.map((r) => r.id).sort()).toEqual([...MLP_IDS].sort());
  });

  it('runs each request when due: every k-th epoch and after the last, or once at the end', () => {
    expect(json.analyses.map((a) => `${a.id}@${a.epoch}`)).toEqual([
      'robust@1',
      ...REQUESTS.map((r) => `${r.id}@2`),
    ]);
    // The robust request's numbers reach the epoch metrics, as a per-epoch analysis' do.
    expect(bundle.metrics[0].extra.robustTestAcc).toBe(
      (json.analyses[0].result.metrics as Record<string, number>).robustTestAcc,
    );
  });

  it('validates against docs/run-bundle.schema.json and parseBundle', () => {
    expect(validate(json), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const parsed = parseBundle(json);
    expect(parsed.ok ? [] : parsed.errors).toEqual([]);
    expect(bundle.recomputeData).toMatchObject({ droppedValues: 0 });
    expect(bundle.recomputeData!.keptValues).toBeGreaterThan(1000);
  });

  it('rejects a malformed result of a known analysis, and loads an analysis from a newer Basin', () => {
    const copy = JSON.parse(JSON.stringify(json));
    copy.analyses[0].result.metrics = 'high';
    expect(validate(copy)).toBe(false);
    const parsed = parseBundle(copy);
    expect(parsed.ok ? [] : parsed.errors).toEqual([
      'Analysis 1 of the file (“robust”): its settings or result are not in the form this analysis writes.',
    ]);
    copy.analyses[0] = { id: 'from-the-future', epoch: 2, settings: {}, result: { anything: [1] } };
    expect(validate(copy)).toBe(true);
    expect(parseBundle(copy).ok).toBe(true);
  });

  it('has a result schema and a documented section for every analysis, naming every field', () => {
    for (const id of MLP_IDS) expectDocumented(id, json.analyses.find((a) => a.id === id)!.result);
  });

  it('holds every recompute field each analysis declares (nothing dropped at this size)', () => {
    for (const { id, result } of json.analyses) {
      for (const path of ANALYSES[id].recomputeData ?? []) {
        const values = get(result, path.split('.'));
        expect(values.length, `${id}.${path}`).toBeGreaterThan(0);
        // The robust surface keeps starts, the clean one none; a clean weight-perturbation has no x_adv.
        for (const v of values) expect(v, `${id}.${path}`).not.toBeUndefined();
      }
    }
  });

  it('robust: the starts are the draws of the attack, per restart, over 256-example chunks', () => {
    const r = json.analyses[json.analyses.length - REQUESTS.length].result as {
      starts: { test: number[][] };
      indices: { test: number[] };
      epsilon: number;
    };
    // PGD L∞ on moons (no input range): δ₀ = U[−ε, ε] per coordinate, drawn chunk by chunk (256 examples)
    // and restart by restart within a chunk from the "attack/robust/test" stream.
    const rng = Rng.stream(cfg.seed, 'attack', 'robust', 'test');
    const n = r.indices.test.length;
    expect(n).toBe(300);
    const expected: number[][] = [[], []];
    for (let start = 0; start < n; start += 256)
      for (const restart of [0, 1])
        expected[restart].push(...rng.uniforms(2 * Math.min(256, n - start), -r.epsilon, r.epsilon));
    expect(r.starts.test.map((s) => Float32Array.from(s))).toEqual(expected.map((e) => Float32Array.from(e)));
    expect([...r.indices.test].sort((a, b) => a - b)).toEqual(r.indices.test);
  });

  it('adversarial-examples reports the settings FGSM used, not the training attack’s', () => {
    const r = json.analyses.find((a) => a.id === 'adversarial-examples')!.result;
    expect(cfg.attack).toMatchObject({ steps: 10, stepSize: null });
    expect(r).toMatchObject({
      attack: 'fgsm',
      steps: 1,
      stepSize: cfg.attack.epsilon,
      restarts: 1,
      starts: [],
    });
  });

  it('corruption-sweep keeps every random trial and its direction', () => {
    const r = json.analyses.find((a) => a.id === 'corruption-sweep')!.result as {
      curves: {
        norm: string;
        epsilons: number[];
        radii: number[][];
        random: {
          mean: { loss: number[] };
          min: { loss: number[] };
          each: { loss: number[] }[];
          directions: number[][][];
        };
        vectors: { starts: number[][][][] };
      }[];
    };
    for (const c of r.curves) {
      expect(c.random.each).toHaveLength(3);
      c.epsilons.forEach((e, i) => {
        expect(c.radii[i]).toEqual([e]);
        const trials = c.random.each.map((t) => t.loss[i]);
        expect(c.random.mean.loss[i]).toBeCloseTo(trials.reduce((a, b) => a + b) / 3, 6);
        expect(c.random.min.loss[i]).toBe(Math.min(...trials));
      });
      for (const d of c.random.directions) {
        const flat = d.flat();
        if (c.norm === 'l2') expect(Math.hypot(...flat)).toBeCloseTo(1, 5);
        else expect(new Set(flat.map(Math.abs))).toEqual(new Set([1]));
      }
      // A random start: a_0 per K per ε.
      expect(c.vectors.starts[0]).toHaveLength(c.epsilons.length);
    }
  });
});

describe('the size guard', () => {
  const stand = {
    id: 'guard-test',
    label: 'guard test',
    recomputeData: ['big', 'list.*.inputs'],
    parseSettings: () => ({}),
    run: async () => ({}),
  };
  beforeAll(() => void (ANALYSES['guard-test'] = stand));
  afterAll(() => void delete ANALYSES['guard-test']);

  const record = (epoch: number) => ({
    id: 'guard-test',
    epoch,
    settings: {},
    result: {
      value: 0.5,
      big: new Float32Array(100),
      list: [{ inputs: [1, 2, 3], keep: [9, 9] }, { inputs: new Float32Array(10) }],
    },
  });

  it('counts numbers in typed arrays, lists and objects', () => {
    expect(countValues(record(1).result)).toBe(1 + 100 + 3 + 2 + 10);
  });

  it('keeps newer records first and smaller fields first, and lists what it left out', () => {
    const records = [record(1), record(2)];
    const { records: out, kept, dropped } = guardSize(records, 130);
    // Newest (epoch 2): 3 + 10 + 100 = 113 kept; epoch 1: 3 and 10 fit (126), 100 does not.
    expect(kept).toBe(126);
    expect(dropped).toBe(100);
    expect(out[1]).toBe(records[1]);
    expect(out[0].dropped).toEqual([{ path: 'big', values: 100 }]);
    expect(out[0].result).toMatchObject({ big: null, value: 0.5 });
    // The run's own records are untouched.
    expect(records[0].result.big).toBeInstanceOf(Float32Array);
    const none = guardSize(records, 0);
    expect(none.kept).toBe(0);
    expect(none.records[1].dropped).toEqual([
      { path: 'list.0.inputs', values: 3 },
      { path: 'list.1.inputs', values: 10 },
      { path: 'big', values: 100 },
    ]);
    expect((none.records[1].result as { list: { keep?: number[] }[] }).list[0].keep).toEqual([9, 9]);
  });
});

describe('config requests', () => {
  it('are due every k-th epoch and after the last one', () => {
    const cfg = config({
      training: { epochs: 5 },
      analyses: [{ id: 'lsa', every: 2 }, { id: 'fgsm-sweep' }],
    });
    const due = (e: number) => requestsDueAt(cfg, e).map((r) => r.id);
    expect([1, 2, 3, 4, 5].map(due)).toEqual([[], ['lsa'], [], ['lsa'], ['lsa', 'fgsm-sweep']]);
  });

  it('name bad settings and unknown ids', () => {
    const cfg = config({ analyses: [{ id: 'fgsm-sweep', settings: { split: 'validation' } }] });
    expect(checkAnalysisRequests(cfg)).toEqual([
      expect.stringMatching(/^analyses\.0 \(fgsm-sweep\): settings\.split: /),
    ]);
    expect(() => config({ analyses: [{ id: 'nope' as 'lsa' }] })).toThrow(
      /Requested analysis: “nope” is not one Basin knows/,
    );
  });
});

describe('bundles written before this version', () => {
  for (const name of ['bundle-main-moons', 'bundle-main-analyses']) {
    it(`${name}.json still loads (parseBundle, the schema, the app's Open run)`, async () => {
      const text = readFileSync(`tests/unit/fixtures/${name}.json`, 'utf8');
      const json = JSON.parse(text);
      expect(validate(json), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
      const parsed = parseBundle(json);
      expect(parsed.ok ? [] : parsed.errors).toEqual([]);
      const opened = await readBundleFile(new File([text], `${name}.json`));
      expect(opened.ok).toBe(true);
      if (!opened.ok) return;
      expect(opened.run.analyses).toHaveLength(json.analyses.length);
      expect(opened.run.config.analyses).toEqual([]);
      // A setting added later, absent: as many landscape workers as the cores allow.
      expect(opened.run.config.landscapeWorkers).toBeUndefined();
    });
  }
});

describe("AW-Net's analyses, in the bundle of an AW-Net run", () => {
  it('validate and are documented, field by field', async () => {
    await useBackend('wasm');
    const cfg = config({
      data: { kind: 'moons', n: 200 },
      model: { kind: 'awnet', hidden: [6] },
      training: { method: 'awnet', epochs: 1, batchSize: 64 },
      attack: { steps: 2 },
      analyses: [{ id: 'awnet-router', settings: { size: 16, steps: 2 } }],
    });
    expect(checkAnalysisRequests(cfg)).toEqual([]);
    const runner = await Runner.create(cfg, moons(cfg), 'wasm', () => {});
    await runner.play();
    const awJson = JSON.parse(JSON.stringify(await buildBundle(runner, { includeSnapshots: false })));
    await runner.cancel();
    expect(validate(awJson), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    for (const id of AWNET_ONLY)
      expectDocumented(
        id as (typeof ANALYSIS_IDS)[number],
        awJson.analyses.find((a: { id: string }) => a.id === id).result,
      );
  });
});
