/**
 * The run bundle's schema and reader (docs/run-bundle.md). Free of tfjs, so the UI thread can validate a
 * dropped file before handing it to the engine. docs/run-bundle.schema.json is generated from
 * `RunBundleSchema` (scripts/write-bundle-schema.ts) and a unit test keeps the two in step.
 */
import { z } from 'zod';
import { ANALYSIS_IDS } from './analysis/analysis-ids';
import { AnalysisRecordSchema, UNKNOWN_ANALYSIS_ID } from './bundle-analyses';
import { ExperimentConfigSchema } from './config';
import { MNIST_TEST_BLOCK, MNIST_TRAIN_BLOCK } from './data/mnist';
import { bundleIssueSentence, bundlePartLabel, plausibilityErrors } from './bundle-checks';
import { type IssueLike, distinct, tightestIssues } from './config-messages';

export const BUNDLE_FORMAT = 'basin-run';
export const BUNDLE_VERSION = 1;
/** Larger files are refused by the UI before parsing (a full LSA Model B run with snapshots is ~46 MB). */
export const MAX_BUNDLE_BYTES = 50 * 1024 * 1024;

const count = z.number().int().min(0);
const shape = z.array(z.number().int().min(1)).meta({ description: 'Tensor shape, TF.js layout.' });
const labels = z.array(z.number().int().min(0)).meta({ description: 'Class label of each example.' });

const PointsSplit = z.object({
  x: z.array(z.array(z.number())).meta({ description: 'One row per example: [x1, x2] (float32 values).' }),
  y: labels,
});

const IndexSplit = z.object({
  indices: z
    .array(count)
    .meta({ description: 'Positions of the examples in the shipped asset (0-based, asset order).' }),
  y: labels,
});

const common = {
  name: z.string().meta({ description: 'Human-readable dataset name.' }),
  inputShape: shape.meta({ description: 'Shape of one example: [2] for points, [28, 28, 1] for MNIST.' }),
  numClasses: z.number().int().min(2),
  inputRange: z
    .tuple([z.number(), z.number()])
    .nullable()
    .meta({ description: 'Valid input box for adversarial examples; null = never clipped (points).' }),
};

const BundleDataSchema = z.discriminatedUnion('kind', [
  z
    .object({ kind: z.enum(['moons', 'csv']), ...common, train: PointsSplit, test: PointsSplit })
    .meta({ description: '2-D points, inline, exactly as trained on (train/test split applied).' }),
  z
    .object({
      kind: z.literal('mnist'),
      ...common,
      asset: z.string().meta({ description: 'The shipped asset the indices point into: mnist-10k.bin.gz.' }),
      train: IndexSplit,
      test: IndexSplit,
    })
    .meta({ description: 'MNIST digits named by their index into the shipped 10k asset.' }),
]);

const NamedTensor = z.object({
  name: z.string(),
  shape,
  values: z
    .array(z.number())
    .meta({ description: 'Row-major (C order) float32 values; length = product of shape.' }),
});

const EpochMetricsSchema = z.object({
  epoch: z.number().int().min(1).meta({ description: 'Epochs completed (1-based).' }),
  trainLoss: z.number(),
  trainAcc: z.number(),
  testLoss: z.number(),
  testAcc: z.number(),
  objective: z.number().meta({ description: 'Mean value of what the method minimised during the epoch.' }),
  seconds: z.number(),
  examplesPerSec: z.number(),
  extra: z.record(z.string(), z.number()).meta({ description: 'Method- and analysis-specific numbers.' }),
});

