import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundle, float32Number, toJsonData } from '../../src/core/bundle';
import {
  BUNDLE_VERSION,
  MAX_BUNDLE_BYTES,
  type RunBundle,
  checkBundleSize,
  finalParamValues,
  parseBundle,
  runBundleJsonSchema,
} from '../../src/core/bundle-schema';
import { ANALYSES } from '../../src/core/analysis/registry';
import { Rng } from '../../src/core/rng';
import { Runner } from '../../src/core/train/runner';
import { config, moons, useBackend } from './helpers';

/** A plain-JS forward pass of an MLP from the bundle alone, as docs/run-bundle.md describes it. */
function mlpLogits(bundle: RunBundle, x: number[]): number[] {
  const t = bundle.parameters.final;
  let h = x;
  for (let l = 0; l < t.length; l += 2) {
    const [inDim, outDim] = t[l].shape; // Dense kernel [in, out], row-major
    const out = Array.from({ length: outDim }, (_, j) => {
      let s = t[l + 1].values[j];
      for (let i = 0; i < inDim; i++) s += h[i] * t[l].values[i * outDim + j];
      return s;
    });
    h = l + 2 < t.length ? out.map(Math.tanh) : out;
  }
  return h;
}

describe('run bundle', () => {
  let bundle: RunBundle;
  let runner: Runner;
  const cfg = config({ data: { kind: 'moons', n: 300 }, training: { epochs: 3 } });

  beforeAll(async () => {
    await useBackend('wasm');
    // A stand-in analysis whose result holds the kinds of data real ones produce.
    ANALYSES['bundle-test'] = {
      id: 'bundle-test',
      label: 'bundle test',
      parseSettings: (input) => ({ scale: 2, ...(input as object) }),
      run: async () => ({
        direction: Float32Array.from([0.1, -1 / 3, Number.NaN]),
        counts: Int32Array.from([1, 2]),
        nested: { loss: Number.POSITIVE_INFINITY, label: 'x', missing: undefined },
      }),
    };
    runner = await Runner.create(cfg, moons(cfg), 'wasm', () => {});
    await runner.play();
    await runner.runAnalysis('bundle-test', { scale: 3 });
    bundle = await buildBundle(runner, { includeSnapshots: true });
  });
  afterAll(async () => {
    delete ANALYSES['bundle-test'];
    await runner.cancel();
  });

  it('round-trips through JSON and parseBundle, exactly', async () => {
    const parsed = parseBundle(JSON.parse(JSON.stringify(bundle)));
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    expect(parsed.bundle).toEqual(bundle);
    const live = await runner.trainer.snapshot();
    expect(finalParamValues(parsed.bundle)).toEqual(live);
    expect(parsed.bundle.parameters.snapshots).toHaveLength(4);
    expect(parsed.bundle.parameters.snapshots![3].values.map((v) => Float32Array.from(v))).toEqual(live);
    expect(parsed.bundle.parameters.snapshots![0].values.map((v) => Float32Array.from(v))).toEqual(
      runner.snapshots[0],
    );
    expect(parsed.bundle.metrics).toHaveLength(3);
    expect(parsed.bundle.state).toBe('done');
    expect(parsed.bundle.versions.tfjs).toBe('4.22.0');
  });

  it('holds the data exactly as trained on, and the analyses as plain JSON', () => {
    const d = moons(cfg);
    expect(bundle.data.kind).toBe('moons');
    if (bundle.data.kind === 'mnist') return;
    expect(Float32Array.from(bundle.data.train.x.flat())).toEqual(d.xTrain);
    expect(bundle.data.test.y).toEqual(Array.from(d.yTest));
    expect(bundle.analyses).toEqual([
      {
        id: 'bundle-test',
        epoch: 3,
        settings: { scale: 3 },
        result: {
          direction: [0.1, -0.33333334, null],
          counts: [1, 2],
          nested: { loss: null, label: 'x', missing: null },
        },
      },
    ]);
  });

  it('is enough to recompute the test accuracy outside Basin (TF.js layout, row-major)', () => {
    if (bundle.data.kind === 'mnist') throw new Error('moons expected');
    const { x, y } = bundle.data.test;
    const correct = x.filter((row, i) => {
      const logits = mlpLogits(bundle, row);
      return logits.indexOf(Math.max(...logits)) === y[i];
    }).length;
    const recomputed = correct / y.length;
    console.log(
      `test accuracy: engine ${bundle.metrics[2].testAcc}, recomputed from the bundle ${recomputed}`,
    );
    expect(recomputed).toBe(bundle.metrics[2].testAcc);
  });

  /** The messages for a copy of the bundle after `edit` (which breaks its types on purpose: untyped JSON). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const errors = (edit: (b: any) => unknown) => {
    const copy = JSON.parse(JSON.stringify(bundle));
    edit(copy);
    const r = parseBundle(copy);
    return r.ok ? ['(accepted)'] : r.errors;
  };

  it('rejects other files, newer versions and corrupted bundles with messages', () => {
    expect(parseBundle([1, 2])).toEqual({
      ok: false,
      errors: ['The file is not a Basin run bundle: it holds no { … } object of a run.'],
    });
    expect(errors((b) => (b.format = 'something-else'))).toEqual([
      'The file is not a Basin run bundle: its format tag is “something-else”, not “basin-run”.',
    ]);
    expect(errors((b) => (b.version = BUNDLE_VERSION + 1))).toEqual([
      `The file comes from a newer Basin (run bundle version ${BUNDLE_VERSION + 1}); this one reads run bundles up to version ${BUNDLE_VERSION}.`,
    ]);
    expect(errors((b) => b.parameters.final[2].values.pop())).toEqual([
      'The weights, tensor 3 (dense1/kernel): 255 values, but its shape 16×16 needs 256.',
    ]);
    expect(errors((b) => (b.parameters.final[0].values[3] = 'oops'))).toEqual([
      'The weights, tensor 1 (dense0/kernel): “oops” is not a number.',
    ]);
    expect(errors((b) => (b.parameters.snapshots[1].values[0] = [1, 2]))).toEqual([
      'The weights saved after epoch 1, tensor 1 (dense0/kernel): 2 values, but its shape 2×16 needs 32.',
    ]);
    expect(errors((b) => (b.config.model.activation = 'sigmoid'))).toEqual([
      'The run’s settings: Activation: “sigmoid” is not one Basin knows (“relu”, “tanh”, “elu”).',
    ]);
    expect(errors((b) => b.data.test.y.pop())).toEqual(['The test data: 90 examples but 89 labels.']);
    expect(errors((b) => delete b.metrics)).toEqual(['The training history: not given.']);
    expect(errors((b) => (b.model.params[0].shape = [3, 16]))).toContain(
      'The weights, tensor 1 (dense0/kernel): shape 2×16 does not match the model’s tensor 1 (dense0/kernel, 3×16).',
    );
  });

  it('refuses what no Basin run can write: weights beyond float32, an impossible history, a model that cannot read the data', () => {
    expect(errors((b) => (b.parameters.final[1].values[0] = 1e39))).toEqual([
      'The weights, tensor 2 (dense0/bias): holds 1e+39, more than a 32-bit number can hold.',
    ]);
    // 1e38 fits a float32: the schema and these checks let it through (the engine tests the forward pass).
    expect(errors((b) => (b.parameters.final[1].values[0] = 1e38))).toEqual(['(accepted)']);
    expect(errors((b) => (b.parameters.snapshots[0].values[2][0] = -5e38))).toEqual([
      'The weights saved after epoch 0, tensor 3: hold -5e+38, more than a 32-bit number can hold.',
    ]);
    expect(errors((b) => b.metrics.reverse())[0]).toMatch(
      /^The training history, entry 1: epoch number: 3, but the history must count epochs 1, 2, 3, … in order\.$/,
    );
    expect(errors((b) => (b.metrics[1].testAcc = 5))).toEqual([
      'The training history, entry 2: test accuracy: 5 is not a share between 0 and 1.',
    ]);
    expect(errors((b) => (b.metrics[0].trainLoss = 1e308))[0]).toMatch(
      /training loss: 1e\+308 is not a number a run can record/,
    );
    expect(errors((b) => (b.parameters.epoch = 50))).toEqual([
      'The epoch the weights are from: 50, but the training history ends at epoch 3.',
    ]);
    expect(errors((b) => (b.config.model = { kind: 'cnn', preset: 'small' }))).toContain(
      'The run’s settings: Model: a CNN, which reads images, cannot read 2-D points.',
    );
  });

  it('has a size limit for the UI', () => {
    expect(checkBundleSize(1024)).toBeNull();
    expect(checkBundleSize(MAX_BUNDLE_BYTES)).toBeNull();
    expect(checkBundleSize(MAX_BUNDLE_BYTES + 1)).toMatch(
      /^The file is 50\.0 MB; run bundles over 50\.0 MB are not loaded/,
    );
  });

  it('docs/run-bundle.schema.json is the schema generated from the zod schema', () => {
    const committed = JSON.parse(
      readFileSync(new URL('../../docs/run-bundle.schema.json', import.meta.url), 'utf8'),
    );
    // If this fails: npx tsx scripts/write-bundle-schema.ts
    expect(committed).toEqual(runBundleJsonSchema());
  });
});

describe('float32 values in JSON', () => {
  it('are written as the shortest decimal that reads back as the same float32', () => {
    const values = Rng.stream(7, 'test').normals(20000, 3);
    values.set([0, -0, 1e-45, 3.4028234663852886e38, 0.1, 1 / 3]);
    let longest = 0;
    for (const v of values) {
      const written = float32Number(v);
      // === rather than Object.is: JSON has no -0, which reads back as 0.
      expect(Math.fround(Number(JSON.parse(JSON.stringify(written)))) === v).toBe(true);
      longest = Math.max(
        longest,
        String(written)
          .replace(/^-|e.*$/g, '')
          .replace('.', '')
          .replace(/^0+/, '').length,
      );
    }
    expect(longest).toBeLessThanOrEqual(9);
    expect(float32Number(Math.fround(0.1))).toBe(0.1);
    expect(toJsonData({ a: [Float64Array.from([0.1, Number.NaN])] })).toEqual({ a: [[0.1, null]] });
  });
});
