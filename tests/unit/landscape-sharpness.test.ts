import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../src/core/tf';
import {
  type SharpnessResult,
  hessianVectorProduct,
  maxRiseWithinRadius,
  topHessianEigenvalue,
} from '../../src/core/analysis/sharpness';
import { linspace } from '../../src/core/analysis/grid';
import { Rng } from '../../src/core/rng';
import type { Runner } from '../../src/core/train/runner';
import { createMlp } from '../../src/core/models/mlp';
import { perExampleCrossEntropy } from '../../src/core/objectives/loss';
import { leakedTensors, useBackend } from './helpers';
import { trainedRunner } from './landscape-helpers';

beforeAll(() => useBackend('wasm'));

describe('largest loss rise within radius r', () => {
  it('on a closed-form grid L = α² + 2β² + 0.1', () => {
    const axis = linspace(-1, 1, 21);
    const loss = new Float32Array(21 * 21);
    axis.forEach((b, j) => axis.forEach((a, i) => (loss[j * 21 + i] = a * a + 2 * b * b + 0.1)));
    const r = maxRiseWithinRadius({ alphas: axis, betas: axis }, loss, 0.1, 0.5);
    expect(r.rise).toBeCloseTo(0.5, 6); // 2·0.5² at (0, ±0.5)
    expect(r.alpha).toBeCloseTo(0, 12);
    expect(Math.abs(r.beta)).toBeCloseTo(0.5, 12);
    // A curve: along α only.
    const curve = Float32Array.from(axis, (a) => Math.abs(a) ** 3);
    const c = maxRiseWithinRadius({ alphas: axis, betas: null }, curve, 0, 0.7);
    expect(c.rise).toBeCloseTo(0.7 ** 3, 6);
    expect(Math.abs(c.alpha)).toBeCloseTo(0.7, 12);
    // Unevaluated points (NaN) are skipped.
    loss[10 * 21 + 15] = NaN;
    expect(maxRiseWithinRadius({ alphas: axis, betas: axis }, loss, 0.1, 0.5).rise).toBeCloseTo(0.5, 6);
  });
});

