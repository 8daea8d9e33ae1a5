/**
 * AW-Net training and analysis (docs/methods/awnet.md): the losses against closed forms, MTARD's loss
 * balance against its update rule, no leaks, determinism and cpu↔wasm agreement, the analyses on an AW-Net
 * with the router included and held out, and the router as part of the attacked graph.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runExperiment } from '../../src/cli/experiment';
import { parseBundle } from '../../src/core/bundle-schema';
import { aboveFrontier, tradeoffFrontier, wraMean } from '../../src/core/analysis/tradeoff';
import { PRESET_GALLERY } from '../../src/core/presets/gallery';
import { presetRuns } from '../../src/core/presets/preset';
import * as tf from '../../src/core/tf';
import { forwardOf, inputGradient } from '../../src/core/attacks/attack';
import type { RouterResult } from '../../src/core/analysis/awnet-router';
import { rocCurve, routerIgnoringForward } from '../../src/core/analysis/awnet-router';
import type { WeightDistributionResult } from '../../src/core/analysis/weight-distribution';
import { layerDistribution } from '../../src/core/analysis/weight-distribution';
import type { ExperimentConfig, ExperimentConfigInput } from '../../src/core/config';
import { requireAwnet } from '../../src/core/models/awnet';
import type { ParamValues } from '../../src/core/params';
import { perExampleCrossEntropy } from '../../src/core/train/loss';
import { Runner } from '../../src/core/train/runner';
import { type TeacherRun, attachTeacherRuns, teacherErrors } from '../../src/core/train/mtard-teachers';
import { Trainer } from '../../src/core/train/trainer';
import {
  MTARD_BALANCE,
  MtardBalance,
  attachTeachers,
  detectionLoss,
  mtardKl,
  mtardWeights,
} from '../../src/core/train/methods/awnet';
import { type NodeBackend, config, leakedTensors, moons, useBackend } from './helpers';

const awnetConfig = (over: ExperimentConfigInput = {}) =>
  config({
    data: { kind: 'moons', n: 200 },
    model: { kind: 'awnet', hidden: [8, 8] },
    training: { method: 'awnet', epochs: 2, batchSize: 32 },
    attack: { steps: 3 },
    ...over,
  });

const read = async (t: tf.Tensor) => {
  const v = Array.from((await t.data()) as Float32Array);
  t.dispose();
  return v;
};
const softplus = (v: number) => Math.log1p(Math.exp(v));

describe('AW-Net losses', () => {
  beforeAll(() => useBackend('cpu'));

  it('the detection loss is λ_r·[mean BCE(p(x), 0) + mean BCE(p(x_adv), 1)] from the logits', async () => {
    const clean = [-2, 0.5, 1];
    const adv = [3, -1, 0];
    const expected =
      0.7 *
      (clean.map(softplus).reduce((a, b) => a + b) / 3 +
        adv.map((s) => softplus(-s)).reduce((a, b) => a + b) / 3);
    const [value] = await read(detectionLoss(tf.tensor1d(clean), tf.tensor1d(adv), 0.7));
    expect(value).toBeCloseTo(expected, 6);
  });

  it("MTARD's KL is KL(teacher ‖ student), element-wise, mean over batch × classes", async () => {
    const t = [
      [1, 0, -1],
      [0.2, 0.1, 3],
    ];
    const s = [
      [0, 0, 0],
      [1, -1, 2],
    ];
    const softmax = (z: number[]) => {
      const e = z.map(Math.exp);
      const sum = e.reduce((a, b) => a + b);
      return e.map((v) => v / sum);
    };
    let total = 0;
    t.forEach((row, i) => {
      const [p, q] = [softmax(row), softmax(s[i])];
      p.forEach((pj, j) => (total += pj * Math.log(pj / q[j])));
    });
    const [value] = await read(mtardKl(tf.tensor2d(t), tf.tensor2d(s)));
    expect(value).toBeCloseTo(total / 6, 6);
  });

  it("MTARD's balance: references from the first step, then w_nat ← w_nat − lr·(w_nat − r_nat/(r_adv + r_nat))", async () => {
    const balance = new MtardBalance();
    const weights = async () => (await Promise.all(balance.weights().map(read))).map((v) => v[0]);
    expect(await weights()).toEqual([0.5, 0.5]);
    balance.update(tf.scalar(0.4), tf.scalar(0.2));
    expect(await weights()).toEqual([0.5, 0.5]);
    // r_adv = 0.8/0.4 = 2, r_nat = 0.2/0.2 = 1: the student lags the adversarial teacher, w_adv grows.
    balance.update(tf.scalar(0.8), tf.scalar(0.2));
    const wNat = 0.5 - MTARD_BALANCE.lr * (0.5 - 1 / 3);
    const [wAdv1, wNat1] = await weights();
    expect(wNat1).toBeCloseTo(wNat, 6);
    expect(wAdv1).toBeCloseTo(1 - wNat, 6);
    balance.update(tf.scalar(0.4), tf.scalar(0.6));
    expect((await weights())[1]).toBeCloseTo(wNat - MTARD_BALANCE.lr * (wNat - 3 / 4), 6);
    balance.dispose();
  });

  it("MTARD's balance with constant KLs follows its closed form w_nat(t) = T + (½ − T)(1 − lr)^t", async () => {
    // After the reference step, r_adv = 3 and r_nat = 1.5 every step: the target T = r_nat / (r_adv + r_nat) = 1/3.
    const balance = new MtardBalance();
    balance.update(tf.scalar(0.2), tf.scalar(0.4));
    const target = 1.5 / 4.5;
    for (let t = 1; t <= 40; t++) {
      balance.update(tf.scalar(0.6), tf.scalar(0.6));
      const [wAdv, wNat] = (await Promise.all(balance.weights().map(read))).map((v) => v[0]);
      const closed = target + (MTARD_BALANCE.start - target) * (1 - MTARD_BALANCE.lr) ** t;
      expect(wNat).toBeCloseTo(closed, 6);
      expect(wAdv + wNat).toBeCloseTo(1, 6);
    }
    balance.dispose();
  });

  it('ROC and AUC: a perfect detector has AUC 1, a reversed one 0, ties count half', () => {
    expect(rocCurve([0.1, 0.2], [0.8, 0.9]).auc).toBe(1);
    expect(rocCurve([0.8, 0.9], [0.1, 0.2]).auc).toBe(0);
    expect(rocCurve([0.5, 0.5], [0.5, 0.5]).auc).toBe(0.5);
    expect(rocCurve([0.1, 0.6], [0.5, 0.9]).auc).toBe(0.75);
  });

  it('per-filter statistics of a kernel: the filter is the last axis', () => {
    // [in 2, out 3]: filter j = column j.
    const d = layerDistribution(
      { name: 'k', layer: 'k', shape: [2, 3] },
      Float32Array.from([1, -2, 0, 3, 2, 0]),
      4,
    );
    expect(d.filterL1).toEqual([4, 4, 0]);
    expect(d.filterStd).toEqual([1, 2, 0]);
    expect(d.counts.reduce((a, b) => a + b)).toBe(6);
    expect(d.edges[0]).toBe(-3);
    expect(d.edges[4]).toBe(3);
  });
});

describe('AW-Net training', () => {
  beforeAll(() => useBackend('wasm'));

  it('needs the AW-Net model and says so', async () => {
    const cfg = config({ data: { kind: 'moons', n: 100 }, training: { method: 'awnet', epochs: 1 } });
    const trainer = new Trainer(cfg, moons(cfg));
    await expect(trainer.trainEpoch()).rejects.toThrow(/AW-Net model/);
    trainer.dispose();
  });

  for (const loss of ['ce', 'trades'] as const)
    it(`an epoch (${loss} loss) leaks no tensors and is deterministic`, async () => {
      const cfg = awnetConfig({ awnet: { loss } });
      const trainer = new Trainer(cfg, moons(cfg));
      await trainer.trainEpoch(); // Adam creates its moment variables on the first step.
      expect(await leakedTensors(() => trainer.trainEpoch())).toBe(0);
      const twin = new Trainer(cfg, moons(cfg));
      await twin.trainEpoch();
      await twin.trainEpoch();
      expect(await twin.snapshot()).toEqual(await trainer.snapshot());
      trainer.dispose();
      twin.dispose();
    });

  it('with teachers attached it distils (MTARD): the balance moves, no tensor leaks', async () => {
    const cfg = awnetConfig();
    const teacherCfg = config({ data: { kind: 'moons', n: 200 }, training: { epochs: 1 } });
    const natural = new Trainer(teacherCfg, moons(teacherCfg));
    const adversarial = new Trainer({ ...teacherCfg, seed: 2 }, moons(teacherCfg));
    const student = new Trainer(cfg, moons(cfg));
    const detach = attachTeachers(student.vars, {
      natural: forwardOf(natural.model, natural.vars),
      adversarial: forwardOf(adversarial.model, adversarial.vars),
    });
    const before = await student.snapshot();
    await student.trainEpoch();
    expect(await leakedTensors(() => student.trainEpoch())).toBe(0);
    const after = await student.snapshot();
    expect(after[0]).not.toEqual(before[0]);
    const w = await mtardWeights(student.vars);
    expect(w).not.toBeNull();
    expect(w![0] + w![1]).toBeCloseTo(1, 6);
    expect(w![1]).not.toBe(0.5);
    detach();
    expect(await mtardWeights(student.vars)).toBeNull();
    [natural, adversarial, student].forEach((t) => t.dispose());
  });
});

describe('MTARD teachers from finished runs', () => {
  beforeAll(() => useBackend('cpu'));
  const teacherCfg = config({ data: { kind: 'moons', n: 200 }, model: { kind: 'mlp', hidden: [4] } });
  const run = async (name: string, cfg: ExperimentConfig, seed: number): Promise<TeacherRun> => {
    const trainer = new Trainer({ ...cfg, seed }, moons(cfg));
    const params = await trainer.snapshot();
    trainer.dispose();
    return { name, config: cfg, params };
  };

  it('attaches two compatible runs to an AW-Net student, which then distils from them; detach frees them', async () => {
    const cfg = awnetConfig();
    const student = new Trainer(cfg, moons(cfg));
    const [natural, adversarial] = await Promise.all([
      run('clean', teacherCfg, 1),
      run('robust', teacherCfg, 2),
    ]);
    await student.trainEpoch();
    const leaked = await leakedTensors(async () => {
      const attached = attachTeacherRuns(student, natural, adversarial);
      if (!attached.ok) throw new Error(attached.errors.join('; '));
      await student.trainEpoch();
      const w = await mtardWeights(student.vars);
      expect(w![1]).not.toBe(MTARD_BALANCE.start);
      attached.detach();
      expect(await mtardWeights(student.vars)).toBeNull();
    });
    expect(leaked).toBe(0);
    student.dispose();
  });

  it('names what does not fit: another method, the same run twice, other data, other shapes', async () => {
    const [natural, adversarial] = await Promise.all([
      run('clean', teacherCfg, 1),
      run('robust', teacherCfg, 2),
    ]);
    const plain = new Trainer(teacherCfg, moons(teacherCfg));
    const notAwnet = attachTeacherRuns(plain, natural, adversarial);
    expect(notAwnet.ok).toBe(false);
    expect(!notAwnet.ok && notAwnet.errors).toEqual([
      expect.stringMatching(/AW-Net trained by AW-Net training/),
    ]);
    plain.dispose();

    const cfg = awnetConfig();
    const student = new Trainer(cfg, moons(cfg));
    const twice = attachTeacherRuns(student, natural, natural);
    expect(!twice.ok && twice.errors).toEqual([expect.stringMatching(/two different runs/)]);
    const wrongShape = { ...adversarial, params: adversarial.params.slice(1) };
    const shape = attachTeacherRuns(student, natural, wrongShape);
    expect(!shape.ok && shape.errors).toEqual([
      expect.stringMatching(
        /^The adversarially trained teacher \(robust\): 3 parameter tensors, but its model/,
      ),
    ]);
    const truncated = {
      ...adversarial,
      params: [adversarial.params[0].slice(1), ...adversarial.params.slice(1)],
    };
    const values = attachTeacherRuns(student, natural, truncated);
    expect(!values.ok && values.errors).toEqual([
      expect.stringMatching(
        /tensor dense0\/kernel has 7 values, but on the student's data \(2 classes\) its shape 2×4 needs 8/,
      ),
    ]);
    const threeClasses = { config: student.config, dataset: { ...student.dataset, numClasses: 3 } };
    expect(teacherErrors('natural', natural, threeClasses)).toEqual([
      expect.stringMatching(
        /^The clean teacher \(clean\): tensor dense1\/kernel has 8 values, but on the student's data \(3 classes\) its shape 4×3 needs 12/,
      ),
      expect.stringMatching(/tensor dense1\/bias has 2 values/),
    ]);
    const mnist = { ...natural, config: config({ data: { kind: 'mnist' } }) };
    expect(teacherErrors('natural', mnist, student)).toEqual([
      'The clean teacher (clean) was trained on mnist data, the student on moons.',
    ]);
    expect(teacherErrors('natural', natural, student)).toEqual([]);
    expect(await mtardWeights(student.vars)).toBeNull();
    student.dispose();
  });
});

/** Trains a fresh run to completion on `backend` and returns its final parameters. */
async function train(cfg: ExperimentConfig, backend: NodeBackend): Promise<ParamValues> {
  await useBackend(backend);
  const runner = await Runner.create(cfg, moons(cfg), backend, () => {});
  await runner.play();
  const values = await runner.trainer.snapshot();
  await runner.cancel();
  return values;
}
const bits = (values: ParamValues) =>
  values.map((t) => Array.from(new Uint32Array(t.buffer, t.byteOffset, t.length)));
