/**
 * The backend-conformance cases: every attack, one step of every training method, every analysis in the
 * registry, and the kernels the engine relies on, each computed from the fixtures of ./fixtures.ts on the
 * CURRENT tfjs backend and returned as plain data. Running them on two backends and comparing the results
 * (./compare.ts) is the check that Basin gives the same numbers on every backend (docs/engine-notes.md#backend-traps-we-guard-against).
 */
import * as tf from '../tf';
import type { AnalysisContext } from '../analysis/analysis';
import { ANALYSES } from '../analysis/registry';
import { forwardOf } from '../attacks/attack';
import { ATTACK_IDS, type AttackId } from '../attacks/attack-ids';
import { ATTACKS } from '../attacks/registry';
import type { ExperimentConfig } from '../config';
import { maxPool2x2, sign } from '../ops';
import { readValues, toTensors } from '../params';
import { Rng } from '../rng';
import { crossEntropy, perExampleCrossEntropy } from '../objectives/loss';
import { METHOD_IDS, type MethodId } from '../train/cards';
import { acr } from '../train/methods/acr';
import { apd } from '../train/methods/apd';
import { awnet as awnetCard } from '../train/methods/awnet';
import { fgsmAt } from '../train/methods/fgsm-at';
import { pgdAt } from '../train/methods/pgd-at';
import { standard } from '../train/methods/standard';
import { trades } from '../train/methods/trades';
import { Trainer } from '../train/trainer';
import { type Fixture, fixtures } from './fixtures';

type CaseGroup = 'kernel' | 'attack' | 'method' | 'analysis';

export interface ConformanceCase {
  /** e.g. "attack fgsm (mlp)". */
  id: string;
  group: CaseGroup;
  /** The registry id it covers (attack, method or analysis id; the kernel's name). */
  covers: string;
  run(): Promise<unknown>;
}

// ---- kernels ----------------------------------------------------------------------------------------------

/** Magnitudes from the smallest normal float32 up, around wasm Sign's 1.19e-7 cut-off among them. */
export const TINY = [
  1.1754943508222875e-38, 1e-30, 1e-13, 1e-10, 1e-8, 1e-7, 1.1920928955078125e-7, 1.2e-7, 1e-6, 1, 3e38,
];

/** Builds a kernel's outputs in a tidy scope, reads each back and disposes them. */
async function readAll(build: () => Record<string, tf.Tensor>): Promise<Record<string, number[]>> {
  const record = tf.tidy(build);
  const out: Record<string, number[]> = {};
  for (const [key, t] of Object.entries(record)) out[key] = Array.from(await t.data());
  tf.dispose(Object.values(record));
  return out;
}

/** A 5×5 map (odd sides: the pool drops the last row and column) with tied windows, 2 channels. */
const POOL_INPUT = [
  [1, 1, 2, 0, 9],
  [1, 1, 0, 2, 9],
  [3, 0, 0.5, 0.5, 9],
  [3, 3, 0.5, 0.5, 9],
  [9, 9, 9, 9, 9],
].flat();

/**
 * The logit-gradient padding probe: 60 examples of 3 classes (180 values, above WebGL's 128-value cut-off for
 * computing small ops on the CPU), from even to confident, times a [rows, 3] matrix whose columns differ
 * (a gradient row sums to 0, so equal columns would give rounding noise).
 */
export const PADDING_PROBE = (() => {
  const kinds = [
    [0, 0, 0],
    [1, -1, 0.5],
    [3, 3, 3],
    [-2, 0, 2],
    [0, 16, 16],
    [1000, -1000, 0],
  ];
  const batch = 60;
  return {
    logits: Array.from({ length: batch }, (_, i) => kinds[i % kinds.length]),
    labels: Array.from({ length: batch }, (_, i) => i % 3),
    rows: 64,
    columns: [1, 3, -2],
  };
})();

