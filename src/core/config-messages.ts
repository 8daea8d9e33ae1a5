/**
 * What people read when a configuration (from a link, a file or a form) has a problem: every setting's plain
 * name, and one sentence per validator issue, in words rather than the validator's vocabulary. Pure data and
 * string work, no tfjs: the link banner, the bundle reader and the command line all use it.
 */

/** Titles of the config sections that the form shows as generated groups. */
export const SECTION_TITLES: Record<string, string> = {
  attack: 'Attack (adversarial training)',
  trades: 'TRADES',
  awp: 'AWP (adversarial weight perturbation)',
  robustEval: 'Robust evaluation',
  corruption: 'Corruption defences (ACR, APD)',
  landscape: 'Loss landscape during training',
  lsa: 'Layer sustainability (LSA)',
  atlr: 'AT-LR',
  awnet: 'AW-Net training (our proposal)',
};

/** "weightDecay" → "Weight decay". */
export const humanize = (key: string) =>
  key
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/^./, (c) => c.toUpperCase());

/** The settings with hand-made controls, by the name the form gives them. */
const LABELS: Record<string, string> = {
  version: 'Settings version',
  seed: 'Seed',
  data: 'Dataset',
  'data.kind': 'Dataset',
  'data.n': 'Points',
  'data.noise': 'Noise',
  'data.testFraction': 'Test share',
  'data.trainSize': 'Train digits',
  'data.testSize': 'Test digits',
  'data.points': 'Your points',
  'data.name': 'Points file name',
  model: 'Model',
  'model.kind': 'Model',
  'model.hidden': 'Hidden layers',
  'model.activation': 'Activation',
  'model.preset': 'CNN architecture',
  optimizer: 'Optimiser settings',
  'optimizer.kind': 'Optimiser',
  'optimizer.lr': 'Learning rate',
  'optimizer.momentum': 'Momentum',
  'optimizer.weightDecay': 'Weight decay',
  training: 'Training settings',
  'training.epochs': 'Epochs',
  'training.batchSize': 'Batch size',
  'training.method': 'Training method',
  'training.snapshots': 'Keep snapshots',
  backend: 'Backend',
  analyses: 'Requested analyses',
  'analyses.id': 'Requested analysis',
  'analyses.settings': 'Requested analysis settings',
  'analyses.every': 'Requested analysis – every',
};

/** Plain names of the choices people see in the menus (others are shown as they are). */
const CHOICES: Record<string, Record<string, string>> = {
  'data.kind': { moons: 'two moons', mnist: 'MNIST digits', csv: 'your own points' },
  'model.kind': { mlp: 'an MLP', cnn: 'a CNN' },
  'optimizer.kind': { adam: 'Adam', sgd: 'SGD' },
};

/** The plain name of the setting at `path` (list positions name the list). */
export function settingLabel(path: readonly PropertyKey[]): string {
  const keys = path.filter((k) => typeof k === 'string') as string[];
  const joined = keys.join('.');
  if (LABELS[joined]) return LABELS[joined];
  const [section, ...rest] = keys;
  if (!section) return 'The settings';
  const title = SECTION_TITLES[section] ?? humanize(section);
  return rest.length ? `${title} – ${rest.map(humanize).join(' – ').toLowerCase()}` : title;
}

const clip = (s: string, n = 40) => (s.length > n ? `${s.slice(0, n)}…` : s);

/** A value as a person would write it. */
export function shownValue(value: unknown, path: readonly PropertyKey[] = []): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') {
    const choice = CHOICES[path.filter((k) => typeof k === 'string').join('.')]?.[value];
    return choice ?? `“${clip(value)}”`;
  }
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  if (value === null) return 'empty';
  if (Array.isArray(value))
    return value.length === 0
      ? 'an empty list'
      : value.every((v) => typeof v === 'number' || typeof v === 'string')
        ? clip(value.join(', '))
        : `a list of ${value.length}`;
  return 'a group of settings';
}

const WHAT: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'text',
  boolean: 'on or off (true or false)',
  array: 'a list',
  object: 'a group of settings',
  tuple: 'a list',
};

/** The parts of a validator issue this module reads (zod's issue objects carry these fields). */
export interface IssueLike {
  code: string;
  path: readonly PropertyKey[];
  expected?: string;
  origin?: string;
  maximum?: number | bigint;
  minimum?: number | bigint;
  values?: readonly unknown[];
  options?: readonly unknown[];
  note?: string;
}