const maxAbsDiff = (a: ParamValues, b: ParamValues) =>
  Math.max(...a.map((t, i) => t.reduce((m, v, j) => Math.max(m, Math.abs(v - b[i][j])), 0)));

describe('AW-Net determinism and backends', () => {
  for (const signal of ['mix', 'tanh'] as const) {
    const cfg = awnetConfig({ model: { kind: 'awnet', hidden: [8, 8], signal } });
    for (const backend of ['cpu', 'wasm'] as const)
      it(`same config ⇒ bit-identical parameters (${signal} signals, ${backend})`, async () => {
        expect(bits(await train(cfg, backend))).toEqual(bits(await train(cfg, backend)));
      });
    it(`cpu and wasm agree to 1e-5 after two epochs (${signal} signals)`, async () => {
      const diff = maxAbsDiff(await train(cfg, 'cpu'), await train(cfg, 'wasm'));
      console.log(`AW-Net (${signal}): max |θ_cpu − θ_wasm| = ${diff.toExponential(2)}`);
      expect(diff).toBeLessThan(1e-5);
    });
  }
});

describe('analyses on an AW-Net', () => {
  for (const routerInAnalyses of [true, false])
    it(`directions, landscapes, corruption, LSA, trajectory and the AW-Net analyses work, router ${routerInAnalyses ? 'included' : 'held out'}`, async () => {
      await useBackend('wasm');
      const cfg = awnetConfig({ model: { kind: 'awnet', hidden: [8, 8], routerInAnalyses } });
      const runner = await Runner.create(cfg, moons(cfg), 'wasm', () => {});
      await runner.play();
      const before = await runner.trainer.snapshot();
      const expectedTensors = routerInAnalyses ? runner.trainer.model.params.length : 6;
      const leaked = await leakedTensors(async () => {
        const landscape = (await runner.runAnalysis('landscape-1d', { resolution: 5, subset: 50 })) as {
          directions: ParamValues[];
        };
        expect(landscape.directions[0]).toHaveLength(expectedTensors);
        const layers = (await runner.runAnalysis('corruption-layers', {})) as { groups: { name: string }[] };
        expect(layers.groups.some((g) => g.name.startsWith('router/'))).toBe(routerInAnalyses);
        await runner.runAnalysis('corruption-sweep', { randomTrials: 2, multiSteps: [1] });
        const lsa = (await runner.runAnalysis('lsa', { size: 32, perturbations: ['fgsm', 'gaussian'] })) as {
          probeNames: string[];
        };
        expect(lsa.probeNames.some((p) => p.startsWith('router/'))).toBe(routerInAnalyses);
        await runner.runAnalysis('trajectory', {});
        await runner.runAnalysis('awnet-router', { size: 16, steps: 2 });
      });
      expect(leaked).toBe(0);
      expect(await runner.trainer.snapshot()).toEqual(before);
      // After the last epoch every AW-Net run records its router and weight distributions.
      const ids = runner.analyses.map((a) => a.id);
      expect(ids).toContain('awnet-router');
      expect(ids).toContain('weight-distribution');
      const router = runner.analyses.find((a) => a.id === 'awnet-router')!.result as RouterResult;
      expect(router.pClean).toHaveLength(router.size);
      expect(router.signals.map((s) => s.layer)).toEqual(['dense0', 'dense1']);
      // The paired counts account for the gap between the two accuracies, point for point.
      const { onlyAdaptive, onlyRouterIgnored } = router.paired!;
      expect(Math.round((router.accuracy.routerIgnored - router.accuracy.adaptive) * router.size)).toBe(
        onlyAdaptive - onlyRouterIgnored,
      );
      const dist = runner.analyses.find((a) => a.id === 'weight-distribution')!
        .result as WeightDistributionResult;
      expect(dist.layers.map((l) => l.name).includes('router/dense0/kernel')).toBe(routerInAnalyses);
      await runner.cancel();
    });
});