const KERNELS: Record<string, () => Record<string, tf.Tensor>> = {
  // Subnormals (1e-40) count as zero: GPUs flush them.
  sign: () => ({ sign: sign(tf.tensor1d([...TINY, ...TINY.map((v) => -v), 0, -0, NaN, 1e-40, -1e-40])) }),
  // Accuracy counts argMax == label: ties must go to the first index everywhere.
  argMax: () => ({
    argMax: tf.argMax(
      tf.tensor2d([
        [1, 1, 0],
        [0, 2, 2],
        [5, 5, 5],
        [-1e30, -1e30, -3e38],
        [0, -0, 0],
      ]),
      1,
    ),
  }),
  // The loss at logits in the thousands, at margins where exp underflows (≈ 88–104) and near ties.
  crossEntropy: () => {
    const logits = tf.tensor2d([
      [1000, -1000, 0],
      [-1e4, 1e4, 5e3],
      [0, 90, 0],
      [0, 100, 0],
      [0, 16, 16],
      [3, 3, 3],
      [0, 30, -30],
    ]);
    const labels = tf.tensor1d([0, 0, 1, 1, 1, 2, 1], 'int32');
    const f = (l: tf.Tensor) => tf.sum(perExampleCrossEntropy(l as tf.Tensor2D, labels));
    return {
      loss: perExampleCrossEntropy(logits, labels),
      grad: tf.grad(f)(logits),
      logSoftmax: tf.logSoftmax(tf.tensor2d([[1e4, -1e4, 0]])),
    };
  },
  // Both loss gradients through a product over the classes (3: odd) with an operand whose WebGL padding
  // lanes hold values, on a batch WebGL computes on the GPU (≥ 128 values): a gradient that leaves values in
  // its own padding lanes picks up their products there (docs/engine-notes.md#webgl-padding-lanes).
  lossGradientPadding: () => {
    const { logits, labels, rows } = PADDING_PROBE;
    const l = tf.tensor2d(logits);
    const y = tf.tensor1d(labels, 'int32');
    // [rows, 3], row r: r + PADDING_PROBE.columns. On WebGL the broadcast of the [rows, 1] column also puts r
    // into each row's padding lane.
    const other = tf.add(
      tf.reshape(tf.range(0, rows), [rows, 1]),
      tf.tensor2d(Array.from({ length: rows }, () => PADDING_PROBE.columns)),
    );
    const through = (f: (t: tf.Tensor2D) => tf.Scalar) =>
      tf.matMul(tf.grad((t: tf.Tensor) => f(t as tf.Tensor2D))(l) as tf.Tensor2D, other, false, true);
    return {
      perExample: through((t) => tf.sum(perExampleCrossEntropy(t, y))),
      mean: through((t) => crossEntropy(t, y)),
    };
  },
  maxPool: () => {
    const x = tf.tensor4d(POOL_INPUT, [1, 5, 5, 1]);
    const both = tf.concat([x, tf.neg(x)], 3) as tf.Tensor4D;
    const upstream = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 2, 2]);
    return {
      input: both,
      pooled: maxPool2x2(both),
      grad: tf.grad((t: tf.Tensor) => tf.sum(tf.mul(maxPool2x2(t as tf.Tensor4D), upstream)))(both),
    };
  },
  // The data-range clip at and beyond its ends (attacks' keepInRange/addPerturbation).
  clip: () => ({
    clip: tf.clipByValue(tf.tensor1d([-1e-12, 0, 1e-12, 0.5, 1 - 1e-7, 1, 1 + 1e-7, 3e38, -3e38]), 0, 1),
    minMax: tf.minimum(tf.maximum(tf.tensor1d([-1e-12, 0, 1 + 1e-7, 0.25]), 0), 1),
  }),
  // n-sparse corruption keeps the n largest |g|: ties must pick the same entries everywhere.
  topk: () => ({ topk: tf.topk(tf.tensor1d([0, 3, 0, 3, 1e-13, 0, 3, 1e-13]), 5).indices }),
  // LSA's masked square root and relative-error mask: step(0) = 0, step(tiny) = 1.
  step: () => ({ step: tf.step(tf.tensor1d([0, -0, 1e-30, 1e-13, -1e-13, 1])) }),
  divNoNan: () => ({ divNoNan: tf.divNoNan(tf.tensor1d([0, 1, 1e-30, -2]), tf.tensor1d([0, 0, 1e-30, 4])) }),
  softmax: () => ({
    softmax: tf.softmax(
      tf.tensor2d([
        [1000, -1000, 0],
        [0, 16, 16],
        [0, 100, 0],
      ]),
    ),
  }),
};

