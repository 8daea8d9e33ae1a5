import type { DataConfig } from '../config';
import { Rng } from '../rng';
import { type Dataset, splitRows } from './dataset';

/** Limits on a user's points file (the config schema holds the same bounds). */
const CSV_MAX_ROWS = 20000;
const CSV_MIN_ROWS = 4;
const CSV_MAX_CLASSES = 10;
/** At most this many line-level problems are listed; the rest are counted. */
const MAX_LISTED_ERRORS = 8;

/** One point: two coordinates and a class label in 0..9. */
type CsvPoint = [number, number, number];

export type CsvParseResult =
  { ok: true; points: CsvPoint[]; warnings: string[] } | { ok: false; errors: string[] };

/** Tried in this order; the first that splits the first line into three fields wins. */
const DELIMITERS: { name: string; split: (line: string) => string[] }[] = [
  { name: 'tab', split: (l) => l.split('\t') },
  { name: 'semicolon', split: (l) => l.split(';') },
  { name: 'comma', split: (l) => l.split(',') },
  { name: 'spaces', split: (l) => l.trim().split(/\s+/) },
];

/** Header names taken to mean "the class column"; without one, the label is the last column. */
const LABEL_NAMES = /^(label|labels|class|classes|target|category|cluster|group|y_?true)$/i;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

const unquote = (field: string) =>
  field
    .trim()
    .replace(/^"(.*)"$/, '$1')
    .trim();

type Parsed = { value: number } | { problem: string };

/** A finite number, or why not. With a non-comma delimiter, "1,5" is read as 1.5 (decimal comma). */
function parseNumber(raw: string, decimalComma: boolean): Parsed {
  const text = decimalComma && /^[^,]*,[^,]*$/.test(raw) ? raw.replace(',', '.') : raw;
  if (text === '') return { problem: 'is empty' };
  if (!NUMBER.test(text)) return { problem: `is "${raw.slice(0, 30)}", not a number` };
  const value = Number(text);
  if (!Number.isFinite(value)) return { problem: `is ${raw.slice(0, 30)}, too large to be a finite number` };
  return { value };
}

/**
 * Parses a user's file of 2-D points, one "x1,x2,label" per line, and explains exactly what is wrong
 * when it cannot be used. Accepts comma, semicolon, tab or space separators, an optional header line
 * (which may name the label column "label", "class", "target", …), quoted fields, blank lines and a
 * trailing separator. Labels must be whole numbers; 2–10 distinct labels are renumbered to 0..k−1 in
 * increasing order if they are not already (with a warning).
 */
