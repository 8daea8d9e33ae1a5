/**
 * ExperimentConfig: the one versioned description of a run (docs/engine-notes.md#one-config). The URL hash, the run bundle
 * and the headless runner all go through `parseConfig`, which fills defaults, clamps numbers into their
 * ranges (with a warning), and rejects (strict) or drops to the default (lenient, for links) anything else,
 * always naming the field.
 */
import { z } from 'zod';
import {
  type IssueLike,
  type RepairKind,
  issueProblem,
  repairSentence,
  settingLabel,
  shownValue,
} from './config-messages';
import { ATTACK_NORMS } from './attacks/attack-ids';
import { ANALYSIS_IDS } from './analysis/analysis-ids';
import { MVL_STATISTICS } from './analysis/mvl';
import { METHOD_IDS, METHOD_SETTINGS_SHAPE } from './train/cards';
import { MODEL_SCHEMAS } from './models/cards';
import { int, num } from './schema-numbers';
import type { TradesConfig } from './train/settings/trades';
import { standard } from './train/methods/standard';
import {
  DIRECTION_NORMALIZATIONS,
  LANDSCAPE_KINDS,
  LANDSCAPE_SPLITS,
  LANDSCAPE_STRATEGIES,
} from './analysis/landscape-options';

export const CONFIG_VERSION = 1;

const MoonsDataSchema = z.object({
  kind: z.literal('moons'),
  n: int(20, 20000, 1000),
  noise: num(0, 1, 0.15),
  testFraction: num(0.05, 0.9, 0.3),
});

const MnistDataSchema = z.object({
  kind: z.literal('mnist'),
  trainSize: int(100, 8000, 8000),
  testSize: int(100, 2000, 2000),
});

/** A user's own 2-D points, carried inline so a bundle replays without the original file. */
const CsvDataSchema = z.object({
  kind: z.literal('csv'),
  name: z.string().max(200).default('points.csv'),
  points: z
    .array(z.tuple([z.number(), z.number(), z.number().int().min(0).max(9)]))
    .min(4)
    .max(20000),
  testFraction: num(0.05, 0.9, 0.3),
});

const DataSchema = z.discriminatedUnion('kind', [MoonsDataSchema, MnistDataSchema, CsvDataSchema]);

export const ModelSchema = z.discriminatedUnion('kind', MODEL_SCHEMAS);

const OptimizerSchema = z.object({
  kind: z.enum(['adam', 'sgd']).default('adam'),
  lr: num(1e-6, 10, 0.01),
  /** SGD momentum (ignored by Adam). */
  momentum: num(0, 0.999, 0.9),
  /** Decoupled L2 weight decay on kernels, applied as a gradient term. */
  weightDecay: num(0, 0.1, 0),
});

const TrainingSchema = z.object({
  epochs: int(1, 1000, 30),
  batchSize: int(1, 4096, 32),
  method: z.enum(METHOD_IDS).default(standard.id),
  /** Keep a parameter snapshot per epoch (needed for PCA trajectories and the bundle's history). */
  snapshots: z.boolean().default(true),
});

/**
 * The base attacks a config can name (PGD's ball comes from `norm`). FGSM-AT, FAST-AT and PGD-AT fix their
 * own attack (FGSM, FGSM with random start, PGD in `norm`) and TRADES uses its KL attack; `kind` is the attack
 * of methods built on a base attack of the user's choice (AWP-AT, AT-LR) and of the attack panels' default.
 */
export const TRAINING_ATTACK_KINDS = ['pgd', 'fgsm', 'fgsm-rs'] as const;
export type TrainingAttackKind = (typeof TRAINING_ATTACK_KINDS)[number];

const stepSize = () => z.number().min(0).max(10).nullable().default(null);

