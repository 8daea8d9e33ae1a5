/** The shipped MNIST asset read from disk, for tests, the benchmark and the headless runner. */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { MNIST_ASSET } from '../core/data/mnist';
import type { DataSources } from '../core/data/registry';

const MNIST_ASSET_PATH = fileURLToPath(new URL(`../../public/${MNIST_ASSET}`, import.meta.url));

let cached: Promise<Uint8Array> | null = null;

/** Reads and inflates public/mnist-10k.bin.gz once per process (7.85 MB). */
export function readMnistAsset(): Promise<Uint8Array> {
  cached ??= readFile(MNIST_ASSET_PATH).then(
    (gz) => new Uint8Array(gunzipSync(gz)),
    (err: NodeJS.ErrnoException) => {
      cached = null;
      throw new Error(
        err.code === 'ENOENT'
          ? `${MNIST_ASSET_PATH} does not exist: build it with \`npm run data\``
          : `cannot read ${MNIST_ASSET_PATH}: ${err.message}`,
      );
    },
  );
  return cached;
}

/** The data sources of a Node host. */
export const nodeDataSources: DataSources = { mnistBytes: readMnistAsset };
