/**
 * The multi-step adversarial corruption (docs/methods/corruption.md#multi-step-corruption [U/P]): projected steepest ascent on L(θ + a) in the
 * budget S, a_k = Π_S(a_{k−1} + η·dir_p(g_k)), g_k = ∇_θ L(θ + a_{k−1}). Shared by the corruption analyses
 * and APD training (docs/methods/corruption.md#apd-training), which reuses each gradient as the next ascent direction: K+1 passes in all.
 */
import * as tf from '../../tf';
import { axpy } from '../../params';
import { type Budget, projectOntoBudget, steepestAscent } from './budget';
import type { Objective } from './objective';

/** The PGD convention η = 2.5ε/K (docs/methods/corruption.md#multi-step-corruption [P]), as the ratio η/ε. */
export const defaultStepScale = (steps: number) => 2.5 / steps;

export interface MultiStepOptions {
  /** K ≥ 1. */
  steps: number;
  /** η/ε_b (each block steps by η_b = stepScale·ε_b); default 2.5/K. */
  stepScale?: number;
  /** a_0: zeros by default; or a random point in S (`randomCorruption(…, 'interior')`). */
  start?: readonly tf.Tensor[];
  /** Also take the gradient at the last iterate a_K (APD needs it; a measurement does not). Default false. */
  gradientAtEnd?: boolean;
}

/** What the walk saw at iterate k: a_k, L(θ + a_k), and ∇L(θ + a_k) when it was taken. */
export interface MultiStepVisit {
  k: number;
  a: tf.Tensor[];
  loss: tf.Scalar;
  grads?: tf.Tensor[];
}

export interface MultiStepResult {
  /** a_0 … a_K. */
  path: tf.Tensor[][];
  /** L(θ + a_k; D) for k = 0 … K. */
  losses: tf.Scalar[];
}

/**
 * Runs the K-step corruption of θ on `objective`. Builds θ + a_k as new tensors (θ is never changed) and
 * calls `visit` at every iterate. Run it inside `tf.tidy` (the intermediate tensors are left to the scope).
 */
export function multiStepCorruption(
  objective: Objective,
  theta: readonly tf.Tensor[],
  budget: Budget,
  options: MultiStepOptions,
  visit?: (v: MultiStepVisit) => void,
): MultiStepResult {
  const { steps } = options;
  if (!(steps >= 1)) throw new Error(`A multi-step corruption needs K ≥ 1 steps (got ${steps})`);
  const stepScale = options.stepScale ?? defaultStepScale(steps);
  let a: tf.Tensor[] = options.start
    ? projectOntoBudget(options.start, budget)
    : theta.map((t) => tf.zerosLike(t));
  const path: tf.Tensor[][] = [];
  const losses: tf.Scalar[] = [];
  for (let k = 0; ; k++) {
    const params = axpy(theta, [1, a]);
    const last = k === steps;
    if (last && !options.gradientAtEnd) {
      const loss = objective.loss(params);
      path.push(a);
      losses.push(loss);
      visit?.({ k, a, loss });
      break;
    }
    const { loss, grads } = objective.lossAndGradient(params);
    path.push(a);
    losses.push(loss);
    visit?.({ k, a, loss, grads });
    if (last) break;
    const ascent = steepestAscent(grads, budget);
    a = projectOntoBudget(axpy(a, [stepScale, ascent]), budget);
  }
  return { path, losses };
}
