/**
 * The schema of every analysis record in a run bundle, one per id of the registry (src/core/analysis/registry.ts),
 * with the fields docs/run-bundle.md documents in that analysis' section. Free of tfjs, like ./bundle-schema.ts.
 *
 * Objects are loose (fields added within bundle version 1 do not break older readers); fields added after the
 * first bundles are optional (older bundles lack them); recompute data the size guard may drop is nullable.
 * Numbers are nullable too: a non-finite value is written as null.
 */
import { z } from 'zod';
import { ANALYSIS_IDS, type AnalysisId } from './analysis/analysis-ids';

const d = (description: string) => ({ description });
const num = z.number().nullable();
const nums = z.array(num);
const int = z.number().int();
const ints = z.array(int);
/** One flat list per parameter tensor, model.params order (a direction, a corruption, a parameter set). */
const paramValues = z.array(nums).meta(d('One flat float32 list per entry of model.params, same order.'));
/** Per restart, the starts δ₀ of every example: [examples × example size], row-major. */
const starts = z
  .array(nums)
  .nullable()
  .meta(d('δ₀ per restart: a flat [examples × example size] list each (x_adv starts at x + δ₀).'));
const indices = ints.meta(d('Indices into the split (0-based), in evaluation order.'));
const split = z.enum(['train', 'test']);
const metrics = z.record(z.string(), num).meta(d('Numbers merged into the epoch’s metrics.extra.'));

const measure = z.looseObject({ loss: num, acc: num, testLoss: num, testAcc: num });
const series = z.looseObject({ loss: nums, acc: nums, testLoss: nums, testAcc: nums, deltaLoss: nums });

/** Fields of an evaluated surface L(θ + α·d₁ [+ β·d₂]) (landscapes, interpolation, PCA contours, sharpness). */
const surfaceFields = {
  alphas: nums.meta(d('α of every column.')),
  betas: nums.nullable().meta(d('β of every row; null for a curve.')),
  shape: ints.meta(d('[rows (β), columns (α)]; [1, n] for a curve.')),
  values: z
    .array(
      z.looseObject({
        split,
        indices: ints.nullable().meta(d('The evaluation subset: indices into the split; null = all of it.')),
        loss: nums.meta(
          d('Mean cross-entropy at each point, row-major Z[row β][column α]; null = not evaluated.'),
        ),
        acc: nums.meta(d('Accuracy at each point, same layout.')),
        center: z.looseObject({ loss: num, acc: num }).meta(d('At α = β = 0.')),
        starts: nums
          .nullable()
          .optional()
          .meta(d('Robust loss: δ₀ of every example, [examples × example size], the same at every point.')),
      }),
    )
    .meta(d('One entry per split.')),
  strategy: z.string().meta(d('How the points were evaluated (loop or batched); no effect on the numbers.')),
  backend: z.string(),
  seconds: num,
  workers: int
    .optional()
    .meta(d('CPU workers that evaluated the points at once (1: the engine alone); absent in older bundles.')),
  workersNote: z
    .string()
    .nullable()
    .optional()
    .meta(d('Why fewer workers helped than the setting asked for, or null.')),
  complete: z.boolean().meta(d('False if cancelled before every point was evaluated.')),
  robust: z
    .looseObject({ attack: z.string(), epsilon: num, steps: int, stepSize: num, restarts: int, size: int })
    .nullable()
    .meta(d('The attack re-run at every point (robust loss), or null for the clean loss.')),
};
const surface = z.looseObject(surfaceFields);

const landscape = z.looseObject({
  ...surfaceFields,
  kind: z.enum(['1d', '2d']),
  directions: z
    .array(paramValues)
    .nullable()
    .meta(d('The normalised directions d₁ (, d₂): the point (α, β) is θ + α·d₁ + β·d₂.')),
  directionSeed: int,
  normalization: z.string(),
  includeBiases: z.boolean(),
  orthogonalized: z.boolean(),
  cosine: num.meta(d('cos(d₁, d₂) of a surface; null for a curve.')),
  sharpness: z.array(z.looseObject({ split: z.string(), maxRise: z.looseObject({}) })),
  path: z.looseObject({ epochs: ints, x: nums, y: nums }).nullable(),
  metrics,
});