/** What is wrong with `value`, in words, without the setting's name: "100 is above the largest allowed, 10". */
export function issueProblem(issue: IssueLike, value: unknown): string {
  const shown = shownValue(value, issue.path);
  // Long lists of choices (the training methods) are the menu's business; the sentence names none.
  const choices = (list: readonly unknown[]) =>
    list.length > 6 ? 'see the menu for the choices' : list.map((o) => shownValue(o, issue.path)).join(', ');
  switch (issue.code) {
    case 'too_big':
    case 'too_small': {
      const big = issue.code === 'too_big';
      const bound = Number(big ? issue.maximum : issue.minimum);
      if (issue.origin === 'array' || Array.isArray(value)) {
        const n = Array.isArray(value) ? value.length : '?';
        return big
          ? `${n} items are more than the ${bound} allowed`
          : `at least ${bound} ${bound === 1 ? 'item is' : 'items are'} needed`;
      }
      if (issue.origin === 'string') return big ? `longer than ${bound} characters` : 'too short';
      return `${shown} is ${big ? 'above the largest' : 'below the smallest'} allowed value, ${bound}`;
    }
    case 'invalid_type':
      if (value === undefined) return 'not given';
      if (issue.expected === 'int' && typeof value === 'number') return `${shown} is not a whole number`;
      return `${shown} is not ${WHAT[issue.expected ?? ''] ?? 'the right kind of value'}`;
    case 'invalid_value':
      return issue.values && issue.values.length === 1
        ? `${shown} is not ${shownValue(issue.values[0], issue.path)}`
        : `${shown} is not one Basin knows (${choices(issue.values ?? [])})`;
    case 'invalid_union':
      if (issue.options)
        return value === undefined
          ? `not given (one of ${choices(issue.options)})`
          : `${shown} is not one Basin knows (${choices(issue.options)})`;
      return `${shown} is not a value this setting takes`;
    default:
      return `${shown} cannot be used here`;
  }
}

/** Why a value was moved to the nearest allowed one: out of range, a fraction for a whole number, too long. */
export type RepairKind = 'range' | 'whole' | 'length';

/**
 * The sentence for a value replaced by the nearest allowed one, the same for a link, a file and the form:
 * "Learning rate: 100 is above the largest allowed value; 10 is used."
 */
export function repairSentence(
  label: string,
  original: unknown,
  now: unknown,
  kind: RepairKind,
  path: readonly PropertyKey[] = [],
): string {
  const was = shownValue(original, path);
  const used = shownValue(now, path);
  if (kind === 'length')
    return Array.isArray(original)
      ? `${label}: ${original.length} items are more than allowed; the first ${Array.isArray(now) ? now.length : ''} are used.`
      : `${label}: too long; it is cut to ${String(now).length} characters.`;
  if (kind === 'whole' && typeof now === 'number' && Math.round(Number(original)) === now)
    return `${label}: ${was} is not a whole number; ${used} is used.`;
  const above = typeof original === 'number' && typeof now === 'number' && original > now;
  return `${label}: ${was} is ${above ? 'above the largest' : 'below the smallest'} allowed value; ${used} is used.`;
}

/**
 * One issue per field: the validator reports a whole number's safe-integer bound and the setting's own bound
 * separately ("1e308 > 9007199254740991", "> 1000"); only the tightest says anything.
 */
export function tightestIssues<I extends IssueLike>(issues: readonly I[]): I[] {
  const byPath = new Map<string, I>();
  for (const issue of issues) {
    const key = issue.path.map(String).join('.');
    const seen = byPath.get(key);
    const tighter =
      seen?.code === issue.code &&
      ((issue.code === 'too_big' && Number(issue.maximum) < Number(seen.maximum)) ||
        (issue.code === 'too_small' && Number(issue.minimum) > Number(seen.minimum)));
    if (!seen || tighter) byPath.set(key, issue);
  }
  return [...byPath.values()];
}

/** One sentence per distinct message, in the order they came (validators repeat themselves). */
export function distinct(messages: readonly string[]): string[] {
  return [...new Set(messages)];
}

/**
 * A number as people write it in a field or a link: decimal notation, optionally with an exponent ("0.01",
 * "-5", "1e-3"); anything else ("0x10", "1e", "Infinity", "½") is not a number: NaN.
 */
export function readDecimal(text: string): number {
  const t = text.trim();
  return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t) ? Number(t) : NaN;
}
