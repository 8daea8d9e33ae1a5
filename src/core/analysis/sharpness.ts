/**
 * Sharpness numbers beside every picture, so the eye is not the only judge:
 * (a) the largest loss rise within radius r along the drawn directions, read off a computed curve/grid;
 * (b) the top Hessian eigenvalue by power iteration on Hessian-vector products.
 * A random 2-D slice rarely contains the sharpest direction; (b) does not depend on the slice.
 */
import { z } from 'zod';
import * as tf from '../tf';
import { type ParamValues, readValues } from '../params';
import { Rng } from '../rng';
import { isWeight } from '../models/model';
import { perExampleCrossEntropy } from '../objectives/loss';
import type { Analysis } from './analysis';
import { randomDirections } from './directions';
import { disposeSubsets, evalSubset } from './eval-subset';
import { type GridAxes, linspace } from './grid';
import { LANDSCAPE_SPLITS } from './landscape-options';
import {
  directionFields,
  directionSeedOf,
  evaluationFields,
  int,
  num,
  radiusField,
} from './landscape-settings';
import { type Surface, computeSurface } from './surface';
import { ANALYSIS_LABELS } from './analysis-ids';

export interface MaxRise {
  radius: number;
  /** max over grid points with ‖(α, β)‖ ≤ r of L(α, β) − L(0, 0); NaN if no point is evaluated. */
  rise: number;
  /** Where it is attained. */
  alpha: number;
  beta: number;
}

/**
 * (a) The largest loss rise within radius r: max over the evaluated points with √(α² + β²) ≤ r of
 * L − L(0) [P]. With filter-normalised directions, r = 0.5 means moving each filter by half its norm.
 */
export function maxRiseWithinRadius(
  axes: GridAxes,
  loss: Float32Array,
  centerLoss: number,
  radius: number,
): MaxRise {
  const nx = axes.alphas.length;
  let best: MaxRise = { radius, rise: NaN, alpha: NaN, beta: NaN };
  for (let p = 0; p < loss.length; p++) {
    const alpha = axes.alphas[p % nx];
    const beta = axes.betas ? axes.betas[Math.floor(p / nx)] : 0;
    if (Math.hypot(alpha, beta) > radius * (1 + 1e-9) || !Number.isFinite(loss[p])) continue;
    const rise = loss[p] - centerLoss;
    if (!(rise <= best.rise)) best = { radius, rise, alpha, beta };
  }
  return best;
}

export interface HessianOptions {
  /** Power-iteration steps. */
  iterations: number;
  /** Finite-difference step h along the unit vector v. */
  step: number;
  /** Stop when successive estimates differ by less than this, relatively. */
  tolerance: number;
  /** Seed of the start vector (`Rng.stream(seed, 'hessian')`). */
  seed: number;
  /** Which tensors the eigenvector may use (default: weights only, biases excluded as in the directions). */
  include?: readonly boolean[];
  /** Called after each iteration with the estimate so far; resolve false to stop. */
  onIteration?: (iteration: number, estimate: number) => Promise<boolean>;
}

export interface HessianEstimate {
  /** The last Rayleigh quotient vᵀHv (the largest-magnitude eigenvalue; the top one near a minimum). */
  eigenvalue: number;
  /** The estimate after each iteration: its convergence history. */
  history: number[];
  iterations: number;
  converged: boolean;
  /** v₀, the unit start vector (model.params order; zero on the excluded tensors). */
  start: ParamValues;
}

/**
 * Hv ≈ (∇L(θ + h·v) − ∇L(θ − h·v)) / 2h, the central finite difference of gradients (exact for a
 * quadratic loss, O(h²) otherwise). See `topHessianEigenvalue` for why not double backprop.
 */
