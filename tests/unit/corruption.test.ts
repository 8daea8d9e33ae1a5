import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../src/core/tf';
import { type Budget, resolveBudget, type BudgetSpec } from '../../src/core/analysis/corruption/budget';
import { filterNormalizedDirection } from '../../src/core/analysis/corruption/direction';
import { multiStepCorruption } from '../../src/core/analysis/corruption/multi-step';
import { type EvalSet, datasetObjective } from '../../src/core/analysis/corruption/objective';
import { firstOrderEstimate, oneStepCorruption } from '../../src/core/analysis/corruption/one-step';
import { randomCorruption } from '../../src/core/analysis/corruption/random';
import { scopeIndices } from '../../src/core/analysis/corruption/scope';
import type { SweepResult } from '../../src/core/analysis/corruption/sweep';
import type { LayersResult } from '../../src/core/analysis/corruption/layers';
import type { TrajectoryResult } from '../../src/core/analysis/corruption/trajectory';
import { readVectors } from '../../src/core/analysis/corruption/vectors';
import { getAnalysis } from '../../src/core/analysis/registry';
import { parseConfig } from '../../src/core/config';
import { CorruptionSchema } from '../../src/core/train/settings/corruption';
import type { Dataset } from '../../src/core/data/dataset';
import { createMlp } from '../../src/core/models/mlp';
import { type ParamValues, initialValues, readValues, toTensors } from '../../src/core/params';
import { Rng } from '../../src/core/rng';
import { Runner } from '../../src/core/train/runner';
import { Trainer } from '../../src/core/train/trainer';
import { config, leakedTensors, moons, useBackend } from './helpers';

// ---------- plain-JS references (float64) ----------

const sq = (v: ArrayLike<number>) => Array.from(v).reduce((s, x) => s + x * x, 0);
const l2 = (vs: readonly ArrayLike<number>[]) => Math.sqrt(vs.reduce((s, v) => s + sq(v), 0));
const linf = (vs: readonly ArrayLike<number>[]) => Math.max(0, ...vs.flatMap((v) => Array.from(v, Math.abs)));
const normOf = (norm: 'l2' | 'linf', vs: readonly ArrayLike<number>[]) => (norm === 'l2' ? l2(vs) : linf(vs));

/**
 * Softmax regression z = xW + b (W is [2, 2] row-major [in, out], as in TF.js): the mean cross-entropy and
 * its closed-form gradient ∂L/∂W = Xᵀ(P − Y)/n, ∂L/∂b = mean(P − Y).
 */
function logisticLossGrad(x: Float32Array, y: Int32Array, [W, b]: readonly ArrayLike<number>[]) {
  const n = y.length;
  let loss = 0;
  const gW = [0, 0, 0, 0];
  const gb = [0, 0];
  for (let i = 0; i < n; i++) {
    const x0 = x[2 * i];
    const x1 = x[2 * i + 1];
    const z = [0, 1].map((c) => x0 * W[c] + x1 * W[2 + c] + b[c]);
    const m = Math.max(...z);
    const lse = m + Math.log(z.reduce((s, zc) => s + Math.exp(zc - m), 0));
    loss += lse - z[y[i]];
    for (let c = 0; c < 2; c++) {
      const d = Math.exp(z[c] - lse) - (y[i] === c ? 1 : 0);
      gW[c] += x0 * d;
      gW[2 + c] += x1 * d;
      gb[c] += d;
    }
  }
  return { loss: loss / n, grads: [gW.map((g) => g / n), gb.map((g) => g / n)] };
}

const addScaled = (a: readonly ArrayLike<number>[], c: number, d: readonly ArrayLike<number>[]) =>
  a.map((t, i) => Array.from(t, (v, j) => v + c * d[i][j]));

function expectClose(
  actual: readonly ArrayLike<number>[],
  expected: readonly ArrayLike<number>[],
  tol: number,
) {
  expect(actual.length).toBe(expected.length);
  actual.forEach((t, i) =>
    Array.from(t).forEach((v, j) => expect(Math.abs(v - expected[i][j])).toBeLessThan(tol)),
  );
}

