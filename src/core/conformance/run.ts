import { type ConformanceCase, conformanceCases } from './cases';
import { type FieldDiff, compareResults } from './compare';

/** One case computed on a reference backend and on a target backend, compared. */
export interface CaseReport {
  id: string;
  group: ConformanceCase['group'];
  /** The largest relative difference over the result's numeric fields. */
  maxRelative: number;
  fields: number;
  /** Fields beyond the tolerance (at most the first 5). */
  mismatches: FieldDiff[];
  /** Set when the case threw on either backend. */
  error?: string;
}

/** Runs `c` on `reference`, then on `target` (switching with `use`), and compares at `rtol`. */
export async function compareCase(
  c: ConformanceCase,
  use: (backend: string) => Promise<void>,
  reference: string,
  target: string,
  rtol: number,
): Promise<CaseReport> {
  const base = { id: c.id, group: c.group };
  try {
    await use(reference);
    const expected = await c.run();
    await use(target);
    const actual = await c.run();
    const r = compareResults(expected, actual, rtol);
    return { ...base, maxRelative: r.maxRelative, fields: r.fields, mismatches: r.mismatches.slice(0, 5) };
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    return { ...base, maxRelative: Infinity, fields: 0, mismatches: [], error };
  }
}

/** Every case (or those whose id matches `filter`), reference vs target. */
export async function compareAll(
  use: (backend: string) => Promise<void>,
  reference: string,
  target: string,
  rtol: number,
  filter = '',
): Promise<CaseReport[]> {
  const reports: CaseReport[] = [];
  for (const c of conformanceCases().filter((k) => new RegExp(filter).test(k.id)))
    reports.push(await compareCase(c, use, reference, target, rtol));
  return reports;
}