export function hessianVectorProduct(
  loss: (params: tf.Tensor[]) => tf.Scalar,
  params: readonly tf.Tensor[],
  v: readonly tf.Tensor[],
  h: number,
): tf.Tensor[] {
  return tf.tidy(() => {
    const gradients = tf.grads((...ps: tf.Tensor[]) => loss(ps));
    const plus = gradients(params.map((p, i) => tf.add(p, tf.mul(v[i], h))));
    const minus = gradients(params.map((p, i) => tf.sub(p, tf.mul(v[i], h))));
    return plus.map((g, i) => tf.div(tf.sub(g, minus[i]), 2 * h));
  });
}

/**
 * (b) The top eigenvalue of the Hessian of `loss` at `params` by power iteration [P]: v ← Hv/‖Hv‖, estimate
 * vᵀHv (v unit). Restricted to the included tensors (P H P, P = the projection on them).
 *
 * Hv is a central finite difference of gradients, (∇L(θ + h·v) − ∇L(θ − h·v)) / 2h, not double backprop:
 * higher-order gradients do not work in tfjs 4.22. `tf.grads` of ⟨∇L, v⟩ throws "Cannot compute gradient of
 * y=f(x)" even for a tanh MLP (measured on wasm; kernels save clones of their inputs made off the tape,
 * so the second tape does not connect θ to ∇L), and EluGrad, MaxPoolGrad and Conv2DBackpropFilter (and our
 * wasm conv's customGrad) have no gradients at all. The difference needs only first-order gradients, which
 * every model has on every backend; it is exact for quadratics and O(h²) otherwise. Against softmax regression's closed-form Hessian the
 * relative error of Hv was 1.6e-3 (h = 0.1), 1.8e-5 (h = 0.01), 9.4e-5 (h = 1e-3, float32 round-off),
 * hence the default h = 0.01. One read per iteration.
 */
export async function topHessianEigenvalue(
  loss: (params: tf.Tensor[]) => tf.Scalar,
  params: readonly tf.Tensor[],
  options: HessianOptions,
): Promise<HessianEstimate> {
  const include = options.include ?? params.map((p) => isWeight(p.shape));
  const h = options.step;
  const rng = Rng.stream(options.seed, 'hessian');
  let v = tf.tidy(() => {
    const start = params.map((p, i) =>
      include[i] ? tf.tensor(rng.normals(p.size), p.shape, 'float32') : tf.zeros(p.shape),
    );
    const norm = tf.sqrt(tf.addN(start.map((t) => tf.sum(tf.square(t)))));
    return start.map((t) => tf.div(t, norm));
  });
  const history: number[] = [];
  let converged = false;
  let start: ParamValues;
  try {
    start = await readValues(v);
    for (let it = 0; it < options.iterations; it++) {
      const [next, stats] = tf.tidy(() => {
        const hv = hessianVectorProduct(loss, params, v, h).map((t, i) => (include[i] ? t : tf.zerosLike(t)));
        const rayleigh = tf.addN(hv.map((t, i) => tf.sum(tf.mul(t, v[i]))));
        const norm = tf.sqrt(tf.addN(hv.map((t) => tf.sum(tf.square(t)))));
        return [hv.map((t) => tf.div(t, norm)), tf.stack([rayleigh, norm])] as [tf.Tensor[], tf.Tensor];
      });
      const [estimate, norm] = await stats.data();
      stats.dispose();
      if (!(norm > 0) || !Number.isFinite(estimate)) {
        tf.dispose(next);
        if (Number.isFinite(estimate)) history.push(estimate);
        converged = norm === 0;
        break;
      }
      tf.dispose(v);
      v = next;
      const previous = history[history.length - 1];
      history.push(estimate);
      if (previous !== undefined && Math.abs(estimate - previous) <= options.tolerance * Math.abs(estimate)) {
        converged = true;
      }
      if (options.onIteration && !(await options.onIteration(it + 1, estimate))) break;
      if (converged) break;
    }
  } finally {
    tf.dispose(v);
  }
  return {
    eigenvalue: history.length ? history[history.length - 1] : NaN,
    history,
    iterations: history.length,
    converged,
    start,
  };
}

