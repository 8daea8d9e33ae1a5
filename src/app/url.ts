/**
 * Share links: an ExperimentConfig in the URL hash (docs/engine-notes.md#one-config). Three forms, all read
 * forever:
 *
 *   #preset=at-vs-awp-moons&seed=3&epochs=60      (readable: what differs from a preset or from the defaults)
 *   #v1&seed=3&data.kind=moons&model.hidden=16,16  (plain, versioned: older links; missing fields are defaults)
 *   #v1.c=<lz-string, URI-safe>                    (compressed: the whole config, when the readable form is long)
 *
 * Links are written readable when that is short and reads back to exactly the same config, compressed
 * otherwise. Any form may carry `&hide=a,b` (controls or panels hidden for an exercise, see readViewParams).
 *
 * Decoding never throws and never evaluates anything: the payload is data, parsed by the lenient config
 * parser; every field that was ignored, clamped or unknown, and every combination that had to be repaired
 * (core/config-repair.ts), comes back as a sentence for the banner.
 */
import equal from 'fast-deep-equal';
import LZString from 'lz-string';
import { type ExperimentConfig, attackDefaults, defaultConfig, parseConfig } from '../core/config';
import { distinct, readDecimal } from '../core/config-messages';
import { repairCombinations } from '../core/config-repair';
import { PRESET_GALLERY } from '../core/presets/gallery';
import { presetRuns } from '../core/presets/preset';

const LINK_VERSION = 1;
/** Longer plain links switch to the compressed form. */
const PLAIN_MAX = 400;
/** Anything longer is not read at all (a CSV of 20,000 points compresses to well under this). */
const MAX_HASH_CHARS = 2_000_000;
const MAX_WARNINGS = 25;
const FORBIDDEN_KEYS = new Set(['__proto__', 'prototype', 'constructor']);

type Json = Record<string, unknown>;

export interface DecodedLink {
  /** True when the hash held anything at all. */
  present: boolean;
  config: ExperimentConfig;
  /** What was ignored or changed, and what is used instead. Empty for a clean link. */
  warnings: string[];
}

/** Leaves of a config as dotted paths; flat lists are leaves, nested lists make it non-plain. */
function flatten(value: unknown, prefix: string, out: [string, string][]): boolean {
  if (Array.isArray(value)) {
    // Lists of numbers or of plain words (enum values); nested lists (CSV points) need the JSON form.
    if (!value.every((v) => typeof v === 'number' || (typeof v === 'string' && /^[\w.-]*$/.test(v))))
      return false;
    // A trailing comma marks a list of zero or one item, so "3," and "," read back as lists.
    out.push([prefix, value.join(',') + (value.length <= 1 ? ',' : '')]);
    return true;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value))
      if (!flatten(v, prefix ? `${prefix}.${k}` : k, out)) return false;
    return true;
  }
  out.push([prefix, String(value)]);
  return true;
}

/** The readable form `v1&a.b=1&…` of a whole config, or null if it has nested lists (CSV points). */
export function encodePlain(config: ExperimentConfig): string | null {
  const pairs: [string, string][] = [];
  if (!flatten(config, '', pairs)) return null;
  return `v${LINK_VERSION}&${pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`;
}

/** The compressed hash of a whole config: every field, so it keeps its meaning when defaults change. */
export function encodeCompressed(config: ExperimentConfig): string {
  return `v${LINK_VERSION}.c=${LZString.compressToEncodedURIComponent(JSON.stringify(config))}`;
}

/** Short names of the settings a class changes most; any other setting is written as its dotted path. */
const ALIASES: Record<string, string> = {
  epochs: 'training.epochs',
  method: 'training.method',
  batch: 'training.batchSize',
  lr: 'optimizer.lr',
  optimizer: 'optimizer.kind',
  data: 'data.kind',
  points: 'data.n',
  noise: 'data.noise',
  hidden: 'model.hidden',
  activation: 'model.activation',
};
const ALIAS_OF = Object.fromEntries(Object.entries(ALIASES).map(([k, v]) => [v, k]));

/** The bases a readable link may name: the defaults (no `preset=`) and every preset's runs. */
function readableBases(): { preset: string | null; run: number; config: ExperimentConfig }[] {
  return [
    { preset: null, run: 1, config: defaultConfig() },
    ...PRESET_GALLERY.flatMap((p) =>
      presetRuns(p).map((r, i) => ({ preset: p.id, run: i + 1, config: r.config })),
    ),
  ];
}