const RunBundleSchema = z
  .object({
    format: z.literal(BUNDLE_FORMAT),
    version: z.literal(BUNDLE_VERSION),
    createdAt: z.string().meta({ description: 'ISO 8601 time the bundle was written.' }),
    versions: z.object({
      basin: z.string().meta({ description: 'Basin version (package.json).' }),
      tfjs: z.string().meta({ description: 'tfjs-core version.' }),
    }),
    backend: z.string().meta({ description: 'The tfjs backend that ran it: webgpu, webgl, wasm or cpu.' }),
    state: z
      .enum(['idle', 'running', 'paused', 'done', 'diverged'])
      .meta({ description: 'Run state when written: done = all epochs trained.' }),
    config: ExperimentConfigSchema.meta({ description: 'The ExperimentConfig that reproduces the run.' }),
    data: BundleDataSchema,
    model: z.object({
      description: z.string(),
      paramCount: count,
      params: z.array(z.object({ name: z.string(), shape, layer: z.string() })).meta({
        description: 'Parameter tensors in the order of the forward pass and of every values list.',
      }),
      probeNames: z
        .array(z.string())
        .meta({ description: 'Activation outputs probed by LSA, forward order.' }),
    }),
    parameters: z.object({
      epoch: count.meta({ description: 'Epochs completed when `final` was taken.' }),
      final: z.array(NamedTensor),
      snapshots: z
        .array(
          z.object({
            epoch: count.meta({ description: '0 = initial parameters.' }),
            values: z
              .array(z.array(z.number()))
              .meta({ description: 'One flat float32 list per entry of model.params, same order.' }),
          }),
        )
        .optional()
        .meta({ description: 'Parameters after every epoch, when requested.' }),
    }),
    metrics: z.array(EpochMetricsSchema),
    analyses: z.array(AnalysisRecordSchema),
    recomputeData: z
      .object({
        maxValues: count.meta({
          description: 'The size guard: at most this many numbers of recompute data.',
        }),
        keptValues: count.meta({ description: 'Numbers of recompute data kept.' }),
        droppedValues: count.meta({ description: 'Numbers left out (listed in each record’s `dropped`).' }),
      })
      .optional()
      .meta({ description: 'What the size guard kept and dropped (bundles before it have no such field).' }),
  })
  .meta({
    title: 'Basin run bundle',
    description: 'A trained run of Basin, self-contained (docs/run-bundle.md).',
  });

export type RunBundle = z.infer<typeof RunBundleSchema>;
export type { DroppedField } from './bundle-analyses';
export type BundleData = z.infer<typeof BundleDataSchema>;

export type BundleParseResult = { ok: true; bundle: RunBundle } | { ok: false; errors: string[] };

const MAX_ERRORS = 10;
const product = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

/** Why a file of this many bytes cannot be loaded, or null if it can. */
export function checkBundleSize(bytes: number): string | null {
  if (bytes <= MAX_BUNDLE_BYTES) return null;
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `The file is ${mb(bytes)}; run bundles over ${mb(MAX_BUNDLE_BYTES)} are not loaded (export without per-epoch snapshots to make it smaller).`;
}

/** Consistency the structural schema cannot express: shapes vs value counts, labels vs classes. */
function consistencyErrors(b: RunBundle): string[] {
  const errors: string[] = [];
  const json = b as unknown;
  const specs = b.model.params;
  const shown = (shape: readonly number[]) => shape.join('×');
  if (b.model.paramCount !== specs.reduce((n, p) => n + product(p.shape), 0))
    errors.push(`The model’s parameter count: ${b.model.paramCount} is not the total size of its tensors.`);
  if (b.parameters.final.length !== specs.length)
    errors.push(`The weights: ${b.parameters.final.length} tensors, but the model has ${specs.length}.`);
  b.parameters.final.forEach((t, i) => {
    const spec = specs[i];
    const part = bundlePartLabel(['parameters', 'final', i], json);
    if (spec && (spec.name !== t.name || spec.shape.join() !== t.shape.join()))
      errors.push(
        `${part}: shape ${shown(t.shape)} does not match the model’s tensor ${i + 1} (${spec.name}, ${shown(spec.shape)}).`,
      );
    if (t.values.length !== product(t.shape))
      errors.push(
        `${part}: ${t.values.length} values, but its shape ${shown(t.shape)} needs ${product(t.shape)}.`,
      );
  });
  b.parameters.snapshots?.forEach((s, e) => {
    if (s.values.length !== specs.length)
      errors.push(
        `The weights saved after epoch ${e}: ${s.values.length} tensors, but the model has ${specs.length}.`,
      );
    s.values.forEach((v, i) => {
      if (specs[i] && v.length !== product(specs[i].shape))
        errors.push(
          `The weights saved after epoch ${e}, tensor ${i + 1} (${specs[i].name}): ${v.length} values, but its shape ${shown(specs[i].shape)} needs ${product(specs[i].shape)}.`,
        );
    });
  });
  const d = b.data;
  const rowSize = product(d.inputShape);
  for (const part of ['train', 'test'] as const) {
    const split = d[part];
    const rows = 'x' in split ? split.x : split.indices;
    const name = part === 'train' ? 'training' : 'test';
    if (rows.length !== split.y.length)
      errors.push(`The ${name} data: ${rows.length} examples but ${split.y.length} labels.`);
    const badLabel = split.y.findIndex((l) => l >= d.numClasses);
    if (badLabel >= 0)
      errors.push(
        `The ${name} labels: label ${split.y[badLabel]} (example ${badLabel + 1}) is not one of the ${d.numClasses} classes.`,
      );
    if ('indices' in split) {
      const bad = split.indices.findIndex((i) => i >= MNIST_TRAIN_BLOCK + MNIST_TEST_BLOCK);
      if (bad >= 0)
        errors.push(
          `The ${name} digits: number ${split.indices[bad]} is past the end of the ${MNIST_TRAIN_BLOCK + MNIST_TEST_BLOCK} digits Basin ships.`,
        );
    }
    if ('x' in split) {
      const badRow = split.x.findIndex((r) => r.length !== rowSize);
      if (badRow >= 0)
        errors.push(
          `The ${name} examples: example ${badRow + 1} has ${split.x[badRow].length} values, but one example has ${rowSize}.`,
        );
    }
  }
  return errors;
}

