/**
 * Writes a run as a self-contained run bundle (docs/run-bundle.md): config, versions, backend, data,
 * parameters, metrics and every analysis with its settings and results. The schema and the reader live in
 * ./bundle-schema.ts (no tfjs there).
 */
import * as tf from './tf';
import { version as basinVersion } from '../../package.json';
import { ANALYSES } from './analysis/registry';
import {
  BUNDLE_FORMAT,
  BUNDLE_VERSION,
  type BundleData,
  type DroppedField,
  type RunBundle,
} from './bundle-schema';
import type { DataConfig } from './config';
import type { Dataset } from './data/dataset';
import type { AnalysisRecord } from './events';
import { MNIST_ASSET } from './data/mnist';
import { paramCount } from './models/model';
import { type ParamValues, allFinite } from './params';
import type { Runner } from './train/runner';

/**
 * The shortest decimal that reads back as the same float32 (≤ 9 significant digits): half the size of
 * printing the float64 value, and exact once a reader rounds it to float32.
 */
export function float32Number(v: number): number {
  if (!Number.isFinite(v)) return v;
  for (let digits = 1; digits < 9; digits++) {
    const shorter = Number(v.toPrecision(digits));
    if (Math.fround(shorter) === v) return shorter;
  }
  return Number(v.toPrecision(9));
}

const float32List = (values: ArrayLike<number>) => Array.from(values, float32Number);

/** A typed array of any element type (a DataView is a view but not a list of numbers). */
function isTypedArray(value: unknown): value is ArrayLike<number | bigint> {
  return ArrayBuffer.isView(value) && !(value instanceof DataView);
}

/**
 * Plain JSON data from an analysis result: typed arrays become number lists (float32 ones written
 * shortest-exact), non-finite numbers become null, undefined becomes null.
 */
export function toJsonData(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (value instanceof Float32Array)
    return Array.from(value, (v) => (Number.isFinite(v) ? float32Number(v) : null));
  if (isTypedArray(value)) return Array.from(value, (v) => toJsonData(Number(v)));
  if (Array.isArray(value)) return value.map(toJsonData);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonData(v)]));
  return value;
}

/**
 * The size guard's default: at most this many numbers of recompute data (random starts, noise draws,
 * directions, corruption vectors, adversarial inputs) per bundle, about 10 MB of JSON.
 */
export const DEFAULT_MAX_STORED_VALUES = 1_000_000;

/** How many numbers a plain-data value holds (typed arrays, arrays and objects, nested). */
export function countValues(value: unknown): number {
  if (typeof value === 'number') return 1;
  if (isTypedArray(value)) return value.length;
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + countValues(v), 0);
  if (value !== null && typeof value === 'object')
    return Object.values(value).reduce((n: number, v) => n + countValues(v), 0);
  return 0;
}

/** The concrete paths a pattern ('curves.*.vectors') names in `value`, for fields that are present (not null). */
function expandPath(value: unknown, pattern: readonly string[], prefix: string[] = []): string[][] {
  if (pattern.length === 0) return value === null || value === undefined ? [] : [prefix];
  if (value === null || typeof value !== 'object') return [];
  const [head, ...rest] = pattern;
  const keys = head === '*' ? Object.keys(value) : [head];
  return keys.flatMap((k) => expandPath((value as Record<string, unknown>)[k], rest, [...prefix, k]));
}

const getPath = (value: unknown, path: readonly string[]): unknown =>
  path.reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], value);

/** A copy of `value` with the field at `path` set to null; only the objects along the path are copied. */
function withoutField(value: unknown, path: readonly string[]): unknown {
  const [head, ...rest] = path;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string, unknown>;
  copy[head] = rest.length ? withoutField(copy[head], rest) : null;
  return copy;
}

export interface GuardedRecord extends AnalysisRecord {
  dropped?: DroppedField[];
}

/**
 * The bundle's size guard: keeps the recompute data of the analyses (the fields each one lists in
 * `recomputeData`) up to `maxValues` numbers in all, newest records first and, within a record, smaller
 * fields first. A dropped field is set to null and listed in the record's `dropped` (path in `result`,
 * number of values). The records passed in are not modified.
 */