describe('top Hessian eigenvalue by power iteration', () => {
  it('matches a known quadratic ½θᵀAθ, A = Q diag(λ) Qᵀ', async () => {
    const n = 12;
    const lambdas = [4, 2.5, 2, 1.5, 1, 0.8, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05];
    // Q = I − 2vvᵀ/‖v‖², a Householder reflection: orthogonal, so A's eigenvalues are exactly λ.
    const v = Rng.stream(1, 'householder').normals(n);
    const vv = v.reduce((s, x) => s + x * x, 0);
    const Q = Array.from({ length: n }, (_, i) =>
      Array.from({ length: n }, (_, j) => (i === j ? 1 : 0) - (2 * v[i] * v[j]) / vv),
    );
    const A = new Float32Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) A[i * n + j] = lambdas.reduce((s, l, k) => s + Q[i][k] * l * Q[j][k], 0);
    const At = tf.tensor2d(A, [n, n]);
    const theta = [tf.tensor2d(Rng.stream(2, 'theta').normals(n), [3, 4]), tf.tensor1d([0.5, -1])];
    const loss = ([w, b]: tf.Tensor[]) =>
      tf.tidy(() => {
        const x = w.reshape([n, 1]);
        return tf.add(tf.mul(0.5, tf.sum(tf.mul(x, tf.matMul(At, x)))), tf.sum(tf.square(b))) as tf.Scalar;
      });
    let estimate: Awaited<ReturnType<typeof topHessianEigenvalue>> | undefined;
    const leaked = await leakedTensors(async () => {
      estimate = await topHessianEigenvalue(loss, theta, {
        iterations: 100,
        step: 1e-2,
        tolerance: 1e-7,
        seed: 1,
      });
    });
    const e = estimate!;
    console.log(
      `quadratic: λ_max = 4, estimate ${e.eigenvalue} after ${e.iterations} iterations; history ${e.history
        .slice(0, 6)
        .map((h) => h.toFixed(4))
        .join(' ')} …`,
    );
    expect(leaked).toBe(0);
    expect(Math.abs(e.eigenvalue - 4) / 4).toBeLessThan(1e-3);
    expect(e.converged).toBe(true);
    // Power iteration on a PSD matrix: the Rayleigh quotients rise monotonically (up to float32 noise).
    for (let i = 1; i < e.history.length; i++)
      expect(e.history[i]).toBeGreaterThanOrEqual(e.history[i - 1] - 1e-4);
    // Restriction to the weights (the default): a steeper bias block (Hessian 10·I) is ignored unless included.
    const steep = ([w, b]: tf.Tensor[]) =>
      tf.tidy(() => tf.add(loss([w, tf.zerosLike(b)]), tf.mul(5, tf.sum(tf.square(b)))) as tf.Scalar);
    const weightsOnly = await topHessianEigenvalue(steep, theta, {
      iterations: 100,
      step: 1e-2,
      tolerance: 1e-7,
      seed: 1,
    });
    const all = await topHessianEigenvalue(steep, theta, {
      iterations: 100,
      step: 1e-2,
      tolerance: 1e-7,
      seed: 1,
      include: [true, true],
    });
    expect(weightsOnly.eigenvalue).toBeCloseTo(4, 2);
    expect(all.eigenvalue).toBeCloseTo(10, 2);
    tf.dispose([At, ...theta]);
  });

  /**
   * Softmax regression (an MLP without hidden layers) has a closed-form Hessian: per example, z = xW + b,
   * J = diag(p) − ppᵀ, and H·(V, u) = mean over examples of (xᵀ J (xV + u), J (xV + u)). Computed here in
   * float64. (tfjs 4.22 cannot give an exact Hv by double backprop: `tf.grads` of ⟨∇L, v⟩ throws "Cannot
   * compute gradient of y=f(x)" even for a tanh MLP, since kernels save input clones made off the tape.)
   */
  it('the finite-difference HVP and the eigenvalue match softmax regression in closed form', async () => {
    const N = 200;
    const rng = Rng.stream(7, 'logreg');
    const X = rng.normals(N * 2);
    const Y = Int32Array.from({ length: N }, (_, n) =>
      X[2 * n] + 0.5 * X[2 * n + 1] + 0.3 * rng.normal() > 0 ? 1 : 0,
    );
    const model = createMlp(2, [], 2, 'tanh');
    const W = Float32Array.from([0.8, -0.3, 0.4, 0.6]);
    const b = Float32Array.from([0.1, -0.2]);
    const x = tf.tensor2d(X, [N, 2]);
    const y = tf.tensor1d(Y, 'int32');
    const params = [tf.tensor2d(W, [2, 2]), tf.tensor1d(b)];
    const loss = (ps: tf.Tensor[]) =>
      tf.mean(perExampleCrossEntropy(model.apply(ps, x).logits, y)) as tf.Scalar;
    /** Exact H·(V, u), float64. */
    const hvp = (V: ArrayLike<number>, u: ArrayLike<number>) => {
      const hW = [0, 0, 0, 0];
      const hb = [0, 0];
      for (let n = 0; n < N; n++) {
        const x0 = X[2 * n];
        const x1 = X[2 * n + 1];
        const z = [x0 * W[0] + x1 * W[2] + b[0], x0 * W[1] + x1 * W[3] + b[1]];
        const m = Math.max(...z);
        const e = z.map((v) => Math.exp(v - m));
        const p = e.map((v) => v / (e[0] + e[1]));
        const dz = [x0 * V[0] + x1 * V[2] + u[0], x0 * V[1] + x1 * V[3] + u[1]];
        const pdz = p[0] * dz[0] + p[1] * dz[1];
        const Jdz = [p[0] * (dz[0] - pdz), p[1] * (dz[1] - pdz)];
        hW[0] += (x0 * Jdz[0]) / N;
        hW[1] += (x0 * Jdz[1]) / N;
        hW[2] += (x1 * Jdz[0]) / N;
        hW[3] += (x1 * Jdz[1]) / N;
        hb[0] += Jdz[0] / N;
        hb[1] += Jdz[1] / N;
      }
      return [...hW, ...hb];
    };
    const V = [0.3, -0.5, 0.7, 0.2];
    const u = [-0.4, 0.6];
    const exact = hvp(V, u);
    const v = [tf.tensor2d(V, [2, 2]), tf.tensor1d(u)];
    for (const h of [1e-1, 1e-2, 1e-3, 1e-4]) {
      const fd = hessianVectorProduct(loss, params, v, h);
      const got = [...(await fd[0].data()), ...(await fd[1].data())];
      tf.dispose(fd);
      const err = Math.hypot(...got.map((g, i) => g - exact[i])) / Math.hypot(...exact);
      console.log(`FD step ${h}: ‖Hv_fd − Hv_exact‖/‖Hv_exact‖ = ${err.toExponential(2)}`);
      if (h === 1e-2) expect(err).toBeLessThan(1e-4); // the default step
    }
    // The weights-only Hessian (4×4, columns H·e_k) and its top eigenvalue by float64 power iteration.
    const H = [0, 1, 2, 3].map((k) =>
      hvp(
        [0, 1, 2, 3].map((i) => (i === k ? 1 : 0)),
        [0, 0],
      ).slice(0, 4),
    );
    let q = [1, 0.5, -0.3, 0.2];
    let lambda = 0;
    for (let it = 0; it < 2000; it++) {
      const w = H.map((_, i) => H.reduce((s, col, k) => s + col[i] * q[k], 0));
      lambda = w.reduce((s, wi, i) => s + wi * q[i], 0);
      const norm = Math.hypot(...w);
      q = w.map((wi) => wi / norm);
    }
    const estimate = await topHessianEigenvalue(loss, params, {
      iterations: 200,
      step: 1e-2,
      tolerance: 1e-6,
      seed: 3,
    });
    console.log(
      `softmax regression: λ_max (float64, explicit 4×4 Hessian) = ${lambda}, power iteration on FD-HVPs = ${estimate.eigenvalue} (${estimate.iterations} iterations)`,
    );
    expect(Math.abs(estimate.eigenvalue - lambda) / lambda).toBeLessThan(2e-3);
    tf.dispose([x, y, ...params, ...v]);
  });
});

