/**
 * Compares two results of the same computation on two backends. Every numeric field (a number, or an array
 * of numbers) is compared element-wise against the field's own scale: |a_i − b_i| ≤ rtol · max_j max(|a_j|,
 * |b_j|). A difference of nearly equal numbers (a loss change ΔL, a robust gap) thus gets the tolerance of
 * the quantities it came from rather than of its own, smaller size, while an entry that should have moved by
 * ε and did not on one backend is caught whatever its size. Sibling fields that are parts of one quantity share
 * their scale (`SHARED_SCALES`): ΔL = L(θ + a) − L(θ) is held to the scale of the losses it is the difference
 * of, and a point's β coordinate to that of its (α, β) pair — a β that is zero up to rounding is not compared
 * against its own rounding. NaN matches NaN; infinities match themselves. Strings, booleans and array lengths
 * must be equal.
 */

/** Fields that describe the host rather than the result: which backend and strategy ran it, how long it took. */
const HOST_FIELDS = new Set(['backend', 'seconds', 'strategy']);

/** Sibling keys compared at one common scale (the largest |value| among them). */
const SHARED_SCALES = [
  ['loss', 'deltaLoss', 'cleanLoss'],
  ['alpha', 'beta'],
];

export interface FieldDiff {
  /** e.g. "values[0].loss". */
  path: string;
  /** max_i |a_i − b_i| / scale (0 when identical; Infinity for a structural difference). */
  relative: number;
  /** How many elements exceed the tolerance, of how many. */
  failing: number;
  size: number;
  /** The worst element: index, a, b (or what differs structurally). */
  worst: string;
}

export interface Comparison {
  /** Fields beyond the tolerance. */
  mismatches: FieldDiff[];
  /** The largest relative difference over all numeric fields (passing ones included). */
  maxRelative: number;
  fields: number;
}

const isNumeric = (v: unknown): v is ArrayLike<number> =>
  ArrayBuffer.isView(v) || (Array.isArray(v) && v.length > 0 && v.every((e) => typeof e === 'number'));

/** max |v| over the finite entries of the fields. */
function scaleOf(...fields: ArrayLike<number>[]): number {
  let scale = 0;
  for (const f of fields)
    for (let i = 0; i < f.length; i++) if (Number.isFinite(f[i])) scale = Math.max(scale, Math.abs(f[i]));
  return scale;
}

const asNumbers = (v: unknown): ArrayLike<number> | null =>
  typeof v === 'number' ? [v] : isNumeric(v) ? v : null;

function compareNumbers(
  path: string,
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  rtol: number,
  sharedScale = 0,
): FieldDiff {
  if (a.length !== b.length)
    return {
      path,
      relative: Infinity,
      failing: 1,
      size: a.length,
      worst: `length ${a.length} vs ${b.length}`,
    };
  const scale = Math.max(scaleOf(a, b), sharedScale);
  let relative = 0;
  let failing = 0;
  let worst = '';
  for (let i = 0; i < a.length; i++) {
    const [x, y] = [a[i], b[i]];
    const same = Object.is(x, y) || x === y || (Number.isNaN(x) && Number.isNaN(y));
    const r = same ? 0 : Number.isFinite(x) && Number.isFinite(y) ? Math.abs(x - y) / scale : Infinity;
    if (r > rtol) failing++;
    if (r > relative || worst === '') {
      if (r > relative) relative = r;
      worst = `[${i}] ${x} vs ${y}`;
    }
  }
  return { path, relative, failing, size: a.length, worst };
}

/** The shared scale of each key of an object pair that belongs to a `SHARED_SCALES` group. */
function sharedScales(a: Record<string, unknown>, b: Record<string, unknown>): Map<string, number> {
  const scales = new Map<string, number>();
  for (const group of SHARED_SCALES) {
    const fields = group.flatMap((key) => [asNumbers(a[key]), asNumbers(b[key])]).filter((f) => f !== null);
    const scale = scaleOf(...fields);
    for (const key of group) scales.set(key, scale);
  }
  return scales;
}

function walk(a: unknown, b: unknown, path: string, rtol: number, out: FieldDiff[], sharedScale = 0): void {
  const [na, nb] = [asNumbers(a), asNumbers(b)];
  if (na && nb) {
    out.push(compareNumbers(path, na, nb, rtol, sharedScale));
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length)
      out.push({
        path,
        relative: Infinity,
        failing: 1,
        size: a.length,
        worst: `length ${a.length} vs ${b.length}`,
      });
    else a.forEach((e, i) => walk(e, b[i], `${path}[${i}]`, rtol, out));
    return;
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const [ra, rb] = [a as Record<string, unknown>, b as Record<string, unknown>];
    const scales = sharedScales(ra, rb);
    for (const key of new Set([...Object.keys(ra), ...Object.keys(rb)])) {
      if (HOST_FIELDS.has(key)) continue;
      walk(ra[key], rb[key], path ? `${path}.${key}` : key, rtol, out, scales.get(key));
    }
    return;
  }
  if (a !== b)
    out.push({
      path,
      relative: Infinity,
      failing: 1,
      size: 1,
      worst: `${JSON.stringify(a)} vs ${JSON.stringify(b)}`,
    });
}

/** Compares result `b` against the reference `a`. */
export function compareResults(a: unknown, b: unknown, rtol: number): Comparison {
  const fields: FieldDiff[] = [];
  walk(a, b, '', rtol, fields);
  return {
    mismatches: fields.filter((f) => f.relative > rtol),
    maxRelative: fields.reduce((m, f) => Math.max(m, f.relative), 0),
    fields: fields.length,
  };
}