// ---------- logistic regression: closed forms ----------

describe('corruption of logistic regression (closed forms)', () => {
  const cfg = config({ model: { kind: 'mlp', hidden: [] } });
  const data = moons(cfg);
  const model = createMlp(2, [], 2, 'tanh');
  const values: ParamValues = [initialValues(model, cfg.seed)[0], new Float32Array([0.1, -0.2])];
  let theta: tf.Tensor[];
  let set: EvalSet;
  const ref = () => logisticLossGrad(data.xTrain, data.yTrain, values);

  beforeAll(async () => {
    await useBackend('wasm');
    theta = toTensors(model.params, values);
    set = { x: tf.tensor2d(data.xTrain, [data.yTrain.length, 2]), y: tf.tensor1d(data.yTrain, 'int32') };
  });
  afterAll(() => tf.dispose([...theta, set.x, set.y]));

  it('the gradient on the fixed set equals the closed form (whole set and in chunks)', async () => {
    const { grads: expected } = ref();
    for (const chunk of [100000, 128]) {
      const g = datasetObjective(model, set, chunk).lossAndGradient(theta);
      expectClose(await readValues(g.grads), expected, 1e-6);
      tf.dispose([g.loss, ...g.grads]);
    }
  });

  it('one-step L2 corruption is ε·g/‖g‖₂ and L∞ is ε·sign(g), over all parameters (biases included)', async () => {
    const { grads: g } = ref();
    const gNorm = l2(g);
    const objective = datasetObjective(model, set);
    const grad = objective.lossAndGradient(theta);
    for (const [norm, epsilon] of [
      ['l2', 0.3],
      ['linf', 0.05],
    ] as const) {
      const budget = resolveBudget(theta, [0, 1], { norm, mode: 'absolute', value: epsilon });
      const a = oneStepCorruption(grad.grads, budget);
      const expected = g.map((t) =>
        t.map((v) => (norm === 'l2' ? (epsilon * v) / gNorm : epsilon * Math.sign(v))),
      );
      expectClose(await readValues(a), expected, 1e-6);
      tf.dispose([...a, ...budget.blocks.map((b) => b.radius)]);
    }
    tf.dispose([grad.loss, ...grad.grads]);
  });

  it('the measured ΔL of the one-step corruption matches ε‖g‖_q to first order (ratio → 1 as ε → 0)', async () => {
    const { grads: g } = ref();
    const objective = datasetObjective(model, set);
    const grad = objective.lossAndGradient(theta);
    for (const norm of ['l2', 'linf'] as const) {
      const dualNorm = norm === 'l2' ? l2(g) : g.flat().reduce((s, v) => s + Math.abs(v), 0);
      const errors: number[] = [];
      for (const epsilon of [0.1, 0.01, 0.001]) {
        const budget = resolveBudget(theta, [0, 1], { norm, mode: 'absolute', value: epsilon });
        const out = tf.tidy(() => {
          const a = oneStepCorruption(grad.grads, budget);
          const corrupted = theta.map((t, i) => tf.add(t, a[i]));
          return tf.stack([
            tf.sub(objective.loss(corrupted), objective.loss(theta)),
            firstOrderEstimate(grad.grads, a),
          ]);
        });
        const [deltaLoss, estimate] = await out.data();
        tf.dispose([out, ...budget.blocks.map((b) => b.radius)]);
        const ratio = deltaLoss / (epsilon * dualNorm);
        console.log(
          `logistic regression ${norm} ε=${epsilon}: ΔL=${deltaLoss.toExponential(4)}, ε‖g‖_q=${(epsilon * dualNorm).toExponential(4)}, ratio=${ratio.toFixed(5)}`,
        );
        expect(estimate / (epsilon * dualNorm)).toBeCloseTo(1, 5);
        errors.push(Math.abs(ratio - 1));
      }
      // The error is O(ε): it shrinks roughly tenfold per decade, and is small at the smallest ε.
      expect(errors[1]).toBeLessThan(errors[0] / 3);
      expect(errors[2]).toBeLessThan(0.01);
    }
    tf.dispose([grad.loss, ...grad.grads]);
  });

  it('ACR takes one optimiser step with ∇L(θ + a*) (λ = 1) or the λ-mix (closed form, SGD)', async () => {
    for (const [norm, lambda] of [
      ['l2', 1],
      ['linf', 1],
      ['l2', 0.3],
    ] as const) {
      const epsilon = norm === 'l2' ? 0.4 : 0.1;
      const lr = 0.5;
      const c = config({
        model: { kind: 'mlp', hidden: [] },
        optimizer: { kind: 'sgd', lr, momentum: 0 },
        training: { epochs: 1, batchSize: 4096, method: 'acr' },
        corruption: { norm, budget: 'absolute', epsilon, lambda },
      });
      const trainer = new Trainer(c, data, values);
      await trainer.trainEpoch();
      const clean = ref().grads;
      const dir = clean.map((t) => t.map((v) => (norm === 'l2' ? v / l2(clean) : Math.sign(v))));
      const corrupted = logisticLossGrad(data.xTrain, data.yTrain, addScaled(values, epsilon, dir)).grads;
      const mixed = corrupted.map((t, i) => t.map((v, j) => (1 - lambda) * clean[i][j] + lambda * v));
      expectClose(await trainer.snapshot(), addScaled(values, -lr, mixed), 2e-6);
      trainer.dispose();
    }
  });

  it('APD averages the gradients at the K iterates of the multi-step corruption (closed form, K = 2)', async () => {
    for (const includeClean of [false, true]) {
      const epsilon = 0.4;
      const lr = 0.5;
      const c = config({
        model: { kind: 'mlp', hidden: [] },
        optimizer: { kind: 'sgd', lr, momentum: 0 },
        training: { epochs: 1, batchSize: 4096, method: 'apd' },
        corruption: { norm: 'l2', budget: 'absolute', epsilon, steps: 2, includeClean },
      });
      const trainer = new Trainer(c, data, values);
      await trainer.trainEpoch();
      // a_k = Π(a_{k−1} + η·g/‖g‖), η = 2.5ε/K, Π rescales to ‖a‖ ≤ ε.
      const eta = (2.5 * epsilon) / 2;
      const project = (a: number[][]) => {
        const s = Math.min(1, epsilon / l2(a));
        return a.map((t) => t.map((v) => v * s));
      };
      const gradAt = (a: number[][]) =>
        logisticLossGrad(data.xTrain, data.yTrain, addScaled(values, 1, a)).grads;
      const zero = values.map((t) => Array.from(t, () => 0));
      const g0 = gradAt(zero);
      const a1 = project(addScaled(zero, eta / l2(g0), g0));
      const g1 = gradAt(a1);
      const a2 = project(addScaled(a1, eta / l2(g1), g1));
      const g2 = gradAt(a2);
      const terms = includeClean ? [g0, g1, g2] : [g1, g2];
      const mean = g0.map((t, i) => t.map((_, j) => terms.reduce((s, g) => s + g[i][j], 0) / terms.length));
      expectClose(await trainer.snapshot(), addScaled(values, -lr, mean), 2e-6);
      trainer.dispose();
    }
  });
});