const lsaPerturbation = z.looseObject({
  kind: z.string(),
  relativeError: nums.meta(
    d('The bars, one per probe: `batch` or `sampleMean` per the settings’ reduction.'),
  ),
  batch: nums.meta(d('‖φ_l(X) − φ_l(X̂)‖_F / ‖φ_l(X)‖_F over the whole subset, per probe.')),
  sampleMean: nums.meta(d('Mean over samples of ‖φ_l(x) − φ_l(x̂)‖ / ‖φ_l(x)‖, per probe.')),
  perSample: z.array(nums).meta(d('Per probe, the per-sample relative errors (null where ‖φ_l(x)‖ = 0).')),
  mvl: z.looseObject({ scores: nums, mu: num, sigma: num, threshold: num, eta: num, mvl: ints }),
  perturbed: nums
    .nullable()
    .optional()
    .meta(d('x̂, the perturbed inputs: [samples × example size], row-major.')),
  starts: starts.optional(),
});

/** Every analysis' result, by id. */
export const ANALYSIS_RESULT_SCHEMAS: Record<AnalysisId, z.ZodObject> = {
  robust: z.looseObject({
    metrics: z.looseObject({
      robustTestAcc: num,
      robustTrainAcc: num,
      robustTestLoss: num,
      robustTrainLoss: num,
      robustGap: num,
    }),
    attack: z.string().meta(d('pgd-linf or pgd-l2.')),
    epsilon: num,
    steps: int,
    stepSize: num.meta(d('α actually used.')),
    restarts: int.optional(),
    testSize: int,
    trainSize: int,
    indices: z.looseObject({ test: indices, train: indices }).optional(),
    starts: z
      .looseObject({ test: starts, train: starts })
      .nullable()
      .optional()
      .meta(d('Per split, δ₀ of each restart, [subset size × example size].')),
  }),
  'fgsm-sweep': z.looseObject({
    epsilons: nums,
    accuracy: nums.meta(d('Accuracy under FGSM at each ε (0..1).')),
    loss: nums.meta(d('Mean cross-entropy under FGSM at each ε.')),
    rg: num.meta(d('R&G = Σ_ε accuracy in %, ε = 0 included.')),
    split,
    size: int,
    indices: indices.optional(),
  }),
  'adversarial-examples': z.looseObject({
    attack: z.string(),
    epsilon: num,
    steps: int,
    stepSize: num,
    restarts: num.optional(),
    starts: starts.optional(),
    split,
    inputShape: ints,
    numClasses: int,
    indices,
    labels: ints,
    clean: nums,
    adversarial: nums,
    perturbation: nums,
    cleanPred: ints,
    adversarialPred: ints,
    cleanProbs: nums,
    adversarialProbs: nums,
    perturbationLinf: nums,
    perturbationL2: nums,
  }),
  'corruption-sweep': z.looseObject({
    clean: measure,
    gradientNorm: z.looseObject({ l2: num, l1: num }),
    attackSize: int,
    testSize: int,
    curves: z.array(
      z.looseObject({
        norm: z.enum(['l2', 'linf']),
        mode: z.string(),
        values: nums.meta(d('The grid as given: ε (absolute) or ρ (relative).')),
        epsilons: nums,
        radii: z.array(nums).optional().meta(d('Per ε, the radius ε_b of each block.')),
        estimate: nums.meta(d('First-order estimate gᵀa* = Σ_b ε_b‖g_b‖_q.')),
        oneStep: series,
        random: z.looseObject({
          trials: int,
          mean: series,
          min: series,
          max: series,
          each: z.array(series).optional().meta(d('Every trial’s own series.')),
          directions: z
            .array(paramValues)
            .nullable()
            .optional()
            .meta(d('r_t per trial, unit per block; trial t at ε is ε_b·r_t on block b.')),
        }),
        multiStep: z.array(z.looseObject({ steps: int, stepScale: num, series })),
        vectors: z
          .looseObject({
            oneStep: z.array(paramValues),
            multiStep: z.array(z.array(paramValues)),
            starts: z.array(z.array(paramValues)).optional(),
          })
          .nullable()
          .optional()
          .meta(d('a* per ε, a_K per K per ε (and a_0 with a random start).')),
      }),
    ),
    complete: z.boolean(),
  }),
  'corruption-layers': z.looseObject({
    clean: measure,
    norm: z.string(),
    mode: z.string(),
    value: num,
    groups: z.array(
      z.looseObject({
        name: z.string(),
        layer: z.string(),
        kind: z.string(),
        indices: ints.meta(d('Indices into model.params.')),
        size: int,
        paramNorm: num,
        epsilon: num,
        gradNorm: num,
        estimate: num,
        oneStep: measure,
        multiStep: measure.nullable().optional(),
        vector: z.array(nums).nullable().optional().meta(d('a*_G, one flat list per tensor of the group.')),
      }),
    ),
    complete: z.boolean(),
  }),
  'corruption-trajectory': z.looseObject({
    norm: z.string(),
    mode: z.string(),
    value: num,
    epsilon: num,
    steps: int,
    stepScale: num,
    cleanLoss: num,
    path: z.array(paramValues).nullable().meta(d('a_0 … a_K.')),
    loss: nums,
    deltaLoss: nums,
    alpha: nums,
    beta: nums,
    inPlane: nums,
    plane: z.looseObject({ d1: paramValues.nullable(), d2: paramValues.nullable(), unit: num, cosine: num }),
    grid: z.looseObject({ alphas: nums, betas: nums, loss: nums }),
    complete: z.boolean(),
  }),
  'landscape-1d': landscape,
  'landscape-2d': landscape,
  interpolation: z.looseObject({
    ...surfaceFields,
    from: int,
    to: int,
    epoch: int,
    thetaA: paramValues.nullable().optional(),
    thetaB: paramValues.nullable().optional(),
  }),
  trajectory: z.looseObject({
    pcs: z.array(paramValues).nullable(),
    explained: nums,
    x: nums,
    y: nums,
    epochs: ints,
    base: paramValues.nullable().optional().meta(d('θ_n, the centre of the contours.')),
    surface,
  }),
  sharpness: z.looseObject({
    radius: num,
    directions: z.array(paramValues).nullable().optional(),
    maxRise: z.array(z.looseObject({ split: z.string(), rise: z.looseObject({}) })),
    surface,
    hessian: z.looseObject({
      eigenvalue: num,
      history: nums,
      iterations: int,
      converged: z.boolean(),
      start: paramValues.nullable().optional().meta(d('v₀, the unit start vector of the power iteration.')),
      split: z.string(),
      subset: int,
      step: num,
      indices: ints.nullable().optional(),
    }),
    metrics,
  }),
  lsa: z.looseObject({
    probeNames: z.array(z.string()),
    resolved: z.looseObject({
      epsilon: num,
      pgd: z.looseObject({ attack: z.string(), steps: int, stepSize: num }),
      noise: z.looseObject({ variance: num, amount: num, extremes: nums.nullable() }),
    }),
    reduction: z.string(),
    statistic: z.string(),
    eta: num,
    split,
    size: int,
    indices: indices.optional(),
    perturbations: z.array(lsaPerturbation),
  }),
  'weight-perturbation': z.looseObject({
    gammas: nums,
    adversarial: z.looseObject({ loss: nums, acc: nums }),
    random: z.looseObject({ loss: nums, acc: nums, each: z.array(z.looseObject({ loss: nums, acc: nums })) }),
    robust: z.boolean(),
    split,
    size: int,
    indices: indices.optional(),
    directions: z
      .array(z.array(nums.nullable()))
      .nullable()
      .optional()
      .meta(d('AWP’s direction, then each random one, at γ = 1 (null entries: tensors left alone).')),
    adversarialInputs: nums.nullable().optional().meta(d('Robust only: x_adv against w for AWP’s gradient.')),
    starts: starts.optional(),
    metrics,
  }),
  'awnet-router': z.looseObject({
    split,
    size: int,
    attack: z.string().meta(d('The PGD of both attacks: pgd-linf or pgd-l2.')),
    epsilon: num,
    pClean: nums.meta(d('The router’s detection p(x) on each clean input.')),
    pAdversarial: nums.meta(d('p(x) on each adaptive adversarial twin (attacked through the router).')),
    roc: z.looseObject({ fpr: nums, tpr: nums }),
    auc: num,
    signals: z
      .array(z.looseObject({ layer: z.string(), clean: nums, adversarial: nums }))
      .meta(d('Per weight-varied layer, the mean r_{l,j} per filter over clean and adversarial inputs.')),
    accuracy: z.looseObject({ clean: num, adaptive: num, routerIgnored: num }),
    losses: z.looseObject({ adaptive: num, routerIgnored: num }),
    paired: z
      .looseObject({ onlyAdaptive: int, onlyRouterIgnored: int })
      .optional()
      .meta(
        d(
          'Points only the adaptive attack breaks, and only the router-ignoring one (same points and starts).',
        ),
      ),
    metrics,
  }),
  'weight-distribution': z.looseObject({
    layers: z.array(
      z.looseObject({
        name: z.string(),
        layer: z.string(),
        shape: ints,
        edges: nums,
        counts: ints,
        filterL1: nums.meta(d('Σ|w| per filter (last axis).')),
        filterStd: nums.meta(d('Standard deviation per filter.')),
        mean: num,
        std: num,
        meanAbs: num,
      }),
    ),
    metrics,
  }),
};