describe('the router is part of the attacked graph', () => {
  it("the attacks' input gradient is the classifier's path plus the router's (chain rule), and the router's is not 0", async () => {
    await useBackend('cpu');
    const cfg = awnetConfig();
    const trainer = new Trainer(cfg, moons(cfg));
    await trainer.trainEpoch();
    const model = requireAwnet(trainer.model, 'test');
    const x = trainer.xTest.slice(0, 16);
    const y = trainer.yTest.slice(0, 16) as tf.Tensor1D;
    const ce = (logits: tf.Tensor2D) => perExampleCrossEntropy(logits, y);
    // What every attack differentiates: forwardOf(model), the router seeing the attacked input.
    const full = inputGradient(forwardOf(model, trainer.vars), ce, x);
    // Each path differentiates a copy of x (as inside the attacks, where x + δ is a new tensor), the other
    // path's input being x held fixed.
    const at = tf.add(x, 0);
    const classifierPath = inputGradient(routerIgnoringForward(model, trainer.vars, x), ce, at);
    const routerPath = tf.grad((r: tf.Tensor) =>
      tf.sum(ce(model.route(trainer.vars, x, { routerInput: r }).logits)),
    )(at);
    const [g, c, r] = await Promise.all([full, classifierPath, routerPath].map(read));
    const norm = (v: number[]) => Math.sqrt(v.reduce((a, b) => a + b * b, 0));
    const tolerance = 1e-5 * norm(g);
    expect(norm(g.map((gi, i) => gi - c[i] - r[i]))).toBeLessThan(tolerance);
    // The router's path is well above that tolerance, so the sum would fail without it.
    expect(norm(r)).toBeGreaterThan(10 * tolerance);
    tf.dispose([x, y, at]);
    trainer.dispose();
  });
});