describe('sharpness analysis', () => {
  let runner: Runner;
  beforeAll(async () => {
    runner = await trainedRunner({
      model: { kind: 'mlp', hidden: [16, 16], activation: 'tanh' },
      training: { epochs: 8 },
    });
  });
  afterAll(() => runner.cancel());

  it('returns the rise within r and a Hessian estimate that bounds the curvature of random directions', async () => {
    const r = (await runner.runAnalysis('sharpness', {
      radius: 0.5,
      points: 11,
      subset: 100000,
      hessian: { iterations: 30, subset: 100000 },
    })) as SharpnessResult;
    const t = runner.trainer;
    const H = r.hessian;
    console.log(
      `sharpness: rise within 0.5 = ${r.maxRise[0].rise.rise} at (${r.maxRise[0].rise.alpha}, ${r.maxRise[0].rise.beta}); ` +
        `λ_max ≈ ${H.eigenvalue} (${H.iterations} iterations, converged ${H.converged}); history ${H.history.map((h) => h.toFixed(3)).join(' ')}`,
    );
    expect(r.maxRise[0].rise.rise).toBeGreaterThanOrEqual(0);
    expect(Math.hypot(r.maxRise[0].rise.alpha, r.maxRise[0].rise.beta)).toBeLessThanOrEqual(0.5 + 1e-9);
    expect(H.eigenvalue).toBeGreaterThan(0);
    expect(H.history.length).toBe(H.iterations);
    expect(r.metrics.hessianTopEigenvalue).toBe(H.eigenvalue);
    // vᵀHv ≤ λ_max for every unit v: the second difference of L along random unit weight directions.
    const weights = t.model.params.map((p) => p.shape.length >= 2);
    const loss = async (ps: readonly tf.Tensor[]) => {
      const l = tf.tidy(() => tf.mean(perExampleCrossEntropy(t.model.apply(ps, t.xTrain).logits, t.yTrain)));
      const out = (await l.data())[0];
      l.dispose();
      return out;
    };
    const L0 = await loss(t.vars);
    for (let k = 0; k < 3; k++) {
      const rng = Rng.stream(k + 10, 'unit');
      const raw = t.model.params.map((p, i) =>
        weights[i] ? rng.normals(p.shape.reduce((a, b) => a * b, 1)) : new Float32Array(p.shape[0]),
      );
      const nrm = Math.sqrt(raw.reduce((s, a) => s + a.reduce((u, x) => u + x * x, 0), 0));
      const h = 0.05;
      const at = (c: number) =>
        t.vars.map((w, i) => tf.tidy(() => tf.add(w, tf.mul(tf.tensor(raw[i], w.shape), c / nrm))));
      const plus = at(h);
      const minus = at(-h);
      const curvature = ((await loss(plus)) - 2 * L0 + (await loss(minus))) / (h * h);
      tf.dispose([...plus, ...minus]);
      console.log(
        `random unit direction ${k}: vᵀHv ≈ ${curvature.toFixed(4)} ≤ λ_max ${H.eigenvalue.toFixed(4)}`,
      );
      expect(curvature).toBeLessThanOrEqual(H.eigenvalue * 1.05);
    }
  });
});
