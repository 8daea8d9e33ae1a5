/**
 * The UI's handle on the engine worker. The worker is a module worker built by Vite; Comlink carries the
 * commands, and one proxied callback receives the batched events (docs/engine-notes.md#workers-and-vite). No tfjs here.
 */
import * as Comlink from 'comlink';
import type { EngineApi, EventBatch, LoadedRun } from '../worker/protocol';
import { testHooks } from './test-hooks';

export interface Engine {
  api: Comlink.Remote<EngineApi>;
  /** A fresh run id: register the run in the store under it before sending the command. */
  nextId(): number;
  /** Sends a loaded run's parameters to the worker (transferred, not copied). */
  load(id: number, run: LoadedRun): Promise<void>;
  terminate(): void;
}

export function startEngine(
  onBatch: (batch: EventBatch) => void,
  onError: (message: string) => void,
): Engine {
  const worker = new Worker(new URL('../worker/engine.worker.ts', import.meta.url), { type: 'module' });
  worker.addEventListener('error', (e) =>
    onError(`The engine worker failed: ${e.message || 'unknown error'}`),
  );
  const api = Comlink.wrap<EngineApi>(worker);
  void api.subscribe(Comlink.proxy(onBatch));
  const hooks = testHooks();
  if (hooks) hooks.simulateDeviceLoss = () => api.simulateDeviceLoss();
  let counter = 0;
  return {
    api,
    nextId: () => ++counter,
    load(id, run) {
      const buffers = [...run.params, ...(run.snapshots ?? []).flat()].map((p) => p.buffer);
      return api.loadParams(id, Comlink.transfer(run, buffers));
    },
    terminate() {
      api[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}