/** The attack adversarial training runs against the current weights (docs/methods/attacks.md, defaults docs/methods/attacks.md#defaults). */
const AttackSchema = z.object({
  kind: z.enum(TRAINING_ATTACK_KINDS).default('pgd'),
  /** PGD's ball (PGD-AT, robust evaluation); FGSM, FGSM-RS and TRADES are L∞ attacks. */
  norm: z.enum(ATTACK_NORMS).default('linf'),
  /** ε in input units (moons coordinates; MNIST pixels in [0, 1]). */
  epsilon: num(0, 10, 0.2),
  /** Iterations K of PGD / TRADES' inner maximisation. */
  steps: int(1, 200, 10),
  /** α; null → the attack's rule: 2.5ε/K for PGD and TRADES, 1.25ε for FGSM-RS. */
  stepSize: stepSize(),
  restarts: int(1, 10, 1),
});

/**
 * Robust accuracy after training epochs: PGD (ε, K steps, from a uniform random start) on a fixed, seeded
 * subset of the test set and of the training set, so the robust generalisation gap (train − test) can be
 * drawn. docs/methods/attacks.md#defaults: K = 20 on moons, 40 on MNIST.
 */
const RobustEvalSchema = z.object({
  enabled: z.boolean().default(false),
  norm: z.enum(ATTACK_NORMS).default('linf'),
  epsilon: num(0, 10, 0.2),
  steps: int(1, 200, 20),
  stepSize: stepSize(),
  restarts: int(1, 10, 1),
  /** Size of the fixed test / train subsets (capped at the split's size). */
  testSize: int(1, 10000, 256),
  trainSize: int(1, 10000, 256),
  /** Evaluate every k epochs (and always after the last one). */
  every: int(1, 1000, 1),
});

export type AttackConfig = z.infer<typeof AttackSchema>;
type RobustEvalConfig = z.infer<typeof RobustEvalSchema>;

/** The attack-related sections of a config. */
export interface AttackSections {
  attack: AttackConfig;
  trades: TradesConfig;
  robustEval: RobustEvalConfig;
}

const MOONS_ATTACK_DEFAULTS: AttackSections = {
  attack: { kind: 'pgd', norm: 'linf', epsilon: 0.2, steps: 10, stepSize: null, restarts: 1 },
  trades: { beta: 1 },
  robustEval: {
    enabled: false,
    norm: 'linf',
    epsilon: 0.2,
    steps: 20,
    stepSize: null,
    restarts: 1,
    testSize: 256,
    trainSize: 256,
    every: 1,
  },
};

/**
 * docs/methods/attacks.md#defaults [P] per dataset: moons (and CSV points) ε = 0.2, training PGD K = 10, α = 2.5ε/K, evaluation
 * K = 20, β = 1; MNIST ε = 0.3, training K = 10, α = 2.5ε/K = 0.075 (the in-browser setting), evaluation K = 40,
 * β = 1 (official). The schema's defaults are the moons ones. Other MNIST settings (the ε = 0.1 demo, the
 * faithful K = 40, α = 0.01) are presets in ./presets/attacks.ts.
 */
export function attackDefaults(dataKind: DataConfig['kind']): AttackSections {
  const d = structuredClone(MOONS_ATTACK_DEFAULTS);
  if (dataKind !== 'mnist') return d;
  return {
    attack: { ...d.attack, epsilon: 0.3 },
    trades: { beta: 1 },
    robustEval: { ...d.robustEval, epsilon: 0.3, steps: 40 },
  };
}

/**
 * Loss landscapes computed during training (docs/methods/landscapes.md), for the animation over epochs. Every epoch's
 * picture uses the same random directions (drawn once from `directionSeed`), each normalised against that
 * epoch's weights, so the pictures are comparable.
 */
