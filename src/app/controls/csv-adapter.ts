// Temporary stand-in until src/core/data/csv.ts (data helper) is on main.
export type CsvPoint = [number, number, number];
export type CsvParseResult =
  { ok: true; points: CsvPoint[]; warnings: string[] } | { ok: false; errors: string[] };

export function parseCsvPoints(text: string, _name: string): CsvParseResult {
  const points: CsvPoint[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const f = line.split(',').map(Number);
    if (f.length !== 3 || f.some((v) => !Number.isFinite(v))) continue;
    points.push([f[0], f[1], f[2]]);
  }
  return points.length >= 4 ? { ok: true, points, warnings: [] } : { ok: false, errors: ['too few rows'] };
}