const SharpnessSettingsSchema = z.object({
  radius: radiusField,
  /** Points per axis of the 2-D grid on [−r, r]² the rise is read from (odd keeps the centre on it). */
  points: int(3, 51, 11),
  ...evaluationFields,
  ...directionFields,
  hessian: z
    .object({
      iterations: int(1, 200, 20),
      /** Examples of the training split the Hessian is taken on. */
      subset: int(10, 100000, 500),
      split: z.enum(LANDSCAPE_SPLITS).default('train'),
      step: num(1e-6, 1, 1e-2),
      tolerance: num(0, 1, 1e-3),
      includeBiases: z.boolean().default(false),
    })
    .default({
      iterations: 20,
      subset: 500,
      split: 'train',
      step: 1e-2,
      tolerance: 1e-3,
      includeBiases: false,
    }),
});
export type SharpnessSettings = z.infer<typeof SharpnessSettingsSchema>;

export interface SharpnessResult {
  radius: number;
  /** d₁, d₂ of the grid (normalised as the settings say), model.params order. */
  directions: ParamValues[];
  /** The largest rise within r per split, read off `surface` (a grid on [−r, r]² along d₁, d₂). */
  maxRise: { split: string; rise: MaxRise }[];
  surface: Surface;
  /** `indices`: the Hessian's examples, indices into its split (null = the whole split in order). */
  hessian: HessianEstimate & { split: string; subset: number; step: number; indices: Int32Array | null };
  metrics: Record<string, number>;
}

/** Registered analysis `sharpness`: (a) and (b) above, for the current parameters. */
export const sharpnessAnalysis: Analysis<SharpnessSettings, SharpnessResult> = {
  id: 'sharpness',
  label: ANALYSIS_LABELS['sharpness'],
  recomputeData: ['directions', 'hessian.start'],
  parseSettings: (input) => SharpnessSettingsSchema.parse(input ?? {}),
  async run(ctx, s) {
    const theta = await readValues(ctx.params);
    const shapes = ctx.model.params.map((p) => p.shape);
    const directions = randomDirections(theta, shapes, {
      ...s,
      seed: directionSeedOf(s, ctx.config.seed),
      count: 2,
    });
    const axis = linspace(-s.radius, s.radius, s.points);
    // Half the progress bar for the grid, half for the power iteration.
    const surface = await computeSurface(
      { ...ctx, progress: (f, partial) => ctx.progress(f / 2, partial) },
      { ...s, directions, axes: { alphas: axis, betas: axis }, robust: null },
    );
    const maxRise = surface.values.map((v) => ({
      split: v.split,
      rise: maxRiseWithinRadius(surface, v.loss, v.center.loss, s.radius),
    }));

    const H = s.hessian;
    const subset = evalSubset(ctx, H.split, H.subset);
    let hessian: HessianEstimate;
    try {
      hessian = await topHessianEigenvalue(
        (ps) => tf.mean(perExampleCrossEntropy(ctx.model.apply(ps, subset.x).logits, subset.y)) as tf.Scalar,
        ctx.params,
        {
          iterations: H.iterations,
          step: H.step,
          tolerance: H.tolerance,
          seed: ctx.config.seed,
          include: ctx.model.params.map((p) => H.includeBiases || isWeight(p.shape)),
          onIteration: (it) => ctx.progress(0.5 + (0.5 * it) / H.iterations),
        },
      );
    } finally {
      disposeSubsets([subset]);
    }
    const metrics: Record<string, number> = { hessianTopEigenvalue: hessian.eigenvalue };
    if (surface.complete) metrics.sharpnessMaxRise = maxRise[0].rise.rise;
    return {
      radius: s.radius,
      directions,
      maxRise,
      surface,
      hessian: {
        ...hessian,
        split: H.split,
        subset: subset.y.shape[0],
        step: H.step,
        indices: subset.indices,
      },
      metrics,
    };
  },
};
