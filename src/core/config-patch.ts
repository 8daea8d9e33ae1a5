/**
 * Partial configurations ("patches") and their arithmetic, for lessons, presets and comparisons: a lesson
 * step or a comparison partner says only what it changes; `applyPatch` turns base + patch into a full,
 * strictly parsed ExperimentConfig, and `configDifferences` names the settings in which configs differ.
 * Pure data, no tfjs: the UI thread uses it.
 */
import { type ExperimentConfig, type ExperimentConfigInput, parseConfig } from './config';

/** Every field optional, recursively; lists are replaced as a whole, never merged element-wise. */
export type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

/** What a lesson step, a preset partner or a comparison run changes in a configuration. */
export type ConfigPatch = DeepPartial<ExperimentConfigInput>;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && !ArrayBuffer.isView(v);

/**
 * base with `patch` laid over it: objects merge key by key, lists and scalars replace. An object whose
 * `kind` changes (e.g. data moons → mnist, model mlp → cnn) is replaced as a whole, so no field of the old
 * kind leaks into the new one. Returns a new object; neither input is modified.
 */
export function mergePatch<T>(base: T, patch: DeepPartial<T> | undefined): T {
  if (patch === undefined) return structuredClone(base);
  if (!isPlainObject(base) || !isPlainObject(patch)) return structuredClone(patch as T);
  if ('kind' in patch && patch.kind !== base.kind) return structuredClone(patch as T);
  const out: Record<string, unknown> = structuredClone(base);
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    out[key] = key in out ? mergePatch(out[key], value as never) : structuredClone(value);
  }
  return out as T;
}

/**
 * base + patches (in order), parsed strictly: the full configuration they describe. Throws with the
 * parser's messages if the result is not a valid configuration (a broken lesson or preset).
 */
export function applyPatch(
  base: ConfigPatch | ExperimentConfig,
  ...patches: (ConfigPatch | undefined)[]
): ExperimentConfig {
  const merged = patches.reduce<ConfigPatch>((acc, p) => mergePatch(acc, p), base as ConfigPatch);
  const r = parseConfig(merged, 'strict');
  // A broken lesson or preset: its author reads the settings' paths too.
  const said = (error: boolean) =>
    r.notes
      .filter((n) => n.error === error)
      .map((n) => `${n.path}: ${n.message}`)
      .join('; ');
  if (!r.ok) throw new Error(`invalid configuration: ${said(true)}`);
  if (r.warnings.length) throw new Error(`configuration out of range: ${said(false)}`);
  return r.config;
}

/** Leaf paths (e.g. "training.method", "model.hidden") whose values differ between a and b. */
export function configDifferences(a: unknown, b: unknown, prefix = ''): string[] {
  if (isPlainObject(a) && isPlainObject(b)) {
    if ('kind' in a && a.kind !== b.kind) return [prefix ? `${prefix}.kind` : 'kind'];
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => configDifferences(a[k], b[k], prefix ? `${prefix}.${k}` : k));
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [prefix || '(root)'];
}

/**
 * The settings of a patch that did not survive parsing: leaf paths of `patch` whose value is absent from,
 * or different in, `parsed` (an unknown section or field is dropped silently by the schema, and a number
 * out of range is clamped). Empty when every setting the patch names is in force.
 */
export function droppedSettings(patch: unknown, parsed: unknown, prefix = ''): string[] {
  if (isPlainObject(patch)) {
    if (!isPlainObject(parsed)) return [prefix || '(root)'];
    return Object.entries(patch).flatMap(([k, v]) =>
      v === undefined ? [] : droppedSettings(v, parsed[k], prefix ? `${prefix}.${k}` : k),
    );
  }
  return JSON.stringify(patch) === JSON.stringify(parsed) ? [] : [prefix || '(root)'];
}
