/**
 * The backend-conformance fixtures: small models with hand-set weights and data chosen to be hard for a
 * backend's kernels (docs/engine-notes.md#backend-traps-we-guard-against). Everything is built in plain JS
 * from constants and seeded streams, so every backend starts from bit-identical inputs.
 *
 * - `mlp`: 2-D points, a 2-7-3 tanh MLP whose classes 1 and 2 have identical output weights (every logit pair
 *   z₁, z₂ ties exactly, so argMax ties and p₁ = p₂). Each point sits where the class-0 margin z₀ − z₁ has a
 *   chosen value: misclassified points, points near the boundary, confident points whose input gradients run
 *   from 1e-6 down to 1e-13 (below wasm Sign's 1.19e-7 cut-off), points whose softmax underflows (exactly zero
 *   gradients) and saturated points with logits in the thousands.
 * - `cnn`: 12×12 images on a blank background with strokes at 0.5 and at the range's top (1), through the
 *   "small" CNN with positive conv biases, so the max-pool windows over blank regions hold exact ties.
 * - `awnet`: the MLP fixture's points through an AW-Net (a 2-8-3 tanh classifier whose hidden layer the router
 *   varies), every tensor drawn from a seeded stream and a large classifier, so some points are confident.
 */
import { type ExperimentConfig, type ExperimentConfigInput, parseConfig } from '../config';
import type { Dataset } from '../data/dataset';
import type { Model } from '../models/model';
import { buildModel } from '../models/registry';
import type { ParamValues } from '../params';
import { Rng } from '../rng';
import { awnet as awnetCard } from '../train/methods/awnet';
import { standard } from '../train/methods/standard';

export interface Fixture {
  id: 'mlp' | 'cnn' | 'awnet';
  config: ExperimentConfig;
  dataset: Dataset;
  model: Model;
  /** θ, in the model's parameter order. */
  params: ParamValues;
  /** Three parameter snapshots ending at θ (for the trajectory and interpolation analyses). */
  snapshots: ParamValues[];
  /**
   * The training points TRADES' attack is compared on (null: all). TRADES starts at x + 0.001·N(0, I), where
   * p(x_adv) − p(x) of a confident point is far below the float32 rounding of its top probability (≈ 6e-8),
   * so its first KL gradient is rounding noise on every implementation and backends that round exp and log
   * differently send the point different ways. Kept: points with |margin| ≤ 6, where the difference is
   * representable, and points whose softmax is exactly one-hot, whose gradient is exactly zero.
   */
  tradesPoints: Int32Array | null;
}

const SEED = 7;

function parse(input: ExperimentConfigInput): ExperimentConfig {
  const r = parseConfig(input);
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.config;
}

// ---- MLP: 2 → 7 (tanh) → 3 ----------------------------------------------------------------------------

const W1 = [
  [0.9, 0.6, 1.1, 0.4, 0.8, 0.5, 0.7],
  [0.15, -0.2, 0.1, 0.25, -0.1, 0.05, 0.3],
];
const B1 = [0.1, -0.2, 0.05, 0.3, -0.1, 0, 0.2];
/**
 * Output weights of class 0 and of the tied classes 1 and 2, before the scale. The last hidden unit barely
 * reaches the output (weights ~1e-7), so the loss gradient of its incoming weights and bias is ~1e-7 and below:
 * the parameter-gradient counterpart of a confident point's input gradient (L∞ corruption takes its sign).
 */
const U = [0.5, 0.2, 0.8, 0.3, 0.6, 0.4, 3e-10];
const V = [-0.4, 0.1, -0.6, 0.2, -0.5, 0, -2e-10];
const HIDDEN = U.length;
/** Output scale: margins up to ±1600 when the hidden layer saturates, |∂z/∂x| in the hundreds near 0. */
const SCALE = 400;

/** z₀ − z₁ at x, in float64 (the fixture's design; the backends compute it in float32). */
function classZeroMargin(x1: number, x2: number): number {
  let m = 0;
  for (let k = 0; k < U.length; k++)
    m += SCALE * (U[k] - V[k]) * Math.tanh(W1[0][k] * x1 + W1[1][k] * x2 + B1[k]);
  return m;
}

