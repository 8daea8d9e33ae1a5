/**
 * Builds a run's dataset inside the worker. MNIST bytes are fetched once from wherever the app is served
 * (public/mnist-10k.bin.gz, built by `npm run data`) and inflated here (docs/engine-notes.md#the-mnist-asset).
 */
import type { ExperimentConfig } from '../core/config';
import type { Dataset } from '../core/data/dataset';
import { MNIST_ASSET } from '../core/data/mnist';
import { loadDataset } from '../core/data/registry';

let mnistCache: Promise<Uint8Array> | null = null;

/**
 * Where public/ is served. The build uses relative URLs (it may live under any sub-path) and puts this
 * worker in <app>/assets/, so the app's folder is one up from the worker's own URL; the dev server serves
 * the app at the root.
 */
function mnistUrl(): URL {
  // Through a variable: Vite rewrites `new URL(<template>, import.meta.url)` as an asset glob.
  const worker = import.meta.url;
  return import.meta.env.DEV
    ? new URL(`/${MNIST_ASSET}`, self.location.origin)
    : new URL(`../${MNIST_ASSET}`, worker);
}

/** The shipped 10k MNIST asset, inflated (cached for the worker's life). */
function mnistBytes(): Promise<Uint8Array> {
  mnistCache ??= (async () => {
    const url = mnistUrl();
    const res = await fetch(url);
    if (!res.ok) throw new Error(`MNIST asset ${url.pathname}: HTTP ${res.status} (run \`npm run data\`)`);
    const raw = new Uint8Array(await res.arrayBuffer());
    // Some servers already decoded the gzip (Content-Encoding); only inflate real gzip bytes.
    if (raw[0] !== 0x1f || raw[1] !== 0x8b) return raw;
    const stream = new Blob([raw]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  })();
  mnistCache.catch(() => (mnistCache = null));
  return mnistCache;
}

export function buildDataset(config: ExperimentConfig): Promise<Dataset> {
  return loadDataset(config, { mnistBytes });
}