/** `preset=…&run=…&key=value…`: the leaves of `config` that differ from `base`, or null (nested lists). */
function readableAgainst(
  base: { preset: string | null; run: number; config: ExperimentConfig },
  config: ExperimentConfig,
) {
  const mine: [string, string][] = [];
  const theirs: [string, string][] = [];
  if (!flatten(config, '', mine) || !flatten(base.config, '', theirs)) return null;
  const was = new Map(theirs);
  const pairs = mine
    .filter(([k, v]) => was.get(k) !== v)
    .map(([k, v]) => `${ALIAS_OF[k] ?? k}=${encodeURIComponent(v)}`);
  const head = base.preset ? [`preset=${base.preset}`, ...(base.run > 1 ? [`run=${base.run}`] : [])] : [];
  return [...head, ...pairs].join('&');
}

/**
 * The readable hash of a config: what differs from the defaults or from the preset it is closest to (the
 * shortest), or null when that is longer than PLAIN_MAX or would not read back to exactly `config`.
 */
export function encodeReadable(config: ExperimentConfig): string | null {
  const candidates = readableBases()
    .map((b) => readableAgainst(b, config))
    .filter((h): h is string => h !== null)
    .sort((a, b) => a.length - b.length);
  for (const hash of candidates.slice(0, 3)) {
    if (hash.length > PLAIN_MAX) return null;
    // An empty diff still needs one pair to be a settings link (and not "no link").
    const text = hash || `seed=${config.seed}`;
    const back = decodeHash(text);
    if (!back.warnings.length && equal(back.config, config)) return text;
  }
  return null;
}

/**
 * The hash (without '#') that restores `config` exactly: readable when that is short, else every field
 * compressed (so a long link keeps its meaning when defaults change).
 */
export function encodeConfig(config: ExperimentConfig): string {
  return encodeReadable(config) ?? encodeCompressed(config);
}

const clip = (s: string, n = 60) => (s.length > n ? `${s.slice(0, n)}…` : s);

/** A plain value: number, boolean, number list, JSON, or text. */
function plainValue(raw: string, defaultAtPath: unknown): unknown {
  const text = raw.trim();
  const isNumber = (t: string) => !Number.isNaN(readDecimal(t));
  const list = (t: string) =>
    t
      .split(',')
      .filter((p) => p.trim() !== '')
      .map((p) => (isNumber(p) ? Number(p) : p.trim()));
  if (text.includes(',')) return list(text);
  if (Array.isArray(defaultAtPath)) return list(text);
  if (text === 'null') return null;
  if (isNumber(text)) return Number(text);
  if (text === 'true' || text === 'false') return text === 'true';
  return text;
}

function getAt(root: unknown, path: readonly string[]): unknown {
  let cur = root;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(cur, key)) return undefined;
    cur = (cur as Json)[key];
  }
  return cur;
}

/** Dotted paths of every leaf of a parsed JSON value (arrays are leaves). */
function leafPaths(value: unknown, prefix: string[] = [], out: string[][] = []): string[][] {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const k of Object.keys(value)) leafPaths((value as Json)[k], [...prefix, k], out);
  } else if (prefix.length) out.push(prefix);
  return out;
}

/** `a.b=1&…` into a nested object; `aliases`: short names (readable links) stand for their paths. */
function readPlain(query: string, warnings: string[], aliases = false): Json {
  const defaults = defaultConfig();
  const root: Json = {};
  const seen = new Set<string>();
  for (const pair of query.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    let key: string;
    let raw: string;
    try {
      key = decodeURIComponent(eq < 0 ? pair : pair.slice(0, eq));
      raw = eq < 0 ? '' : decodeURIComponent(pair.slice(eq + 1));
    } catch {
      warnings.push(`“${clip(pair)}” is not readable link text (broken %-encoding); it was ignored.`);
      continue;
    }
    if (eq < 0) {
      warnings.push(`“${clip(key)}” has no value; it was ignored.`);
      continue;
    }
    const path = ((aliases && ALIASES[key]) || key).split('.');
    if (path.some((p) => p === '' || FORBIDDEN_KEYS.has(p) || !/^[A-Za-z0-9_-]+$/.test(p))) {
      warnings.push(`“${clip(key)}” is not a setting name; it was ignored.`);
      continue;
    }
    if (seen.has(key)) warnings.push(`“${clip(key)}” appears more than once; the last value is used.`);
    seen.add(key);
    let cur = root;
    let clash = false;
    for (const part of path.slice(0, -1)) {
      const next = cur[part];
      if (next === undefined) cur[part] = {};
      else if (next === null || typeof next !== 'object' || Array.isArray(next)) {
        clash = true;
        break;
      }
      cur = cur[part] as Json;
    }
    const last = path[path.length - 1];
    const existing = cur[last];
    if (clash || (existing !== null && typeof existing === 'object' && !Array.isArray(existing))) {
      warnings.push(`“${clip(key)}” conflicts with another part of the link; it was ignored.`);
      continue;
    }
    cur[last] = plainValue(raw, getAt(defaults, path));
  }
  return root;
}