/**
 * [label, margin]: for label 0 the margin is z₀ − z₁; for labels 1 and 2 it is z₁ − z₀ (class 2 always ties
 * with class 1, which argMax picks, so a label-2 point where they win is misclassified). The tied points sit far
 * from the band 8 ≲ z₁ − z₀ ≲ 100 (also after an attack moves them by up to ~30): there p₀ is tiny while
 * p₁ = p₂ = ½, and the input gradient p₀(∇z₀ − ∇z₁) is computed as the sum of ±½∇z₁ and a p₀ term below their
 * rounding error — a number no float32 implementation gets right, so no two backends agree on it.
 */
const MLP_POINTS: [number, number][] = [
  ...[-60, -25, -3, -0.4, 0.7, 2, 5, 9, 13, 16, 19, 22, 25, 28, 31, 34, 38, 44, 60, 95, 120, 1400].map(
    (m): [number, number] => [0, m],
  ),
  ...[-30, 150].map((m): [number, number] => [1, m]),
  ...[-45, 200].map((m): [number, number] => [2, m]),
];

/** x₁ with z₀ − z₁ = target at this x₂ (the margin increases with x₁: every W1[0] and U − V is positive). */
function solveX1(target: number, x2: number): number {
  let lo = -40;
  let hi = 40;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (classZeroMargin(mid, x2) < target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

function mlpFixture(): Fixture {
  const n = MLP_POINTS.length;
  const x = new Float32Array(2 * n);
  const y = new Int32Array(n);
  MLP_POINTS.forEach(([label, margin], i) => {
    const x2 = 0.4 * Math.sin(2.7 * i);
    x[2 * i] = solveX1(label === 0 ? margin : -margin, x2);
    x[2 * i + 1] = x2;
    y[i] = label;
  });
  // Train and test are the same points, so every analysis sees every kind of point whichever split it uses.
  const dataset: Dataset = {
    name: 'conformance MLP points',
    inputShape: [2],
    numClasses: 3,
    xTrain: x,
    yTrain: y,
    xTest: x.slice(),
    yTest: y.slice(),
    inputRange: null,
  };
  const config = parse({
    seed: SEED,
    data: { kind: 'csv', name: 'conformance.csv', points: csvPoints(dataset), testFraction: 0.5 },
    model: { kind: 'mlp', hidden: [HIDDEN], activation: 'tanh' },
    training: { epochs: 1, batchSize: n, method: standard.id, snapshots: true },
    attack: { kind: 'pgd', norm: 'linf', epsilon: 0.02, steps: 3, stepSize: null, restarts: 1 },
    robustEval: { enabled: false, epsilon: 0.02, steps: 5, testSize: n, trainSize: n },
    lsa: { epsilon: 0.02, pgdSteps: 3, size: n },
    atlr: { base: 'pgd', layers: 'mvl', subsetSize: n },
  });
  const model = buildModel(config.model, dataset);
  const kernel2 = new Float32Array(HIDDEN * 3);
  for (let k = 0; k < HIDDEN; k++) {
    kernel2[3 * k] = SCALE * U[k];
    kernel2[3 * k + 1] = SCALE * V[k];
    kernel2[3 * k + 2] = SCALE * V[k];
  }
  const params = [Float32Array.from(W1.flat()), Float32Array.from(B1), kernel2, new Float32Array(3)];
  const tradesPoints = Int32Array.from(
    MLP_POINTS.flatMap(([label, margin], i) =>
      (label === 0 && Math.abs(margin) <= 6) || margin >= 120 ? [i] : [],
    ),
  );
  return { id: 'mlp', config, dataset, model, params, snapshots: snapshotsOf(params), tradesPoints };
}

// ---- CNN: 12×12×1 images, the "small" preset, 3 classes ------------------------------------------------

const SIDE = 12;
const IMAGES = 6;

/** A horizontal stroke at full intensity and a vertical one at half, placed differently in each image. */
function cnnImages(): { x: Float32Array; y: Int32Array } {
  const x = new Float32Array(IMAGES * SIDE * SIDE);
  const y = new Int32Array(IMAGES);
  for (let i = 0; i < IMAGES; i++) {
    const at = (r: number, c: number) => i * SIDE * SIDE + r * SIDE + c;
    for (let c = 1 + (i % 3); c < 8 + (i % 3); c++) x[at(2 + i, c)] = 1;
    for (let r = 3; r < 10; r++) x[at(r, 9 - i)] = 0.5;
    y[i] = i % 3;
  }
  return { x, y };
}

function cnnFixture(): Fixture {
  const { x, y } = cnnImages();
  const config = parse({
    seed: SEED,
    data: { kind: 'mnist', trainSize: 100, testSize: 100 },
    model: { kind: 'cnn', preset: 'small' },
    training: { epochs: 1, batchSize: IMAGES, method: standard.id, snapshots: true },
    attack: { kind: 'pgd', norm: 'linf', epsilon: 0.1, steps: 3, stepSize: null, restarts: 1 },
    robustEval: { enabled: false, epsilon: 0.1, steps: 3, testSize: IMAGES, trainSize: IMAGES },
    lsa: { epsilon: 0.1, pgdSteps: 3, size: IMAGES },
  });
  const dataset: Dataset = {
    name: 'conformance CNN images',
    inputShape: [SIDE, SIDE, 1],
    numClasses: 3,
    xTrain: x,
    yTrain: y,
    xTest: x.slice(),
    yTest: y.slice(),
    inputRange: [0, 1],
  };
  const model = buildModel(config.model, dataset);
  // Kernels from a seeded stream; positive conv biases make blank regions constant after the ReLU (pool ties);
  // a large classifier makes some images confident (tiny input gradients).
  const params = model.params.map((p, i) => {
    const n = p.shape.reduce((a, b) => a * b, 1);
    const rng = Rng.stream(SEED, 'conformance', p.name);
    if (p.shape.length === 1) return new Float32Array(n).fill(p.name.startsWith('conv') ? 0.05 : 0);
    const limit = i === model.params.length - 2 ? 12 : 0.6;
    return rng.uniforms(n, -limit, limit);
  });
  return { id: 'cnn', config, dataset, model, params, snapshots: snapshotsOf(params), tradesPoints: null };
}

// ---- AW-Net: the MLP fixture's points, a 2-8-3 classifier weight-varied by the router --------------------

function awnetFixture(points: Dataset): Fixture {
  const config = parse({
    seed: SEED,
    data: { kind: 'csv', name: 'conformance.csv', points: csvPoints(points), testFraction: 0.5 },
    model: { kind: 'awnet', hidden: [8], activation: 'tanh', signal: 'mix', lambda: 0.5 },
    training: { epochs: 1, batchSize: points.yTrain.length, method: awnetCard.id, snapshots: true },
    attack: { kind: 'pgd', norm: 'linf', epsilon: 0.02, steps: 3, stepSize: null, restarts: 1 },
    robustEval: { enabled: false, epsilon: 0.02, steps: 3, testSize: 16, trainSize: 16 },
  });
  const model = buildModel(config.model, points);
  const classifier = model.params.findIndex((p) => p.name.startsWith('router/')) - 2;
  const params = model.params.map((p, i) => {
    const n = p.shape.reduce((a, b) => a * b, 1);
    const rng = Rng.stream(SEED, 'conformance', 'awnet', p.name);
    if (p.shape.length > 1)
      return rng.uniforms(n, i === classifier ? -12 : -0.8, i === classifier ? 12 : 0.8);
    return p.init === 'ones' ? rng.uniforms(n, 0.8, 1.2) : rng.uniforms(n, -0.1, 0.1);
  });
  return {
    id: 'awnet',
    config,
    dataset: points,
    model,
    params,
    snapshots: snapshotsOf(params),
    tradesPoints: null,
  };
}

const csvPoints = (d: Dataset) =>
  Array.from(d.yTrain, (label, i): [number, number, number] => [d.xTrain[2 * i], d.xTrain[2 * i + 1], label]);

/** θ₀ = 0.5θ + noise, θ₁ = 0.8θ + other noise, θ₂ = θ: a short, bent "training path" ending at θ. */
function snapshotsOf(params: ParamValues): ParamValues[] {
  const along = (c: number, stream: string) =>
    params.map((t, i) => {
      const noise = Rng.stream(SEED, 'conformance', stream, i).normals(t.length, 0.05);
      return t.map((v, j) => c * v + noise[j]);
    });
  return [along(0.5, 'snapshot0'), along(0.8, 'snapshot1'), params];
}

let cache: Record<Fixture['id'], Fixture> | null = null;

/** The fixtures (built once). */
export function fixtures(): Record<Fixture['id'], Fixture> {
  if (!cache) {
    const mlp = mlpFixture();
    cache = { mlp, cnn: cnnFixture(), awnet: awnetFixture(mlp.dataset) };
  }
  return cache;
}