export function guardSize(
  records: readonly AnalysisRecord[],
  maxValues: number,
): { records: GuardedRecord[]; kept: number; dropped: number } {
  let kept = 0;
  let droppedTotal = 0;
  const out: GuardedRecord[] = [];
  for (let r = records.length - 1; r >= 0; r--) {
    const record = records[r];
    const patterns = ANALYSES[record.id]?.recomputeData ?? [];
    const fields = patterns
      .flatMap((p) => expandPath(record.result, p.split('.')))
      .map((path) => ({ path, values: countValues(getPath(record.result, path)) }))
      .sort((a, b) => a.values - b.values);
    let result = record.result;
    const dropped: DroppedField[] = [];
    for (const f of fields) {
      if (kept + f.values <= maxValues) kept += f.values;
      else {
        result = withoutField(result, f.path);
        dropped.push({ path: f.path.join('.'), values: f.values });
        droppedTotal += f.values;
      }
    }
    out.unshift(dropped.length ? { ...record, result, dropped } : record);
  }
  return { records: out, kept, dropped: droppedTotal };
}

function rows(x: Float32Array, count: number): number[][] {
  const size = x.length / Math.max(count, 1);
  return Array.from({ length: count }, (_, i) => float32List(x.subarray(i * size, (i + 1) * size)));
}

/** Points inline as trained on; MNIST as indices into the shipped asset. */
function bundleData(kind: DataConfig['kind'], d: Dataset): BundleData {
  const common = {
    name: d.name,
    inputShape: d.inputShape,
    numClasses: d.numClasses,
    inputRange: d.inputRange,
  };
  if (kind === 'mnist') {
    if (!d.sourceIndices) throw new Error('an MNIST dataset must carry its source indices');
    return {
      kind,
      ...common,
      asset: MNIST_ASSET,
      train: { indices: Array.from(d.sourceIndices.train), y: Array.from(d.yTrain) },
      test: { indices: Array.from(d.sourceIndices.test), y: Array.from(d.yTest) },
    };
  }
  return {
    kind,
    ...common,
    train: { x: rows(d.xTrain, d.yTrain.length), y: Array.from(d.yTrain) },
    test: { x: rows(d.xTest, d.yTest.length), y: Array.from(d.yTest) },
  };
}

/**
 * A run bundle of the run as it stands. `final` holds the current parameters, or the last finite ones
 * (and their epoch) if the run diverged. Snapshots (index = epoch, 0 = initial) are included on request
 * and only if the run kept them (`training.snapshots`). The analyses' recompute data is kept up to
 * `maxStoredValues` numbers (default DEFAULT_MAX_STORED_VALUES; see `guardSize`).
 */
export async function buildBundle(
  runner: Runner,
  opts: { includeSnapshots: boolean; maxStoredValues?: number },
): Promise<RunBundle> {
  const { trainer, config } = runner;
  const model = trainer.model;
  let values: ParamValues = await trainer.snapshot();
  let epoch = trainer.epoch;
  if (!allFinite(values)) ({ values, epoch } = runner.lastFiniteParams);
  const maxValues = opts.maxStoredValues ?? DEFAULT_MAX_STORED_VALUES;
  const guarded = guardSize(runner.analyses, maxValues);
  const snapshots =
    opts.includeSnapshots && runner.snapshots.length
      ? runner.snapshots.map((s, e) => ({ epoch: e, values: s.map(float32List) }))
      : undefined;
  return {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    createdAt: new Date().toISOString(),
    versions: { basin: basinVersion, tfjs: tf.version_core },
    backend: runner.backend,
    state: runner.state,
    config,
    data: bundleData(config.data.kind, trainer.dataset),
    model: {
      description: model.description,
      paramCount: paramCount(model),
      params: model.params.map(({ name, shape, layer }) => ({ name, shape: [...shape], layer })),
      probeNames: [...model.probeNames],
    },
    parameters: {
      epoch,
      final: model.params.map((p, i) => ({
        name: p.name,
        shape: [...p.shape],
        values: float32List(values[i]),
      })),
      ...(snapshots ? { snapshots } : {}),
    },
    metrics: runner.history.map((m) => ({
      ...m,
      extra: Object.fromEntries(Object.entries(m.extra).filter(([, v]) => Number.isFinite(v))),
    })),
    analyses: guarded.records.map((a) => ({
      id: a.id,
      epoch: a.epoch,
      settings: toJsonData(a.settings),
      result: toJsonData(a.result),
      ...(a.dropped ? { dropped: a.dropped } : {}),
    })),
    recomputeData: { maxValues, keptValues: guarded.kept, droppedValues: guarded.dropped },
  };
}