export function parseCsvPoints(text: string, name: string): CsvParseResult {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\n|\r/)
    .map((content, i) => ({ content, number: i + 1 }))
    .filter((l) => l.content.trim() !== '');
  if (lines.length === 0)
    return {
      ok: false,
      errors: [`${name} is empty: expected one point per line, "x1,x2,label", e.g. 0.5,-1.2,1`],
    };

  const first = lines[0].content;
  const delimiter = DELIMITERS.find((d) => d.split(first).length === 3) ?? DELIMITERS[2];
  const decimalComma = delimiter.name !== 'comma';
  const split = (line: string) => {
    const fields = delimiter.split(line).map(unquote);
    while (fields.length > 3 && fields[fields.length - 1] === '') fields.pop(); // trailing separator
    return fields;
  };
  const warnings: string[] = [];

  // A first line with no number in it is a header naming the columns (one with some numbers is a data row,
  // so its mistakes are reported rather than swallowed).
  let columns = { x1: 0, x2: 1, label: 2 };
  const headerFields = split(first);
  const hasHeader = headerFields.every((f) => 'problem' in parseNumber(f, decimalComma));
  if (hasHeader) {
    if (headerFields.length !== 3)
      return {
        ok: false,
        errors: [
          `line ${lines[0].number}: the header has ${headerFields.length} columns (${headerFields.join(', ')}); ` +
            `expected 3: x1, x2, label (separated by ${delimiter.name})`,
        ],
      };
    const named = headerFields.findIndex((f) => LABEL_NAMES.test(f));
    const label = named >= 0 ? named : 2;
    const [x1, x2] = [0, 1, 2].filter((c) => c !== label);
    columns = { x1, x2, label };
    if (label !== 2)
      warnings.push(
        `the label is read from column ${label + 1} ("${headerFields[label]}"), ` +
          `the coordinates from "${headerFields[x1]}" and "${headerFields[x2]}"`,
      );
  }
  const rows = hasHeader ? lines.slice(1) : lines;

  if (rows.length > CSV_MAX_ROWS)
    return {
      ok: false,
      errors: [
        `${name} has ${rows.length.toLocaleString('en')} points; at most ${CSV_MAX_ROWS.toLocaleString('en')} are allowed`,
      ],
    };
  if (rows.length < CSV_MIN_ROWS)
    return {
      ok: false,
      errors: [`${name} has only ${rows.length} points; at least ${CSV_MIN_ROWS} are needed`],
    };

  const errors: string[] = [];
  let unlisted = 0;
  const report = (message: string) => (errors.length < MAX_LISTED_ERRORS ? errors.push(message) : unlisted++);
  const raw: CsvPoint[] = [];
  for (const { content, number } of rows) {
    const fields = split(content);
    if (fields.length !== 3) {
      report(
        `line ${number}: ${fields.length} values; expected 3 (x1, x2, label) separated by ${delimiter.name}`,
      );
      continue;
    }
    const point: number[] = [];
    const problems: string[] = [];
    for (const [column, index] of [
      ['x1', columns.x1],
      ['x2', columns.x2],
      ['label', columns.label],
    ] as const) {
      const parsed = parseNumber(fields[index], decimalComma);
      if ('problem' in parsed) problems.push(`${column} ${parsed.problem}`);
      else if (column === 'label' && !Number.isInteger(parsed.value))
        problems.push(`label ${parsed.value} is not a whole number (labels name classes: 0, 1, 2, …)`);
      else point.push(parsed.value);
    }
    if (problems.length) report(`line ${number}: ${problems.join('; ')}`);
    else raw.push(point as CsvPoint);
  }
  if (unlisted > 0) errors.push(`… and ${unlisted} more lines with problems`);
  if (errors.length) return { ok: false, errors };

  const labels = [...new Set(raw.map((p) => p[2]))].sort((a, b) => a - b);
  if (labels.length < 2)
    return {
      ok: false,
      errors: [
        `all ${raw.length} points have the label ${labels[0]}: at least two classes are needed to train`,
      ],
    };
  if (labels.length > CSV_MAX_CLASSES)
    return {
      ok: false,
      errors: [
        `${labels.length} different labels (${labels.slice(0, 12).join(', ')}${labels.length > 12 ? ', …' : ''}); ` +
          `at most ${CSV_MAX_CLASSES} classes are supported`,
      ],
    };
  const contiguous = labels.every((l, i) => l === i);
  if (!contiguous) {
    warnings.push(`labels ${labels.join(', ')} were renumbered to ${labels.map((_, i) => i).join(', ')}`);
    const index = new Map(labels.map((l, i) => [l, i]));
    for (const p of raw) p[2] = index.get(p[2])!;
  }
  return { ok: true, points: raw, warnings };
}

type CsvDataConfig = Extract<DataConfig, { kind: 'csv' }>;

/** A user's points as a Dataset: a seeded train/test split (stream "data"), never clipped (docs/methods/attacks.md#data-range). */
export function csvDataset(cfg: CsvDataConfig, seed: number): Dataset {
  const n = cfg.points.length;
  const x = new Float32Array(n * 2);
  const y = new Int32Array(n);
  cfg.points.forEach(([x1, x2, label], i) => {
    x[2 * i] = x1;
    x[2 * i + 1] = x2;
    y[i] = label;
  });
  const classes = new Set(y).size;
  if (classes < 2) throw new Error(`data.points: all points have one label; at least two classes are needed`);
  const numClasses = y.reduce((m, l) => Math.max(m, l), 0) + 1;
  const rng = Rng.stream(seed, 'data', 'csv');
  return {
    name: `${cfg.name} (${n} points, ${classes} classes)`,
    inputShape: [2],
    numClasses,
    inputRange: null,
    ...splitRows(x, y, 2, cfg.testFraction, rng.permutation(n)),
  };
}