// ---- attacks ------------------------------------------------------------------------------------------------

const ATTACK_SETTINGS: Record<Fixture['id'], { epsilon: number; steps: number; restarts: number }> = {
  mlp: { epsilon: 0.02, steps: 4, restarts: 2 },
  cnn: { epsilon: 0.1, steps: 3, restarts: 2 },
  awnet: { epsilon: 0.02, steps: 3, restarts: 1 },
};

async function runAttack(f: Fixture, id: AttackId): Promise<unknown> {
  const all = f.dataset.yTrain.length;
  const params = toTensors(f.model.params, f.params);
  const [x, y] = tf.tidy(() => {
    const xs = tf.tensor(f.dataset.xTrain, [all, ...f.dataset.inputShape]);
    const ys = tf.tensor1d(f.dataset.yTrain, 'int32');
    const rows = id === 'trades' ? f.tradesPoints : null;
    if (!rows) return [xs, ys];
    const idx = tf.tensor1d(rows, 'int32');
    return [tf.gather(xs, idx), tf.gather(ys, idx) as tf.Tensor1D];
  });
  const settings = { ...ATTACK_SETTINGS[f.id], stepSize: null };
  const rng = Rng.stream(f.config.seed, 'conformance', 'attack', id);
  const forward = forwardOf(f.model, params);
  const xAdv = ATTACKS[id].run(forward, x, y, settings, rng, f.dataset.inputRange);
  const lossAtAdv = tf.tidy(() => perExampleCrossEntropy(forward(xAdv), y));
  const [adversarial, loss] = await readValues([xAdv, lossAtAdv]);
  tf.dispose([...params, x, y, xAdv, lossAtAdv]);
  return { adversarial, loss };
}

// ---- training methods -------------------------------------------------------------------------------------

/** What needs an AW-Net model: it runs on the AW-Net fixture only. */
const AWNET_ONLY = new Set<string>([awnetCard.id, 'awnet-router']);

/**
 * Each method with its settings; ACR and APD also with the L∞ corruption (sign steps). The steps use SGD, whose
 * update is linear in the gradient, so what is compared is the method's gradient; Adam's first step,
 * lr·g/(|g| + 1e-7), is a sign step of its own that turns a gradient entry that is zero up to rounding into a
 * full-size move on any implementation, and is checked once, on the plain method.
 */
const SGD: ExperimentConfig['optimizer'] = { kind: 'sgd', lr: 0.01, momentum: 0.9, weightDecay: 1e-3 };
const METHOD_VARIANTS: { method: MethodId; name: string; patch?: Partial<ExperimentConfig> }[] = [
  ...METHOD_IDS.filter((m) => !AWNET_ONLY.has(m)).map((method) => ({
    method,
    name: method,
    patch: { optimizer: SGD },
  })),
  { method: standard.id, name: 'standard adam' },
  { method: acr.id, name: 'acr linf', patch: { optimizer: SGD, corruption: linfCorruption() } },
  { method: apd.id, name: 'apd linf', patch: { optimizer: SGD, corruption: linfCorruption() } },
];

function linfCorruption(): ExperimentConfig['corruption'] {
  return {
    norm: 'linf',
    budget: 'absolute',
    epsilon: 0.01,
    rho: 0.02,
    scope: 'all',
    steps: 3,
    stepScale: 0,
    lambda: 0.5,
    includeClean: true,
    start: 'zero',
  };
}

