/**
 * The engine worker's landscape workers (docs/engine-notes.md#landscape-workers): on cpu/wasm a surface's
 * chunks are also computed by other workers, each on one thread, so a landscape uses the cores tfjs-wasm's
 * own thread pool leaves idle. Started the first time a surface asks for them, then kept; a worker that
 * fails is let go and the grid goes on without it.
 */
import * as Comlink from 'comlink';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '../core/tf';
import type {
  ChunkEvaluator,
  HelperSession,
  LandscapeWorkers,
  PointEvaluatorPool,
  SurfaceJob,
} from '../core/analysis/point-eval-pool';
import { LANDSCAPE_WORKERS_MAX } from '../core/config';
import type { GridWorkerApi } from './protocol';

/** A worker that has not answered its first surface by then is given up (loading wasm takes about a second). */
const START_TIMEOUT_MS = 30_000;

/**
 * How many workers compute a landscape on `backend`, the engine's included: the setting, or (auto) one
 * per logical core the engine's own threads leave free. 1 on GPU backends (their work is on the GPU).
 */
export function landscapeWorkers(setting: LandscapeWorkers, backend: string): number {
  if (backend !== 'wasm' && backend !== 'cpu') return 1;
  const own = backend === 'wasm' ? getThreadsCount() : 1;
  const wanted = setting === 'auto' ? (navigator.hardwareConcurrency || 1) - own + 1 : setting;
  return Math.max(1, Math.min(LANDSCAPE_WORKERS_MAX, wanted));
}

interface Helper {
  remote: Comlink.Remote<GridWorkerApi>;
  worker: Worker;
  /** Rejects when the worker reports an error (e.g. its script did not load). */
  died: Promise<never>;
  busy: boolean;
  failed: boolean;
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

function spawn(): Helper {
  const worker = new Worker(new URL('./grid.worker.ts', import.meta.url), { type: 'module' });
  const died = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (e) => reject(new Error(e.message || 'its script did not load')));
    worker.addEventListener('messageerror', () => reject(new Error('a message to it could not be read')));
  });
  died.catch(() => undefined);
  return { remote: Comlink.wrap<GridWorkerApi>(worker), worker, died, busy: false, failed: false };
}

/** `work`, or an error once `ms` have passed (the timer is cleared either way). */
async function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`it did not start within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

export class GridPool implements PointEvaluatorPool {
  private helpers: Helper[] = [];
  /** Why landscape workers are off for this session (one failed to start), or null. */
  private broken: string | null = null;

  async open(job: SurfaceJob, setting: LandscapeWorkers): Promise<HelperSession> {
    const backend = tf.getBackend();
    const wanted = landscapeWorkers(setting, backend) - 1;
    if (wanted === 0 || (backend !== 'wasm' && backend !== 'cpu')) return session([], null);
    if (this.broken) return session([], `landscape workers are off: ${this.broken}`);
    while (this.helpers.length < wanted) this.helpers.push(spawn());
    const lent = this.helpers.filter((h) => !h.busy).slice(0, wanted);
    for (const h of lent) h.busy = true;
    const started = await Promise.allSettled(
      lent.map((h) => within(Promise.race([h.remote.open(job, backend), h.died]), START_TIMEOUT_MS)),
    );
    const errors = started.flatMap((r) => (r.status === 'rejected' ? [errorText(r.reason)] : []));
    const ready = lent.filter((h, i) => {
      if (started[i].status === 'fulfilled') return true;
      this.drop(h);
      return false;
    });
    if (errors.length) this.broken = `a landscape worker could not start (${errors[0]})`;
    const missing = wanted - ready.length;
    const note = errors.length
      ? `${errors.length} of ${wanted} landscape workers could not start (${errors[0]})`
      : missing > 0
        ? `${missing} of ${wanted} landscape workers were busy with another picture`
        : null;
    const evaluators: ChunkEvaluator[] = ready.map((h) => ({
      evaluate: async (coeffs) => {
        try {
          return await Promise.race([h.remote.evaluate(coeffs.map((c) => [...c])), h.died]);
        } catch (err) {
          h.failed = true;
          throw err;
        }
      },
    }));
    return session(evaluators, note, () => {
      for (const h of ready) {
        if (h.failed) this.drop(h);
        else
          void h.remote.close().then(
            () => (h.busy = false),
            () => this.drop(h),
          );
      }
    });
  }

  private drop(h: Helper): void {
    h.worker.terminate();
    this.helpers = this.helpers.filter((x) => x !== h);
  }
}

function session(helpers: ChunkEvaluator[], note: string | null, close = () => undefined): HelperSession {
  return { helpers, note, close };
}