// ---------- a trained MLP ----------

describe('corruptions of a trained MLP', () => {
  let runner: Runner;
  const cfg = config({ training: { epochs: 30 } });

  beforeAll(async () => {
    await useBackend('wasm');
    runner = await Runner.create(cfg, moons(cfg), 'wasm', () => {});
    await runner.play();
  });
  afterAll(() => runner.cancel());

  const theta = () => runner.trainer.vars as readonly tf.Tensor[];
  const specs = () => runner.trainer.model.params;

  it('multi-step loss ≥ one-step loss ≥ mean random loss at the same ε; K = 1 equals one-step', async () => {
    const r = (await runner.runAnalysis('corruption-sweep', {
      grids: [
        { norm: 'l2', mode: 'relative', values: [0.005, 0.02, 0.05] },
        { norm: 'linf', mode: 'absolute', values: [0.003, 0.01, 0.03] },
      ],
      randomTrials: 20,
      multiSteps: [1, 10],
      keepVectors: false,
    })) as SweepResult;
    console.log(
      `trained MLP: clean loss ${r.clean.loss.toFixed(4)}, ‖g‖₂ ${r.gradientNorm.l2.toExponential(3)}`,
    );
    for (const c of r.curves) {
      c.values.forEach((v, i) => {
        const [k1, k10] = c.multiStep.map((m) => m.series.deltaLoss[i]);
        console.log(
          `${c.norm} ${c.mode} ${v} (ε=${c.epsilons[i].toExponential(3)}): ΔL random mean ${c.random.mean.deltaLoss[i].toExponential(3)} ` +
            `[${c.random.min.deltaLoss[i].toExponential(2)}, ${c.random.max.deltaLoss[i].toExponential(2)}], ` +
            `one-step ${c.oneStep.deltaLoss[i].toExponential(3)} (estimate ${c.estimate[i].toExponential(3)}), ` +
            `K=10 ${k10.toExponential(3)}; test acc ${c.random.mean.testAcc[i].toFixed(3)} / ${c.oneStep.testAcc[i].toFixed(3)} / ${c.multiStep[1].series.testAcc[i].toFixed(3)}`,
        );
        expect(k10).toBeGreaterThanOrEqual(c.oneStep.deltaLoss[i]);
        expect(c.oneStep.deltaLoss[i]).toBeGreaterThan(c.random.mean.deltaLoss[i]);
        expect(k1).toBeCloseTo(c.oneStep.deltaLoss[i], 6);
      });
    }
  });

  it('every corruption respects its budget, and is zero outside its scope', async () => {
    const values = await readValues(theta());
    const objective = datasetObjective(runner.trainer.model, {
      x: runner.trainer.xTrain,
      y: runner.trainer.yTrain,
    });
    for (const norm of ['l2', 'linf'] as const)
      for (const mode of ['absolute', 'relative', 'layer-relative'] as const)
        for (const scopeName of ['all', 'kernels'] as const) {
          const scope = scopeIndices(specs(), scopeName);
          const value = mode === 'absolute' ? (norm === 'l2' ? 0.5 : 0.02) : 0.05;
          const spec: BudgetSpec = { norm, mode, value };
          // Radii computed independently, in JS.
          const blocks = mode === 'layer-relative' ? scope.map((i) => [i]) : [scope];
          const radii = blocks.map((b) =>
            mode === 'absolute'
              ? value
              : value *
                normOf(
                  norm,
                  b.map((i) => values[i]),
                ),
          );
          const budget: Budget = resolveBudget(theta(), scope, spec);
          const kinds = tf.tidy(() => {
            const g = objective.lossAndGradient(theta()).grads;
            const rng = Rng.stream(cfg.seed, 'corruption', 'test', norm, mode, scopeName);
            const walk = multiStepCorruption(objective, theta(), budget, {
              steps: 4,
              start: randomCorruption(theta(), budget, rng, 'interior'),
            });
            return {
              surface: randomCorruption(theta(), budget, rng, 'surface'),
              interior: randomCorruption(theta(), budget, rng, 'interior'),
              oneStep: oneStepCorruption(g, budget),
              sparse: oneStepCorruption(g, budget, { sparse: 5 }),
              ...Object.fromEntries(walk.path.map((a, k) => [`multi-step a_${k}`, a])),
            } as Record<string, tf.Tensor[]>;
          });
          const names = Object.keys(kinds);
          const read = await readVectors(names.map((n) => kinds[n]));
          tf.dispose([...Object.values(kinds).flat(), ...budget.blocks.map((b) => b.radius)]);
          names.forEach((name, j) => {
            const a = read[j];
            blocks.forEach((b, bi) => {
              const size = normOf(
                norm,
                b.map((i) => a[i]),
              );
              expect(size, `${name} ${norm} ${mode} ${scopeName}`).toBeLessThanOrEqual(
                radii[bi] * (1 + 1e-5) + 1e-7,
              );
              // The surface and one-step corruptions sit on the boundary.
              if (name === 'surface' || name === 'oneStep') expect(size).toBeCloseTo(radii[bi], 4);
            });
            a.forEach((t, i) => {
              if (!scope.includes(i)) expect(linf([t]), `${name} outside the scope`).toBe(0);
            });
            if (name === 'sparse')
              expect(a.reduce((n, t) => n + t.filter((v) => v !== 0).length, 0)).toBeLessThanOrEqual(5);
          });
        }
  });

  it('analyses leave the parameters bit-identical and leak no tensors; same settings give the same numbers', async () => {
    const before = await readValues(theta());
    const runs: [string, unknown][] = [
      ['corruption-sweep', { randomTrials: 3, multiSteps: [3], start: 'random', sparse: 10 }],
      ['corruption-layers', { steps: 3 }],
      ['corruption-layers', { norm: 'linf', mode: 'relative', value: 0.01, grouping: 'layer' }],
      ['corruption-trajectory', { steps: 4, resolution: 5 }],
    ];
    for (const [id, settings] of runs) {
      let first: unknown;
      expect(await leakedTensors(async () => (first = await runner.runAnalysis(id, settings))), id).toBe(0);
      expect(await readValues(theta()), id).toEqual(before);
      expect(await runner.runAnalysis(id, settings), `${id} is deterministic`).toEqual(first);
    }
  });

  it('a sweep restricted to one group corrupts only that group, and keeps a* and a_K', async () => {
    const r = (await runner.runAnalysis('corruption-sweep', {
      grids: [{ norm: 'l2', mode: 'relative', values: [0.05] }],
      group: 'dense1/kernel',
      randomTrials: 2,
      multiSteps: [3],
    })) as SweepResult;
    const [c] = r.curves;
    const kernelNorm = l2([(await readValues(theta()))[2]]);
    for (const a of [c.vectors!.oneStep[0], c.vectors!.multiStep[0][0]]) {
      a.forEach((t, i) => (i === 2 ? expect(l2([t])).toBeGreaterThan(0) : expect(linf([t])).toBe(0)));
      expect(l2(a)).toBeLessThanOrEqual(0.05 * kernelNorm * (1 + 1e-5));
    }
    expect(c.epsilons[0]).toBeCloseTo(0.05 * kernelNorm, 5);
  });

  it('per-layer vulnerability: kernel and bias apart, indicator ε‖g_G‖, a*_G of norm ε inside its group', async () => {
    const epsilon = 0.05;
    const r = (await runner.runAnalysis('corruption-layers', { value: epsilon })) as LayersResult;
    expect(r.groups.map((g) => g.name)).toEqual(specs().map((p) => p.name));
    expect(r.groups.map((g) => g.kind)).toEqual(['kernel', 'bias', 'kernel', 'bias', 'kernel', 'bias']);
    for (const g of r.groups) {
      console.log(
        `${g.name}: ‖g_G‖ ${g.gradNorm.toExponential(3)}, ε‖g_G‖ ${g.estimate.toExponential(3)}, measured ΔL ${g.oneStep.deltaLoss.toExponential(3)}`,
      );
      expect(g.epsilon).toBeCloseTo(epsilon, 6);
      expect(g.estimate).toBeCloseTo(epsilon * g.gradNorm, 6);
      expect(l2(g.vector!)).toBeCloseTo(epsilon, 5);
      expect(g.oneStep.deltaLoss).toBeGreaterThan(0);
    }
    const layers = (await runner.runAnalysis('corruption-layers', { grouping: 'layer' })) as LayersResult;
    expect(layers.groups.map((g) => g.indices)).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
    ]);
  });

  it('the trajectory: a_0 = 0, a_K at (1, 0) in its plane, the surface agrees with the path', async () => {
    const K = 6;
    const n = 11; // grid on [−1, 1]²: α = 0 at column 5, α = 1 at column 10, β = 0 at row 5
    const r = (await runner.runAnalysis('corruption-trajectory', {
      steps: K,
      resolution: n,
      span: 1,
    })) as TrajectoryResult;
    console.log(
      `trajectory ΔL(a_k): ${r.deltaLoss.map((v) => v.toExponential(3)).join(', ')}; in-plane ${r.inPlane.map((v) => v.toFixed(3)).join(', ')}`,
    );
    expect(r.path).toHaveLength(K + 1);
    expect(linf(r.path[0])).toBe(0);
    expect(r.deltaLoss[0]).toBeCloseTo(0, 6);
    expect(r.deltaLoss[K]).toBeGreaterThan(0);
    r.path.forEach((a) => expect(l2(a)).toBeLessThanOrEqual(r.epsilon * (1 + 1e-5)));
    expect(r.alpha[K]).toBeCloseTo(1, 5);
    expect(r.beta[K]).toBeCloseTo(0, 5);
    expect(r.inPlane[K]).toBeCloseTo(1, 5);
    // d₂ ⟂ d₁ and both have the length of a_K.
    const d1 = r.plane.d1.flatMap((t) => Array.from(t));
    const d2 = r.plane.d2.flatMap((t) => Array.from(t));
    expect(d1.reduce((s, v, i) => s + v * d2[i], 0) / (r.plane.unit * r.plane.unit)).toBeCloseTo(0, 5);
    expect(l2([d1])).toBeCloseTo(r.plane.unit, 5);
    expect(l2([d2])).toBeCloseTo(r.plane.unit, 5);
    expect(r.grid.loss[5 * n + 5]).toBeCloseTo(r.cleanLoss, 5);
    expect(r.grid.loss[5 * n + 10]).toBeCloseTo(r.loss[K], 5);
  });

  it('the random plane direction is filter-normalised, with zero biases', async () => {
    const d = filterNormalizedDirection(
      theta(),
      Rng.stream(1, 'corruption', 'test-direction'),
      [0, 1, 2, 3, 4, 5],
    );
    const [values, dir] = await Promise.all([readValues(theta()), readValues(d)]);
    tf.dispose(d);
    specs().forEach((p, i) => {
      if (p.shape.length < 2) return expect(linf([dir[i]])).toBe(0);
      const [rows, cols] = p.shape;
      for (let j = 0; j < cols; j++) {
        const col = (v: Float32Array) => Array.from({ length: rows }, (_, r) => v[r * cols + j]);
        expect(l2([col(dir[i])])).toBeCloseTo(l2([col(values[i])]), 4);
      }
    });
  });
});