/** One optimisation step (one epoch of one batch) from θ; the new parameters and the step's objective. */
async function runMethodStep(
  f: Fixture,
  method: MethodId,
  patch: Partial<ExperimentConfig> = {},
): Promise<unknown> {
  const config: ExperimentConfig = { ...f.config, ...patch, training: { ...f.config.training, method } };
  const trainer = new Trainer(config, f.dataset, f.params);
  try {
    const stats = await trainer.trainEpoch();
    const metrics = trainer.method.epochMetrics
      ? await trainer.method.epochMetrics(trainer.epochContext())
      : {};
    return { objective: stats?.objective, params: await trainer.snapshot(), metrics };
  } finally {
    trainer.dispose();
  }
}

// ---- analyses ---------------------------------------------------------------------------------------------

/** Small settings for every analysis (several where a choice changes the computation: norms, sparsity). */
function analysisSettings(n: number): Record<string, unknown[]> {
  const evalSmall = { subset: 10, coarse: false };
  return {
    robust: [
      { norm: 'linf', epsilon: 0.02, steps: 4, restarts: 2, testSize: n, trainSize: n },
      { norm: 'l2', epsilon: 0.02, steps: 4, restarts: 1, testSize: n, trainSize: n },
    ],
    'fgsm-sweep': [{ epsilons: [0, 0.005, 0.01, 0.02, 0.04] }],
    'adversarial-examples': [
      { attack: 'fgsm', epsilon: 0.02, count: n },
      { attack: 'pgd-linf', epsilon: 0.02, steps: 4, count: n },
    ],
    'corruption-sweep': [
      {
        grids: [
          { norm: 'linf', mode: 'absolute', values: [0.01, 0.05] },
          { norm: 'l2', mode: 'relative', values: [0.005, 0.02] },
        ],
        randomTrials: 2,
        multiSteps: [1, 3],
      },
      {
        grids: [{ norm: 'linf', mode: 'layer-relative', values: [0.01] }],
        randomTrials: 1,
        multiSteps: [2],
        sparse: 5,
      },
    ],
    'corruption-layers': [
      { norm: 'linf', mode: 'absolute', value: 0.01, steps: 2 },
      { norm: 'l2', mode: 'absolute', value: 0.05, grouping: 'layer' },
    ],
    'corruption-trajectory': [{ norm: 'linf', mode: 'absolute', value: 0.01, steps: 3, resolution: 5 }],
    'landscape-1d': [
      { resolution: 7, span: 0.5, ...evalSmall, splits: ['train', 'test'] },
      { resolution: 5, span: 0.5, ...evalSmall, robust: { epsilon: 0.02, steps: 2, size: 10 } },
    ],
    'landscape-2d': [{ resolution: 4, span: 0.5, ...evalSmall }],
    interpolation: [{ from: 0, to: -1, points: 5, ...evalSmall }],
    trajectory: [{ resolution: 4, ...evalSmall }],
    sharpness: [{ radius: 0.2, points: 3, ...evalSmall, hessian: { iterations: 3, subset: 10 } }],
    lsa: [{ size: n, epsilon: 0.02, pgdSteps: 3 }],
    'weight-perturbation': [
      { gammaMax: 0.2, points: 3, randomDraws: 2, size: n },
      { gammaMax: 0.1, points: 2, randomDraws: 1, size: n, robust: { epsilon: 0.02, steps: 2 } },
    ],
    'weight-distribution': [{ bins: 11 }],
    'awnet-router': [{ epsilon: 0.02, steps: 3, size: n }],
  };
}