/**
 * Reads a run bundle (already JSON-parsed). Rejects other files, bundles from a newer Basin, malformed
 * fields, inconsistent ones (e.g. a tensor whose values do not fill its shape) and implausible ones
 * (./bundle-checks.ts), each with a sentence naming the part of the file in plain words.
 */
export function parseBundle(json: unknown): BundleParseResult {
  if (json === null || typeof json !== 'object' || Array.isArray(json))
    return { ok: false, errors: ['The file is not a Basin run bundle: it holds no { … } object of a run.'] };
  const { format, version } = json as { format?: unknown; version?: unknown };
  if (format !== BUNDLE_FORMAT)
    return {
      ok: false,
      errors: [
        `The file is not a Basin run bundle: its format tag is ${typeof format === 'string' ? `“${format.slice(0, 40)}”` : 'missing'}, not “${BUNDLE_FORMAT}”.`,
      ],
    };
  if (typeof version === 'number' && version > BUNDLE_VERSION)
    return {
      ok: false,
      errors: [
        `The file comes from a newer Basin (run bundle version ${version}); this one reads run bundles up to version ${BUNDLE_VERSION}.`,
      ],
    };
  const parsed = RunBundleSchema.safeParse(json);
  if (!parsed.success) {
    const sentences = distinct(
      tightestIssues(parsed.error.issues as IssueLike[]).map((i) => bundleIssueSentence(i, json)),
    );
    const errors = sentences.slice(0, MAX_ERRORS);
    const more = sentences.length - MAX_ERRORS;
    if (more > 0) errors.push(`… and ${more} more problems.`);
    return { ok: false, errors };
  }
  const errors = distinct([...consistencyErrors(parsed.data), ...plausibilityErrors(parsed.data)]);
  return errors.length
    ? { ok: false, errors: errors.slice(0, MAX_ERRORS) }
    : { ok: true, bundle: parsed.data };
}

/** The bundle's final parameters as Float32Arrays, in model.params order (to resume or analyse a run). */
export function finalParamValues(bundle: RunBundle): Float32Array[] {
  return bundle.parameters.final.map((t) => Float32Array.from(t.values));
}

/** The JSON Schema (draft 2020-12) of a bundle, as written to docs/run-bundle.schema.json. */
export function runBundleJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(RunBundleSchema, {
    target: 'draft-2020-12',
    io: 'input',
    // The refinement of an unknown analysis id, which JSON Schema can say: not one of the known ids.
    override: (ctx) => {
      if (ctx.zodSchema === UNKNOWN_ANALYSIS_ID) ctx.jsonSchema.not = { enum: [...ANALYSIS_IDS] };
    },
  });
}
