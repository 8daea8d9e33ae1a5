/**
 * Builds a run's dataset inside the worker. MNIST bytes are fetched once from the app's own origin
 * (public/mnist-10k.bin.gz, built by `npm run data`) and inflated here (TECH-NOTES §7).
 */
import type { ExperimentConfig } from '../core/config';
import type { Dataset } from '../core/data/dataset';
import { splitRows } from '../core/data/dataset';
import { moonsDataset } from '../core/data/moons';
import { Rng } from '../core/rng';

let mnistCache: Promise<Uint8Array> | null = null;

/** The shipped 10k MNIST asset, inflated (cached for the worker's life). */
export function mnistBytes(): Promise<Uint8Array> {
  mnistCache ??= (async () => {
    const url = new URL(`${import.meta.env.BASE_URL}mnist-10k.bin.gz`, self.location.origin);
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

export async function buildDataset(config: ExperimentConfig): Promise<Dataset> {
  const data = config.data;
  switch (data.kind) {
    case 'moons':
      return moonsDataset(data, config.seed);
    case 'csv': {
      const n = data.points.length;
      const x = new Float32Array(n * 2);
      const y = new Int32Array(n);
      data.points.forEach(([a, b, label], i) => {
        x[2 * i] = a;
        x[2 * i + 1] = b;
        y[i] = label;
      });
      const rng = Rng.stream(config.seed, 'data', 'csv');
      return {
        name: `${data.name} (${n} points)`,
        inputShape: [2],
        numClasses: Math.max(2, ...y) + 1 > 10 ? 10 : Math.max(1, ...y) + 1,
        inputRange: null,
        ...splitRows(x, y, 2, data.testFraction, rng.permutation(n)),
      };
    }
    case 'mnist':
      await mnistBytes();
      throw new Error('MNIST is not wired into this build yet');
  }
}