/** A fixed analysis context on the fixture: θ as tensors, the dataset on the device, three snapshots. */
function analysisContext(f: Fixture): { ctx: AnalysisContext; dispose: () => void } {
  const shape = f.dataset.inputShape;
  const d = f.dataset;
  const tensors = {
    xTrain: tf.tensor(d.xTrain, [d.yTrain.length, ...shape]),
    yTrain: tf.tensor1d(d.yTrain, 'int32'),
    xTest: tf.tensor(d.xTest, [d.yTest.length, ...shape]),
    yTest: tf.tensor1d(d.yTest, 'int32'),
  };
  const params = toTensors(f.model.params, f.params);
  const ctx: AnalysisContext = {
    model: f.model,
    params,
    dataset: d,
    tensors,
    config: f.config,
    epoch: f.snapshots.length - 1,
    snapshots: f.snapshots,
    progress: async () => true,
  };
  return { ctx, dispose: () => tf.dispose([...params, ...Object.values(tensors)]) };
}

async function runAnalysis(f: Fixture, id: string, raw: unknown): Promise<unknown> {
  const analysis = ANALYSES[id];
  const { ctx, dispose } = analysisContext(f);
  try {
    return await analysis.run(ctx, analysis.parseSettings(raw));
  } finally {
    dispose();
  }
}

// ---- the list ---------------------------------------------------------------------------------------------

/** What else runs on the CNN fixture (max-pool ties, the data-range clip) and on the AW-Net fixture. */
const ALSO: Record<'cnn' | 'awnet', { attacks: AttackId[]; analyses: string[] }> = {
  cnn: { attacks: [...ATTACK_IDS], analyses: ['robust', 'fgsm-sweep', 'adversarial-examples', 'lsa'] },
  // Not TRADES: the AW-Net fixture has confident points, where its first KL gradient is rounding noise.
  awnet: {
    attacks: ['fgsm', 'pgd-linf', 'pgd-l2'],
    analyses: ['robust', 'weight-distribution', 'awnet-router'],
  },
};
const CNN_METHODS: MethodId[] = [fgsmAt.id, pgdAt.id, trades.id];

/** Every conformance case, in a fixed order. */
export function conformanceCases(): ConformanceCase[] {
  const { mlp, cnn, awnet } = fixtures();
  const cases: ConformanceCase[] = Object.entries(KERNELS).map(([name, build]) => ({
    id: `kernel ${name}`,
    group: 'kernel',
    covers: name,
    run: () => readAll(build),
  }));
  const attacks = (f: Fixture, ids: readonly AttackId[]) => {
    for (const id of ids)
      cases.push({ id: `attack ${id} (${f.id})`, group: 'attack', covers: id, run: () => runAttack(f, id) });
  };
  const method = (f: Fixture, name: string, id: MethodId, patch: Partial<ExperimentConfig>) =>
    cases.push({
      id: `method ${name} (${f.id})`,
      group: 'method',
      covers: id,
      run: () => runMethodStep(f, id, patch),
    });
  const analyses = (f: Fixture, ids: (id: string) => boolean) => {
    for (const [id, variants] of Object.entries(analysisSettings(f.dataset.yTrain.length))) {
      if (!ids(id)) continue;
      variants.forEach((settings, i) =>
        cases.push({
          id: `analysis ${id}${variants.length > 1 ? ` #${i + 1}` : ''} (${f.id})`,
          group: 'analysis',
          covers: id,
          run: () => runAnalysis(f, id, settings),
        }),
      );
    }
  };
  attacks(mlp, ATTACK_IDS);
  attacks(cnn, ALSO.cnn.attacks);
  attacks(awnet, ALSO.awnet.attacks);
  for (const v of METHOD_VARIANTS) method(mlp, v.name, v.method, v.patch ?? {});
  for (const id of CNN_METHODS) method(cnn, id, id, { optimizer: SGD });
  method(awnet, 'awnet', awnetCard.id, { optimizer: SGD });
  method(awnet, 'awnet trades', awnetCard.id, {
    optimizer: SGD,
    awnet: { loss: 'trades', detectionWeight: 1 },
  });
  analyses(mlp, (id) => !AWNET_ONLY.has(id));
  analyses(cnn, (id) => ALSO.cnn.analyses.includes(id));
  analyses(awnet, (id) => ALSO.awnet.analyses.includes(id));
  return cases;
}