const LandscapeConfigSchema = z.object({
  /** Compute a landscape after every k-th epoch (and after the last); 0 = off, on demand only. */
  every: int(0, 1000, 0),
  kind: z.enum(LANDSCAPE_KINDS).default('1d'),
  /** Points per axis; 0 = the kind's default (51 along a line, 25×25 for a surface). */
  resolution: int(0, 401, 0),
  /** Half-width of the range: α (and β) ∈ [−span, span]. */
  span: num(0.01, 10, 1),
  splits: z.array(z.enum(LANDSCAPE_SPLITS)).min(1).max(2).default(['train', 'test']),
  /** Size of the fixed evaluation subset of each split (the whole split if smaller). */
  subset: int(10, 10000, 1000),
  normalization: z.enum(DIRECTION_NORMALIZATIONS).default('filter'),
  /** Include biases in the directions (d = θ on them); off = the papers' `biasbn` ignore. */
  includeBiases: z.boolean().default(false),
  /** Seed of the directions; 0 = the run's seed. Runs with the same direction seed share axes. */
  directionSeed: int(0, 2147483647, 0),
  strategy: z.enum(LANDSCAPE_STRATEGIES).default('auto'),
});
/** The perturbations LSA compares representations under (docs/methods/lsa.md#figures, figure 1). */
export const LSA_PERTURBATIONS = ['fgsm', 'pgd', 'gaussian', 'salt', 'pepper', 'speckle'] as const;
export type LsaPerturbation = (typeof LSA_PERTURBATIONS)[number];

/**
 * Settings of one Layer Sustainability Analysis (docs/methods/lsa.md, docs/methods/lsa.md#figures). Null attack settings fall back
 * to the run's: ε to `attack.epsilon`, PGD's ball to `attack.norm`, its steps to `robustEval.steps` (the
 * evaluation K of docs/methods/attacks.md#defaults), α to the attack's default rule.
 */
export const LsaSettingsSchema = z.object({
  perturbations: z
    .array(z.enum(LSA_PERTURBATIONS))
    .min(1)
    .max(6)
    .default([...LSA_PERTURBATIONS]),
  epsilon: z.number().min(0).max(10).nullable().default(null),
  pgdSteps: z.number().int().min(1).max(200).nullable().default(null),
  pgdStepSize: z.number().min(0).max(10).nullable().default(null),
  /** Gaussian / speckle variance and salt / pepper share (our [P] defaults 0.01 and 0.05, docs/methods/attacks.md#statistical-noise). */
  variance: num(0, 10, 0.01),
  amount: num(0, 1, 0.05),
  /** MVL cut-off η (no published default [U]; 0.5–1 suggested [P], docs/methods/lsa.md#most-vulnerable-layers). */
  eta: num(-10, 10, 0.5),
  /** What μ, σ of the MVL rule are taken over: (sample, layer) pairs (paper) or the layer scores. */
  statistic: z.enum(MVL_STATISTICS).default('pairs'),
  /** The bars: one Frobenius norm over the batch (released code) or the mean of per-sample values. */
  reduction: z.enum(['batch', 'sample-mean']).default('batch'),
  /** Algorithm 2 attacks the test set (docs/methods/lsa.md#lsa-and-at-lr). */
  split: z.enum(['test', 'train']).default('test'),
  /** A fixed, seeded subset of the split. */
  size: int(1, 10000, 256),
});
export type LsaSettings = z.infer<typeof LsaSettingsSchema>;

/** LSA after training epochs: every k epochs (and after the last one) when k > 0; 0 = off. */
const LsaSchema = LsaSettingsSchema.extend({ every: int(0, 1000, 0) });

/**
 * An analysis requested by the config (any id of the registry, src/core/analysis/registry.ts), so a config
 * file alone runs it: `every` = 0 runs it once, after the last epoch; k > 0 after every k-th epoch and after
 * the last. `settings` are the analysis' own (each has a section in docs/run-bundle.md); they are checked
 * against the analysis' schema before training starts (the CLI) or when the analysis runs.
 */
const AnalysisRequestSchema = z.object({
  id: z.enum(ANALYSIS_IDS),
  every: int(0, 1000, 0),
  settings: z.record(z.string(), z.unknown()).default({}),
});
export type AnalysisRequest = z.infer<typeof AnalysisRequestSchema>;