describe('the AW-Net preset, its example config and its bundle', () => {
  it('examples/awnet-moons.json is the gallery preset’s AW-Net run; its partner trains the same network without attacks', () => {
    const preset = PRESET_GALLERY.find((p) => p.id === 'awnet-moons')!;
    const [aw, at] = presetRuns(preset);
    const example = config(JSON.parse(readFileSync('examples/awnet-moons.json', 'utf8')));
    expect({ ...example, backend: 'auto' }).toEqual(aw.config);
    expect(at.config.model).toEqual(aw.config.model);
    expect(at.config.training.method).toBe('standard');
  });

  it("the headless runner writes the router's outputs and the weight-distribution statistics into the bundle", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'basin-awnet-'));
    try {
      const cfg = JSON.parse(readFileSync('examples/awnet-moons.json', 'utf8'));
      cfg.training.epochs = 2;
      cfg.data.n = 200;
      writeFileSync(join(dir, 'cfg.json'), JSON.stringify(cfg));
      const lines: string[] = [];
      const code = await runExperiment([join(dir, 'cfg.json'), '--out', join(dir, 'run.json')], {
        log: (l) => lines.push(l),
        error: (l) => lines.push(l),
      });
      expect(code, lines.join('\n')).toBe(0);
      const bundle = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'));
      expect(parseBundle(bundle).ok).toBe(true);
      const byId = (id: string) => bundle.analyses.find((a: { id: string }) => a.id === id)?.result;
      const router = byId('awnet-router') as RouterResult;
      expect(router.pClean.length).toBe(router.size);
      expect(router.signals).toHaveLength(2);
      expect(router.auc).toBeGreaterThanOrEqual(0);
      const dist = byId('weight-distribution') as WeightDistributionResult;
      expect(dist.layers.map((l) => l.name)).toContain('dense0/kernel');
      expect(dist.layers[0].filterL1).toHaveLength(32);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('MTARD teachers in the headless runner', () => {
  it('distils from two run bundles given as --teacher-clean / --teacher-adversarial, and names a bad one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'basin-mtard-'));
    const path = (name: string) => join(dir, name);
    const lines: string[] = [];
    const cli = (...argv: string[]) =>
      runExperiment(argv, { log: (l) => lines.push(l), error: (l) => lines.push(l) });
    try {
      const small = { data: { kind: 'moons', n: 200 }, training: { epochs: 1 }, backend: 'cpu' };
      writeFileSync(path('clean.json'), JSON.stringify({ ...small, model: { kind: 'mlp', hidden: [8] } }));
      writeFileSync(
        path('robust.json'),
        JSON.stringify({
          ...small,
          model: { kind: 'mlp', hidden: [8] },
          training: { epochs: 1, method: 'pgd-at' },
        }),
      );
      writeFileSync(
        path('student.json'),
        JSON.stringify({
          ...small,
          model: { kind: 'awnet', hidden: [8, 8] },
          training: { epochs: 1, method: 'awnet' },
        }),
      );
      expect(await cli(path('clean.json'), '--out', path('clean-run.json')), lines.join('\n')).toBe(0);
      expect(await cli(path('robust.json'), '--out', path('robust-run.json')), lines.join('\n')).toBe(0);
      lines.length = 0;
      const student = [path('student.json'), '--out', path('student-run.json')];
      const teachers = ['--teacher-clean', path('clean-run.json'), '--teacher-adversarial'];
      expect(await cli(...student, ...teachers, path('robust-run.json')), lines.join('\n')).toBe(0);
      expect(lines).toContain(
        `distilling from ${path('clean-run.json')} (clean) and ${path('robust-run.json')} (adversarial)`,
      );
      lines.length = 0;
      expect(await cli(...student, ...teachers, path('robust.json'))).toBe(1);
      const error = lines.indexOf('error: the MTARD teachers cannot be used:');
      expect(error, lines.join('\n')).toBeGreaterThanOrEqual(0);
      expect(lines[error + 1]).toMatch(/robust\.json: The file is not a Basin run bundle/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the trade-off frontier', () => {
  const st = { robust: 0.72, clean: 0.98 };
  const at = { robust: 0.86, clean: 0.95 };
  const dominated = { robust: 0.7, clean: 0.9 };
  it('keeps the static models no other beats in both, by robust accuracy', () => {
    expect(tradeoffFrontier([at, dominated, st])).toEqual([st, at]);
  });
  it('measures how far above the ST–AT line a point lies, in clean accuracy at its robust accuracy', () => {
    const frontier = [st, at];
    // The line at robust 0.79 is halfway: clean 0.965.
    expect(aboveFrontier({ robust: 0.79, clean: 0.975 }, frontier)).toBeCloseTo(0.01, 12);
    expect(aboveFrontier({ robust: 0.79, clean: 0.955 }, frontier)).toBeCloseTo(-0.01, 12);
    expect(aboveFrontier({ robust: 0.9, clean: 0.96 }, frontier)).toBeCloseTo(0.01, 12);
    expect(aboveFrontier(st, [])).toBeNull();
    expect(wraMean(at)).toBeCloseTo(0.905, 12);
  });
});