/** A link that could not be read: the defaults, and why. */
const fallback = (warnings: string[]): DecodedLink => ({ present: true, config: defaultConfig(), warnings });

/** Reads a location hash into a configuration. Never throws; never returns an unvalidated value. */
export function decodeHash(hash: string): DecodedLink {
  const text = hash.replace(/^#/, '');
  if (!text) return { present: false, config: defaultConfig(), warnings: [] };
  if (text.length > MAX_HASH_CHARS)
    return fallback([
      `This link is ${text.length.toLocaleString('en')} characters long, more than Basin reads (${MAX_HASH_CHARS.toLocaleString('en')}); the default settings are used.`,
    ]);
  const warnings: string[] = [];
  const m = /^v(\d{1,6})(.*)$/s.exec(text);
  if (!m && /^[A-Za-z][\w.-]*=/.test(text)) {
    const read = readReadable(text, warnings);
    if (!read) return fallback(warnings);
    return validated(read, LINK_VERSION, warnings);
  }
  if (!m)
    return fallback([
      'This is not a Basin settings link (those start with #v1); the default settings are used.',
    ]);
  const version = Number(m[1]);
  if (version !== LINK_VERSION)
    warnings.push(
      version > LINK_VERSION
        ? `This link comes from a newer Basin (link version ${version}); it is read as version ${LINK_VERSION} and anything unknown is ignored.`
        : `Link version ${version} is not one Basin knows; it is read as version ${LINK_VERSION}.`,
    );
  const rest = m[2];
  let input: unknown;
  if (rest.startsWith('.c=')) {
    let json: string | null;
    try {
      json = LZString.decompressFromEncodedURIComponent(rest.slice(3));
    } catch {
      json = null;
    }
    try {
      input = json ? JSON.parse(json) : undefined;
    } catch {
      input = undefined;
    }
    if (input === undefined)
      return fallback([
        ...warnings,
        'The compressed settings in this link could not be read (is the link cut short?); the default settings are used.',
      ]);
  } else if (rest === '' || rest.startsWith('&')) {
    input = readPlain(rest, warnings);
  } else {
    return fallback([
      ...warnings,
      `The settings in this link (“${clip(rest, 40)}”) are not in a form Basin reads; the default settings are used.`,
    ]);
  }

  return validated(input, version, warnings);
}

/** A plain object (not a list, not null). */
const isRecord = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** `base` with the leaves of `over` written over it (lists replace lists). */
function overlay(base: Json, over: Json): Json {
  const out: Json = { ...base };
  for (const [k, v] of Object.entries(over))
    out[k] = isRecord(v) && isRecord(out[k]) ? overlay(out[k] as Json, v) : v;
  return out;
}

/** The settings a readable link describes: its preset's run (or nothing: defaults) with its pairs over it. */
function readReadable(text: string, warnings: string[]): Json | null {
  const pairs = text.split('&');
  const take = (key: string) => {
    const at = pairs.findIndex((p) => p.startsWith(`${key}=`));
    return at < 0 ? null : decodeURIComponent(pairs.splice(at, 1)[0].slice(key.length + 1));
  };
  let presetId: string | null;
  let runText: string | null;
  try {
    presetId = take('preset');
    runText = take('run');
  } catch {
    warnings.push('The preset named in this link is not readable link text; the default settings are used.');
    return null;
  }
  const overrides = readPlain(pairs.join('&'), warnings, true);
  if (presetId === null) return overrides;
  const preset = PRESET_GALLERY.find((p) => p.id === presetId);
  if (!preset) {
    warnings.push(`There is no preset “${clip(presetId)}”; the default settings are used.`);
    return null;
  }
  const runs = presetRuns(preset);
  const index = runText === null ? 1 : Number(runText);
  if (!Number.isInteger(index) || index < 1 || index > runs.length)
    warnings.push(`The preset “${preset.title}” has no run “${clip(runText ?? '')}”; its first run is used.`);
  const base = runs[Number.isInteger(index) && index >= 1 && index <= runs.length ? index - 1 : 0].config;
  return overlay(base, overrides);
}

/** The checks every form of link goes through: lenient parse, unknown keys named, combinations repaired. */
function validated(input: unknown, version: number, warnings: string[]): DecodedLink {
  if (version !== LINK_VERSION && input && typeof input === 'object' && !Array.isArray(input))
    delete (input as Json).version;
  const parsed = parseConfig(input, 'lenient');
  if (!parsed.ok)
    return fallback([...warnings, ...parsed.warnings, ...parsed.errors, 'The default settings are used.']);
  warnings.push(...parsed.warnings);
  for (const path of leafPaths(input)) {
    if (path.some((p) => FORBIDDEN_KEYS.has(p)))
      warnings.push(`“${clip(path.join('.'))}” is not a setting name; it was ignored.`);
    else if (getAt(parsed.config, path) === undefined)
      warnings.push(`“${clip(path.join('.'))}” is not a setting Basin knows; it was ignored.`);
  }
  const given = (key: string) => input !== null && typeof input === 'object' && key in input;
  const repaired = repairCombinations(withDataDefaults(parsed.config, input), {
    data: given('data'),
    model: given('model'),
  });
  warnings.push(...repaired.notes);
  const shown = distinct(warnings);
  if (shown.length > MAX_WARNINGS) {
    const more = shown.length - MAX_WARNINGS;
    shown.splice(MAX_WARNINGS, more, `… and ${more} more.`);
  }
  return { present: true, config: repaired.config, warnings: shown };
}

/**
 * Settings a link leaves out take the defaults of its dataset, as choosing the dataset in the form does: the
 * attack settings of MNIST differ from those of points (ε = 0.3, evaluation K = 40).
 */
function withDataDefaults(config: ExperimentConfig, input: unknown): ExperimentConfig {
  const given = input !== null && typeof input === 'object' ? (input as Json) : {};
  const defaults = attackDefaults(config.data.kind);
  const missing = (Object.keys(defaults) as (keyof typeof defaults)[]).filter((k) => !(k in given));
  return missing.length ? { ...config, ...Object.fromEntries(missing.map((k) => [k, defaults[k]])) } : config;
}

/** A lesson step's link: `#lesson=<lesson id>&step=<step id>` (ids are URL-safe, core/lessons URL_ID). */
export interface LessonLink {
  lesson: string;
  /** null: the lesson's first step. */
  step: string | null;
}

const LESSON_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** The hash (without '#') of a lesson step. */
export function encodeLessonLink(link: LessonLink): string {
  return `lesson=${link.lesson}${link.step ? `&step=${link.step}` : ''}`;
}

/**
 * The lesson and step a hash names, or null when the hash is not a lesson link (then it is a config link
 * for `decodeHash`). Ids that are not URL-safe make it null too; whether they exist is the caller's check.
 */
export function decodeLessonLink(hash: string): LessonLink | null {
  const text = hash.replace(/^#/, '');
  if (!text.startsWith('lesson=')) return null;
  const params = new URLSearchParams(text);
  const lesson = params.get('lesson') ?? '';
  const step = params.get('step');
  if (!LESSON_ID.test(lesson) || (step !== null && !LESSON_ID.test(step))) return null;
  return { lesson, step };
}

/**
 * What a link asks the page to leave out for an exercise: `&hide=controls,landscape-2d` (any form of link,
 * lesson links too; names are the layout's parts or panel ids). Returns the hash without it.
 */
export function readViewParams(hash: string): { hash: string; hide: string[] } {
  const text = hash.replace(/^#/, '');
  const pairs = text.split('&');
  const at = pairs.findIndex((p) => p.startsWith('hide='));
  if (at < 0) return { hash: text, hide: [] };
  const [pair] = pairs.splice(at, 1);
  let raw: string;
  try {
    raw = decodeURIComponent(pair.slice('hide='.length));
  } catch {
    raw = '';
  }
  const hide = raw.split(',').filter((h) => /^[a-z0-9-]+$/.test(h));
  return { hash: pairs.join('&'), hide };
}

/** The hash with its exercise's hidden parts appended (none: unchanged). */
export function withHide(hash: string, hide: readonly string[]): string {
  return hide.length ? `${hash}&hide=${hide.join(',')}` : hash;
}

/**
 * `?embed` (the first panel of the picture) or `?embed=<panel id | stage>`: a page for an iframe in slides, no
 * chrome. null: the whole page.
 */
export function readEmbed(search: string): string | null {
  const value = new URLSearchParams(search).get('embed');
  if (value === null) return null;
  return /^[a-z0-9-]*$/.test(value) ? value : '';
}

/** This page's address with another hash (and `?embed` set or left out): links work from any host or path. */
export function pageUrl(hash: string, options: { embed?: string | null; base?: string } = {}): string {
  const url = new URL(options.base ?? window.location.href);
  url.searchParams.delete('embed');
  if (options.embed !== undefined && options.embed !== null) url.searchParams.set('embed', options.embed);
  url.search = url.search.replace(/=(&|$)/, '$1');
  url.hash = hash;
  return url.toString();
}