export const BACKENDS = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'] as const;
/** The most CPU workers a landscape may use (the engine's worker and up to 7 helpers). */
export const LANDSCAPE_WORKERS_MAX = 8;
export type BackendChoice = (typeof BACKENDS)[number];

const CONFIG_SHAPE = {
  version: z.literal(CONFIG_VERSION).default(CONFIG_VERSION),
  seed: int(1, 2147483647, 1),
  data: DataSchema.default({ kind: 'moons', n: 1000, noise: 0.15, testFraction: 0.3 }),
  model: ModelSchema.default({ kind: 'mlp', hidden: [16, 16], activation: 'tanh' }),
  optimizer: OptimizerSchema.default({ kind: 'adam', lr: 0.01, momentum: 0.9, weightDecay: 0 }),
  training: TrainingSchema.default({ epochs: 30, batchSize: 32, method: standard.id, snapshots: true }),
  backend: z.enum(BACKENDS).default('auto'),
  /**
   * CPU workers that compute a landscape's points at once on cpu/wasm (docs/engine-notes.md#landscape-workers):
   * 1 = the engine's worker alone; absent or 'auto' = one per free core. Optional, so links and bundles
   * written before it are read, and written, as they were.
   */
  landscapeWorkers: z
    .union([z.literal('auto'), z.number().int().min(1).max(LANDSCAPE_WORKERS_MAX)])
    .optional(),
  attack: AttackSchema.default(MOONS_ATTACK_DEFAULTS.attack),
  robustEval: RobustEvalSchema.default(MOONS_ATTACK_DEFAULTS.robustEval),
  /** The sections the training methods read (awp, corruption, trades, …), from their cards. */
  ...METHOD_SETTINGS_SHAPE,
  landscape: LandscapeConfigSchema.default({
    every: 0,
    kind: '1d',
    resolution: 0,
    span: 1,
    splits: ['train', 'test'],
    subset: 1000,
    normalization: 'filter',
    includeBiases: false,
    directionSeed: 0,
    strategy: 'auto',
  }),
  lsa: LsaSchema.default(LsaSchema.parse({})),
  /** Analyses to run during or after training, beyond the per-epoch ones the sections above switch on. */
  analyses: z.array(AnalysisRequestSchema).max(32).default([]),
};

/**
 * The order version-1 links and bundles write the sections in, kept so a config is written byte for byte as
 * before (the compressed link form); a section added later by a new card follows them, in card order.
 */
const WRITTEN_ORDER = [
  'version',
  'seed',
  'data',
  'model',
  'optimizer',
  'training',
  'backend',
  'attack',
  'trades',
  'robustEval',
  'awp',
  'corruption',
  'landscape',
  'lsa',
  'atlr',
  'awnet',
  'analyses',
];
const writtenRank = (key: string) => {
  const i = WRITTEN_ORDER.indexOf(key);
  return i < 0 ? WRITTEN_ORDER.length : i;
};

export const ExperimentConfigSchema = z.object(
  Object.fromEntries(
    Object.entries(CONFIG_SHAPE).sort(([a], [b]) => writtenRank(a) - writtenRank(b)),
  ) as typeof CONFIG_SHAPE,
);

export type ExperimentConfig = z.infer<typeof ExperimentConfigSchema>;
export type ExperimentConfigInput = z.input<typeof ExperimentConfigSchema>;
export type DataConfig = ExperimentConfig['data'];
export type ModelConfig = ExperimentConfig['model'];

/** One thing the parser changed or refused: the setting's dotted path (for the command line) and a sentence. */
interface ConfigNote {
  path: string;
  /** Plain words, naming the setting as the form does: "Learning rate: 100 is above … ; 10 is used." */
  message: string;
  /** True when it made the configuration unusable (strict mode). */
  error: boolean;
}

export type ParseResult =
  | { ok: true; config: ExperimentConfig; warnings: string[]; notes: ConfigNote[] }
  | { ok: false; errors: string[]; warnings: string[]; notes: ConfigNote[] };

