/**
 * Layer Sustainability Analysis (Khalooei, Homayounpour, Amirmazlaghani; docs/methods/lsa.md): how far each
 * learnable layer's representation moves when the input is perturbed. For every probe (the activation
 * outputs in forward order, docs/methods/lsa.md#probes [V-code]) and every perturbation kind (FGSM, PGD, Gaussian, salt, pepper,
 * speckle noise, docs/methods/lsa.md#figures), the relative error CM_l = ‖φ_l(x) − φ_l(x̂)‖_F / ‖φ_l(x)‖_F (docs/methods/lsa.md#relative-error), then the Most
 * Vulnerable Layers by the μ + η·σ rule (docs/methods/lsa.md#most-vulnerable-layers, see ./mvl.ts for our reading [U]).
 */
import * as tf from '../tf';
import type { ExperimentConfig, LsaPerturbation, LsaSettings } from '../config';
import { LsaSettingsSchema } from '../config';
import {
  type AttackOptions,
  type AttackSettings,
  type Forward,
  type InputRange,
  forwardOf,
} from '../attacks/attack';
import { type AttackId, PGD_BY_NORM } from '../attacks/attack-ids';
import { NOISES, type NoiseSettings } from '../attacks/noise';
import { getAttack } from '../attacks/registry';
import { StartRecorder, TensorTape } from '../attacks/start-recorder';
import type { Model } from '../models/model';
import { Rng } from '../rng';
import type { Analysis, AnalysisContext } from './analysis';
import { type MvlResult, mvlFromPerSample, mostVulnerableLayers } from './mvl';
import { type ProbeRelativeError, probeSquaredNorms, relativeErrorsFromSquaredNorms } from './relative-error';
import { fixedSubset, gatherSplit } from './robust';
import { ANALYSIS_LABELS } from './analysis-ids';

/** What a perturbation needs besides the batch. */
interface PerturbationEnv {
  forward: Forward;
  attack: AttackSettings;
  pgd: AttackId;
  noise: NoiseSettings;
  range: InputRange;
  rng: Rng;
  options: AttackOptions;
}

/** x̂ for each perturbation kind (a table, not a switch); the caller owns the result. */
const PERTURB: Record<LsaPerturbation, (env: PerturbationEnv, x: tf.Tensor, y: tf.Tensor1D) => tf.Tensor> = {
  fgsm: (e, x, y) => getAttack('fgsm').run(e.forward, x, y, e.attack, e.rng, e.range, e.options),
  pgd: (e, x, y) => getAttack(e.pgd).run(e.forward, x, y, e.attack, e.rng, e.range, e.options),
  gaussian: (e, x) => NOISES.gaussian(x, e.noise, e.rng, e.range),
  salt: (e, x) => NOISES.salt(x, e.noise, e.rng, e.range),
  pepper: (e, x) => NOISES.pepper(x, e.noise, e.rng, e.range),
  speckle: (e, x) => NOISES.speckle(x, e.noise, e.rng, e.range),
};

/** One perturbation kind's layer-by-layer result. */
export interface LsaPerturbationResult {
  kind: LsaPerturbation;
  /** The bars: `batch` or `sampleMean` per the settings' reduction. */
  relativeError: number[];
  /** ‖φ_l(X) − φ_l(X̂)‖_F / ‖φ_l(X)‖_F over the whole batch (the released code, docs/methods/lsa.md#relative-error [V-code]). */
  batch: number[];
  /** Mean over samples of the per-sample relative errors (samples with φ_l(x_m) = 0 left out). */
  sampleMean: number[];
  /** Per probe, the per-sample relative errors (NaN where undefined), for re-running the MVL rule. */
  perSample: Float32Array[];
  /**
   * Algorithm 1's μ, σ, μ + ησ and MVL (docs/methods/lsa.md#most-vulnerable-layers). The threshold compares with `mvl.scores` (per-sample means
   * under the "pairs" statistic, the bars under "layers"), which may differ from the batch bars: draw the
   * μ + ησ line against the scores.
   */
  mvl: MvlResult;
  /** x̂, the perturbed inputs the errors compare with x: [samples × example size], row-major. */
  perturbed: Float32Array;
  /** PGD: the random start δ₀ it ran from, [samples × example size]; empty for the other kinds. */
  starts: Float32Array[];
}

