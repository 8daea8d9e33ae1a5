/**
 * Builds a run's dataset inside the worker. MNIST bytes are fetched once from the app's own origin
 * (public/mnist-10k.bin.gz, built by `npm run data`) and inflated here (docs/engine-notes.md#the-mnist-asset).
 */
import type { ExperimentConfig } from '../core/config';
import type { Dataset } from '../core/data/dataset';
import { MNIST_ASSET } from '../core/data/mnist';
import { loadDataset } from '../core/data/registry';

let mnistCache: Promise<Uint8Array> | null = null;

/** The shipped 10k MNIST asset, inflated (cached for the worker's life). */
export function mnistBytes(): Promise<Uint8Array> {
  mnistCache ??= (async () => {
    const url = new URL(`${import.meta.env.BASE_URL}${MNIST_ASSET}`, self.location.origin);
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