const pathOf = (path: readonly PropertyKey[]) => path.map(String).join('.');

type Json = Record<string, unknown>;

function getAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur = root;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Json)[key as string];
  }
  return cur;
}

function setAt(root: Json, path: readonly PropertyKey[], value: unknown): void {
  let cur: Json = root;
  for (const key of path.slice(0, -1)) cur = cur[key as string] as Json;
  const last = path[path.length - 1] as string;
  if (value === undefined) {
    if (Array.isArray(cur)) cur.splice(Number(last), 1);
    else delete cur[last];
  } else cur[last] = value;
}

/** The object that owns the offending field, cut back to a key the schema can default. */
function droppablePath(path: readonly PropertyKey[]): readonly PropertyKey[] {
  // An element of a list (e.g. one hidden width) is dropped as a whole list: the list's default applies.
  const firstIndex = path.findIndex((k) => typeof k === 'number');
  return firstIndex > 0 ? path.slice(0, firstIndex) : path;
}

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The sections whose `kind` picks their shape, with the kind a section without one gets. */
const DEFAULT_KINDS: Record<string, string> = { data: 'moons', model: 'mlp' };

/**
 * A number (or list, or text) repaired to the nearest allowed one: the value it had first and why it changed,
 * so one message says "1e308 → 1000" however many passes it took.
 */
interface Repair {
  path: readonly PropertyKey[];
  original: unknown;
  kind: RepairKind;
}

/**
 * Parses anything (JSON from a link, a file, a CLI argument) into an ExperimentConfig.
 * - Numbers out of range are clamped to the nearest bound, fractions in whole-number settings rounded, and
 *   over-long lists cut, each with a warning (both modes): the same rule as the form.
 * - Other problems: `strict` rejects with one message per field; `lenient` drops the field so its default
 *   applies, with a warning saying what was ignored and what is used instead. A section without its `kind`
 *   (e.g. only data.n) is read as the default kind with those settings.
 * Every message names the setting in plain words (core/config-messages.ts), once.
 */