describe('corruption analyses on a tiny CNN (conv kernels [kh, kw, in, out])', () => {
  beforeAll(() => useBackend('wasm'));

  it('run with chunked gradients on an image subset, within budget, leaving the parameters unchanged', async () => {
    const n = 48;
    const side = 12;
    const rng = new Rng(7);
    const images = (count: number) => rng.uniforms(count * side * side, 0, 1);
    const labels = (count: number) => Int32Array.from({ length: count }, () => rng.int(10));
    const dataset: Dataset = {
      name: 'random 12×12 images',
      inputShape: [side, side, 1],
      numClasses: 10,
      xTrain: images(n),
      yTrain: labels(n),
      xTest: images(16),
      yTest: labels(16),
      inputRange: [0, 1],
    };
    const cfg = config({ data: { kind: 'mnist' }, model: { kind: 'cnn', preset: 'small' } });
    const runner = await Runner.create(cfg, dataset, 'wasm', () => {});
    const theta = runner.trainer.vars;
    const before = await readValues(theta);
    const data = { size: 40, chunk: 16 };
    const leaked = await leakedTensors(async () => {
      const sweep = (await runner.runAnalysis('corruption-sweep', {
        grids: [
          { norm: 'l2', mode: 'layer-relative', values: [0.05] },
          { norm: 'linf', mode: 'absolute', values: [0.01] },
        ],
        randomTrials: 2,
        multiSteps: [3],
        data,
      })) as SweepResult;
      expect(sweep.attackSize).toBe(40);
      for (const c of sweep.curves) {
        expect(c.multiStep[0].series.deltaLoss[0]).toBeGreaterThanOrEqual(c.oneStep.deltaLoss[0] - 1e-6);
        const a = c.vectors!.multiStep[0][0];
        if (c.norm === 'linf') expect(linf(a)).toBeLessThanOrEqual(0.01 * (1 + 1e-5));
        else
          a.forEach((t, i) =>
            expect(l2([t])).toBeLessThanOrEqual(0.05 * l2([before[i]]) * (1 + 1e-5) + 1e-9),
          );
      }
      const layers = (await runner.runAnalysis('corruption-layers', { data })) as LayersResult;
      expect(layers.groups.map((g) => g.kind)).toEqual([
        'kernel',
        'bias',
        'kernel',
        'bias',
        'kernel',
        'bias',
      ]);
      const trajectory = (await runner.runAnalysis('corruption-trajectory', {
        steps: 3,
        resolution: 3,
        span: 1,
        data,
      })) as TrajectoryResult;
      expect(trajectory.alpha[3]).toBeCloseTo(1, 5);
      expect(trajectory.grid.loss[1 * 3 + 2]).toBeCloseTo(trajectory.loss[3], 4);
    });
    expect(leaked).toBe(0);
    expect(await readValues(theta)).toEqual(before);
    await runner.cancel();
  });

  it('the filter-normalised direction matches the filter norms of a conv kernel (last axis)', async () => {
    const shape = [3, 3, 2, 4];
    const values = new Rng(3).normals(72);
    const theta = [tf.tensor(values, shape), tf.zeros([4])];
    const d = filterNormalizedDirection(theta, new Rng(5), [0, 1]);
    const [dir, bias] = await readValues(d);
    tf.dispose([...theta, ...d]);
    expect(linf([bias])).toBe(0);
    for (let j = 0; j < 4; j++) {
      const filter = (v: ArrayLike<number>) => Array.from({ length: 18 }, (_, r) => v[r * 4 + j]);
      expect(l2([filter(dir)])).toBeCloseTo(l2([filter(values)]), 4);
    }
  });
});

describe('the corruption settings and config section', () => {
  it('analysis settings are defaulted, and invalid ones are rejected naming the field', () => {
    const sweep = getAnalysis('corruption-sweep').parseSettings(undefined) as { randomTrials: number };
    expect(sweep.randomTrials).toBe(20);
    expect(() =>
      getAnalysis('corruption-sweep').parseSettings({
        grids: [{ norm: 'l3', mode: 'absolute', values: [1] }],
      }),
    ).toThrow(/grids\.0\.norm/);
    expect(() => getAnalysis('corruption-trajectory').parseSettings({ steps: 0 })).toThrow(/steps/);
  });

  it('old configs get the defaults; the help texts flag the unverified choices', () => {
    const r = parseConfig({ seed: 3 });
    expect(r.ok && r.config.corruption).toEqual(CorruptionSchema.parse({}));
    expect(CorruptionSchema.shape.lambda.description).toContain('[U]');
    expect(CorruptionSchema.shape.budget.description).toContain('[P]');
    const clamped = parseConfig({ corruption: { rho: 5, steps: 0 } });
    expect(clamped.ok && clamped.config.corruption.rho).toBe(1);
    expect(clamped.ok && clamped.config.corruption.steps).toBe(1);
  });
});