export interface LsaResult {
  probeNames: string[];
  /** The settings as resolved against the run (ε, PGD's ball, steps and α, noise extremes). */
  resolved: {
    epsilon: number;
    pgd: { attack: AttackId; steps: number; stepSize: number };
    noise: NoiseSettings;
  };
  reduction: LsaSettings['reduction'];
  statistic: LsaSettings['statistic'];
  eta: number;
  split: LsaSettings['split'];
  size: number;
  /** The fixed subset: indices into the split (sorted). */
  indices: Int32Array;
  perturbations: LsaPerturbationResult[];
}

/** Samples per forward pass: bounds memory on MNIST. Draws continue across chunks in order, so no number depends on it. */
const CHUNK = 256;

/**
 * The values salt and pepper write on unbounded data: the smallest and largest coordinate of the training
 * inputs [P] (scikit-image writes the range's ends; moons has no range, docs/methods/attacks.md#data-range).
 */
function dataExtremes(xTrain: Float32Array): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < xTrain.length; i++) {
    lo = Math.min(lo, xTrain[i]);
    hi = Math.max(hi, xTrain[i]);
  }
  return [lo, hi];
}

/** Resolves the settings' nulls against the run's config (ε, PGD ball and steps) and data (noise extremes). */
function resolveLsaSettings(s: LsaSettings, config: ExperimentConfig, ctx: Pick<AnalysisContext, 'dataset'>) {
  const epsilon = s.epsilon ?? config.attack.epsilon;
  const pgd = PGD_BY_NORM[config.attack.norm];
  const steps = s.pgdSteps ?? config.robustEval.steps;
  const stepSize = s.pgdStepSize ?? getAttack(pgd).defaultStepSize(epsilon, steps);
  const range = ctx.dataset.inputRange;
  const noise: NoiseSettings = {
    variance: s.variance,
    amount: s.amount,
    extremes: range ?? dataExtremes(ctx.dataset.xTrain),
  };
  return { epsilon, pgd: { attack: pgd, steps, stepSize }, noise };
}

/**
 * Every probe's relative errors between x and x̂ = perturb(x, y), in chunks of `chunk` samples (perturbed in
 * order, so random draws continue across chunks), read back once. `perturb` returns a tensor the caller owns.
 */
export async function relativeErrorsUnder(
  model: Model,
  params: readonly tf.Tensor[],
  x: tf.Tensor,
  y: tf.Tensor1D,
  perturb: (x: tf.Tensor, y: tf.Tensor1D) => tf.Tensor,
  chunk = CHUNK,
): Promise<ProbeRelativeError[]> {
  const probes = model.probeNames.length;
  if (probes === 0) throw new Error(`LSA needs activation outputs to probe; ${model.description} has none`);
  const probesOf = (t: tf.Tensor) => model.apply(params, t, { probes: true }).probes;
  const n = y.shape[0];
  const parts: tf.Tensor[] = [];
  try {
    for (let start = 0; start < n; start += chunk) {
      const size = Math.min(chunk, n - start);
      parts.push(
        tf.tidy(() => {
          const xb = x.slice(start, size);
          return probeSquaredNorms(probesOf(xb), probesOf(perturb(xb, y.slice(start, size))));
        }),
      );
    }
    const all = parts.length === 1 ? parts[0] : tf.concat(parts, 2);
    const values = (await all.data()) as Float32Array;
    if (all !== parts[0]) all.dispose();
    return relativeErrorsFromSquaredNorms(values, probes);
  } finally {
    tf.dispose(parts);
  }
}

/** Bars, per-sample values and Algorithm 1 for one perturbation kind. */
function summarise(
  kind: LsaPerturbation,
  errors: readonly ProbeRelativeError[],
  s: Pick<LsaSettings, 'reduction' | 'statistic' | 'eta'>,
  inputs: Pick<LsaPerturbationResult, 'perturbed' | 'starts'>,
): LsaPerturbationResult {
  const batch = errors.map((e) => e.batch);
  const sampleMean = errors.map((e) => e.sampleMean);
  const perSample = errors.map((e) => e.perSample);
  const relativeError = s.reduction === 'batch' ? batch : sampleMean;
  const mvl =
    s.statistic === 'pairs'
      ? mvlFromPerSample(perSample, s.eta, 'pairs')
      : mostVulnerableLayers(relativeError, relativeError, s.eta);
  return { kind, relativeError, batch, sampleMean, perSample, mvl, ...inputs };
}