const DroppedFieldSchema = z.object({
  path: z.string().meta(d('Dotted path of the field in `result` (now null), e.g. curves.0.vectors.')),
  values: z.number().int().min(0).meta(d('How many numbers it held.')),
});
export type DroppedField = z.infer<typeof DroppedFieldSchema>;

const recordFields = {
  epoch: z.number().int().min(0).meta(d('Epochs completed when the analysis ran.')),
  settings: z.unknown().meta(d('The parsed settings it ran with.')),
  dropped: z
    .array(DroppedFieldSchema)
    .optional()
    .meta(d("Recompute data the bundle's size guard left out (set to null in `result`); absent if none.")),
};

/** An analysis this Basin does not know (a newer one): any result. */
export const UNKNOWN_ANALYSIS_ID = z
  .string()
  .refine((id) => !(ANALYSIS_IDS as readonly string[]).includes(id), 'a known analysis id')
  .meta(d('An analysis id this version does not know (from a newer Basin).'));

/** The record of a known analysis: its id with its result's schema. */
export const KNOWN_ANALYSIS_RECORDS = ANALYSIS_IDS.map((id) =>
  z
    .object({
      id: z.literal(id),
      ...recordFields,
      result: ANALYSIS_RESULT_SCHEMAS[id].meta(d(`Its result: docs/run-bundle.md, section "${id}".`)),
    })
    .meta({ title: id }),
);

/** One analysis record: a known id with its result's schema, or an unknown id with any result. */
export const AnalysisRecordSchema = z.union([
  z.discriminatedUnion(
    'id',
    KNOWN_ANALYSIS_RECORDS as [(typeof KNOWN_ANALYSIS_RECORDS)[number], ...typeof KNOWN_ANALYSIS_RECORDS],
  ),
  z.object({ id: UNKNOWN_ANALYSIS_ID, ...recordFields, result: z.unknown() }),
]);
