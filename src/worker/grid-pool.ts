/**
 * The engine worker's landscape workers (docs/engine-notes.md#landscape-workers): on cpu/wasm a surface's
 * chunks are also computed by other workers, each on one thread, so a landscape uses the cores tfjs-wasm's
 * own thread pool leaves idle. Started the first time a surface asks for them, then kept, each serving one
 * surface at a time; a worker that fails or hangs is let go (the grid goes on without it) and started
 * again for the next surface.
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
import { beforeTimeout } from '../core/timeout';
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

/** A started landscape worker. */
interface Running {
  remote: Comlink.Remote<GridWorkerApi>;
  worker: Worker;
  /** Rejects when the worker reports an error (e.g. its script did not load). */
  died: Promise<never>;
}

/** A place for one landscape worker: the worker (null until started, or once let go) and its turn. */
interface Slot {
  running: Running | null;
  /** Resolves when the surface it is lent to has let it go. */
  free: Promise<void>;
}

/** How long a surface's close waits for a worker's answers still under way before letting the worker go. */
const CLOSE_GRACE_MS = 10_000;

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

function spawn(): Running {
  const worker = new Worker(new URL('./grid.worker.ts', import.meta.url), { type: 'module' });
  const died = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (e) => reject(new Error(e.message || 'its script did not load')));
    worker.addEventListener('messageerror', () => reject(new Error('a message to it could not be read')));
  });
  died.catch(() => undefined);
  return { remote: Comlink.wrap<GridWorkerApi>(worker), worker, died };
}

/** `work`, or an error saying what did not happen in `ms`. */
const within = <T>(work: Promise<T>, ms: number, what: string) =>
  beforeTimeout(work, ms, () => {
    throw new Error(`${what} within ${ms / 1000} s`);
  });

export class GridPool implements PointEvaluatorPool {
  private slots: Slot[] = [];
  /** Why landscape workers are off for this session (one failed to start), or null. */
  private broken: string | null = null;

  async open(job: SurfaceJob, setting: LandscapeWorkers): Promise<HelperSession> {
    const backend = tf.getBackend();
    const wanted = landscapeWorkers(setting, backend) - 1;
    if (wanted === 0 || (backend !== 'wasm' && backend !== 'cpu')) return session([], null);
    if (this.broken) return session([], `landscape workers are off: ${this.broken}`);
    while (this.slots.length < wanted) this.slots.push({ running: null, free: Promise.resolve() });
    // Each slot's turn: this surface waits for the last one to let it go (the grid starts without the
    // workers meanwhile, and they join when ready).
    const turns = this.slots.slice(0, wanted).map((slot) => {
      const previous = slot.free;
      let release = () => undefined as void;
      slot.free = new Promise<void>((resolve) => (release = resolve));
      return { slot, previous, release };
    });
    const started = await Promise.allSettled(
      turns.map(async ({ slot, previous }) => {
        await previous;
        const running = (slot.running ??= spawn());
        await within(
          Promise.race([running.remote.open(job, backend), running.died]),
          START_TIMEOUT_MS,
          'it did not start',
        );
        return running;
      }),
    );
    const errors = started.flatMap((r) => (r.status === 'rejected' ? [errorText(r.reason)] : []));
    if (errors.length) this.broken = `a landscape worker could not start (${errors[0]})`;
    const lent = turns.flatMap(({ slot, release }, i) => {
      const r = started[i];
      if (r.status === 'fulfilled') return [this.lend(slot, r.value, release)];
      this.letGo(slot, slot.running);
      release();
      return [];
    });
    return session(
      lent.map((l) => l.evaluator),
      errors.length ? `${errors.length} of ${wanted} landscape workers could not start (${errors[0]})` : null,
      () => lent.forEach((l) => l.close()),
    );
  }

  /** A started worker's evaluator for one surface, and its close (which hands the slot to the next surface). */
  private lend(slot: Slot, running: Running, release: () => void) {
    /** This surface's requests still under way, and whether one failed. */
    const pending = new Set<Promise<unknown>>();
    let failed = false;
    const evaluator: ChunkEvaluator = {
      evaluate: async (coeffs) => {
        const answer = Promise.race([running.remote.evaluate(coeffs.map((c) => [...c])), running.died]);
        pending.add(answer);
        try {
          return await answer;
        } catch (err) {
          failed = true;
          throw err;
        } finally {
          pending.delete(answer);
        }
      },
    };
    // Its copy of the surface is freed once its answers are in; a worker that failed, or has not answered
    // by then (a grid stops waiting for a late worker), is let go.
    const close = () =>
      void within(Promise.all([...pending]), CLOSE_GRACE_MS, 'it did not finish')
        .then(() => {
          if (failed) throw new Error('it failed');
          // Sent before anything the next surface sends it, so done first.
          void running.remote.close().catch(() => this.letGo(slot, running));
        })
        .catch(() => this.letGo(slot, running))
        .finally(release);
    return { evaluator, close };
  }

  /** Stops `running` if it is still the slot's worker (the slot starts a new one when next lent). */
  private letGo(slot: Slot, running: Running | null): void {
    if (!running || slot.running !== running) return;
    running.worker.terminate();
    slot.running = null;
  }
}

function session(
  helpers: ChunkEvaluator[],
  note: string | null,
  close: () => void = () => undefined,
): HelperSession {
  return { helpers, note, close };
}