/**
 * The LSA of `params` on (x, y), one perturbation kind after another. Draws come from the "lsa/<kind>"
 * streams of `seed`, the same at every call, so per-epoch results differ only through the parameters.
 * `progress` runs between kinds; returning false stops with the kinds done so far.
 */
async function layerSustainability(
  model: Model,
  params: readonly tf.Tensor[],
  x: tf.Tensor,
  y: tf.Tensor1D,
  s: LsaSettings,
  resolved: LsaResult['resolved'],
  seed: number,
  range: InputRange,
  progress: (fraction: number) => Promise<boolean> = async () => true,
): Promise<LsaPerturbationResult[]> {
  const forward = forwardOf(model, params);
  const attack: AttackSettings = {
    epsilon: resolved.epsilon,
    steps: resolved.pgd.steps,
    stepSize: resolved.pgd.stepSize,
    restarts: 1,
  };
  const out: LsaPerturbationResult[] = [];
  for (const [k, kind] of s.perturbations.entries()) {
    const starts = new StartRecorder();
    const perturbed = new TensorTape();
    const env: PerturbationEnv = {
      forward,
      attack,
      pgd: resolved.pgd.attack,
      noise: resolved.noise,
      range,
      rng: Rng.stream(seed, 'lsa', kind),
      options: starts.options,
    };
    try {
      const errors = await relativeErrorsUnder(model, params, x, y, (xb, yb) => {
        const xHat = PERTURB[kind](env, xb, yb);
        perturbed.record(0, xHat);
        return xHat;
      });
      const [inputs, startValues] = await Promise.all([perturbed.read(), starts.read()]);
      out.push(summarise(kind, errors, s, { perturbed: inputs[0], starts: startValues }));
    } finally {
      starts.dispose();
      perturbed.dispose();
    }
    if (k + 1 < s.perturbations.length && !(await progress((k + 1) / s.perturbations.length))) break;
  }
  return out;
}

/**
 * LSA as an analysis (docs/methods/lsa.md#lsa-and-at-lr, Algorithm 2): perturb a fixed, seeded subset of the test split (or the
 * training split), compute every probe's relative error per perturbation kind, and the MVL. Runs after every
 * `config.lsa.every` epochs (and after the last one) when that is > 0, so an epochs × layers heat-map fills in
 * during training; on demand otherwise. Leaves the parameters untouched (it only reads them).
 */
export const lsa: Analysis<LsaSettings, LsaResult> = {
  id: 'lsa',
  label: ANALYSIS_LABELS['lsa'],
  recomputeData: ['perturbations.*.perturbed', 'perturbations.*.starts'],
  parseSettings: (input) => LsaSettingsSchema.parse(input ?? {}),
  perEpoch(config, epoch) {
    const { every, ...settings } = config.lsa;
    if (every === 0 || (epoch % every !== 0 && epoch !== config.training.epochs)) return null;
    return settings;
  },
  async run(ctx, s) {
    const total = s.split === 'train' ? ctx.dataset.yTrain.length : ctx.dataset.yTest.length;
    const indices = fixedSubset(ctx.config.seed, s.split, total, s.size);
    const [x, y] = gatherSplit(ctx, s.split, indices);
    const resolved = resolveLsaSettings(s, ctx.config, ctx);
    try {
      const perturbations = await layerSustainability(
        ctx.model,
        ctx.params,
        x,
        y,
        s,
        resolved,
        ctx.config.seed,
        ctx.dataset.inputRange,
        (f) => ctx.progress(f),
      );
      return {
        probeNames: [...ctx.model.probeNames],
        resolved,
        reduction: s.reduction,
        statistic: s.statistic,
        eta: s.eta,
        split: s.split,
        size: indices.length,
        indices,
        perturbations,
      };
    } finally {
      tf.dispose([x, y]);
    }
  },
};