export function parseConfig(input: unknown, mode: 'strict' | 'lenient' = 'strict'): ParseResult {
  const notes: ConfigNote[] = [];
  const note = (path: readonly PropertyKey[], message: string, error = false) =>
    notes.push({ path: pathOf(path), message, error });
  const repairs = new Map<string, Repair>();
  let repaired: unknown = null;
  const result = (config: ExperimentConfig | null): ParseResult => {
    // Repairs first, each saying what the value became (in the config, or in the draft if it failed).
    const said = [...repairs.values()].map((r) => ({
      path: pathOf(r.path),
      message: repairSentence(
        settingLabel(r.path),
        r.original,
        getAt(config ?? repaired, r.path),
        r.kind,
        r.path,
      ),
      error: false,
    }));
    notes.unshift(...said);
    const unique = notes.filter((n, i) => notes.findIndex((m) => m.message === n.message) === i);
    const warnings = unique.filter((n) => !n.error).map((n) => n.message);
    const errors = unique.filter((n) => n.error).map((n) => n.message);
    return config && !errors.length
      ? { ok: true, config, warnings, notes: unique }
      : { ok: false, errors, warnings, notes: unique };
  };
  if (!isObject(input)) {
    if (mode === 'strict') {
      note([], 'The settings must be a JSON object ({ … }).', true);
      return result(null);
    }
    note([], 'The settings are not a group of settings; the defaults are used.');
    input = {};
  }
  const draft = structuredClone(input) as Json;
  repaired = draft;
  const version = draft.version;
  if (version !== undefined && version !== CONFIG_VERSION) {
    const newer = typeof version === 'number' && version > CONFIG_VERSION;
    const what = newer
      ? `these settings come from a newer Basin (settings version ${version}) than this one (version ${CONFIG_VERSION})`
      : `settings version ${shownValue(version)} is not one Basin knows`;
    if (mode === 'strict') {
      note(['version'], `${capitalise(what)}.`, true);
      return result(null);
    }
    note(
      ['version'],
      `${capitalise(what)}; they are read as version ${CONFIG_VERSION} and anything unknown is ignored.`,
    );
    draft.version = CONFIG_VERSION;
  }
  const dropped: { path: readonly PropertyKey[]; message: string }[] = [];
  for (let attempt = 0; attempt < 50; attempt++) {
    const parsed = ExperimentConfigSchema.safeParse(draft);
    if (parsed.success) {
      for (const d of dropped) note(d.path, `${d.message}; ${usedInstead(parsed.data, d.path)} is used.`);
      return result(parsed.data);
    }
    // Several issues on one field (zod reports int bounds and the schema's bounds separately): the tightest.
    const fixes = new Map<string, { path: readonly PropertyKey[]; value: unknown; kind: Repair['kind'] }>();
    let failed = false;
    for (const issue of parsed.error.issues as IssueLike[]) {
      const key = pathOf(issue.path);
      const value = getAt(draft, issue.path);
      const fix = repairOf(issue, fixes.get(key)?.value ?? value);
      if (fix) {
        if (!repairs.has(key)) repairs.set(key, { path: issue.path, original: value, kind: fix.kind });
        fixes.set(key, { path: issue.path, ...fix });
        continue;
      }
      const parent = getAt(draft, issue.path.slice(0, -1));
      const section = issue.path.length === 2 && issue.path[1] === 'kind' ? String(issue.path[0]) : null;
      if (
        mode === 'lenient' &&
        section &&
        value === undefined &&
        isObject(parent) &&
        DEFAULT_KINDS[section]
      ) {
        parent.kind = DEFAULT_KINDS[section];
        continue;
      }
      const message = `${settingLabel(issue.path)}: ${issueProblem(issue, value)}`;
      if (mode === 'strict') {
        note(issue.path, `${message}.`, true);
        failed = true;
        continue;
      }
      let dropAt = droppablePath(issue.path);
      // A missing field cannot be dropped: drop the object that lacks it instead.
      if (getAt(draft, dropAt) === undefined) dropAt = dropAt.slice(0, -1);
      if (dropAt.length === 0) {
        note(issue.path, `${message}.`, true);
        return result(null);
      }
      dropped.push({ path: dropAt, message });
      setAt(draft, dropAt, undefined);
    }
    for (const f of fixes.values()) setAt(draft, f.path, f.value);
    if (failed) return result(null);
  }
  note([], 'The settings could not be repaired.', true);
  return result(null);
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The nearest allowed value for a number out of range, a fraction where a whole number goes, a long list. */
function repairOf(issue: IssueLike, value: unknown): { value: unknown; kind: Repair['kind'] } | null {
  const big = issue.code === 'too_big';
  if ((big || issue.code === 'too_small') && typeof value === 'number') {
    const bound = Number(big ? issue.maximum : issue.minimum);
    return { value: big ? Math.min(value, bound) : Math.max(value, bound), kind: 'range' };
  }
  if (big && (Array.isArray(value) || typeof value === 'string'))
    return { value: value.slice(0, Number(issue.maximum)), kind: 'length' };
  if (
    issue.code === 'invalid_type' &&
    issue.expected === 'int' &&
    typeof value === 'number' &&
    Number.isFinite(value)
  )
    return { value: Math.round(value), kind: 'whole' };
  return null;
}

/** What a dropped setting became, in words: "the default, 16, 16" or "two moons". */
function usedInstead(config: ExperimentConfig, path: readonly PropertyKey[]): string {
  const now = getAt(config, path);
  if (isObject(now)) return 'kind' in now ? shownValue(now.kind, [...path, 'kind']) : 'the default settings';
  if (path[path.length - 1] === 'kind') return shownValue(now, path);
  return `the default (${shownValue(now, path)})`;
}

/** The default configuration (moons, fast MLP, Adam). */
export function defaultConfig(): ExperimentConfig {
  const r = parseConfig({});
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.config;
}
