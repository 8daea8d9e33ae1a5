/**
 * The UI's handle on the engine worker. The worker is a module worker built by Vite; Comlink carries the
 * commands, and the worker's batched events arrive on the same port (so a command's answer never overtakes
 * them) and go straight into the store (docs/engine-notes.md#workers-and-vite). No tfjs here.
 */
import * as Comlink from 'comlink';
import type { ExperimentConfig } from '../core/config';
import type { AnalysisRecord } from '../core/events';
import { type ConfigChange, classifyChange } from '../core/lab/config-change';
import type { BatchMessage, EngineApi, LoadedRun } from '../worker/protocol';
import { type Store, currentRun, lastMetrics } from './store/runs';
import { testHooks } from './test-hooks';

export interface Engine {
  api: Comlink.Remote<EngineApi>;
  /** A fresh run id: register the run in the store under it before sending the command. */
  nextId(): number;
  /** Registers a new run in the store and creates it in the engine (not trained yet); its id. */
  create(config: ExperimentConfig, label?: string): number;
  /** Sends a loaded run's parameters to the worker (transferred, not copied). */
  load(id: number, run: LoadedRun): Promise<void>;
  /**
   * Runs an analysis on the current run; resolves once, with its record already in the store (null: failed).
   * `reuse`: a record the run has at this epoch with these settings is returned instead of computing again.
   */
  analyse(id: string, settings: unknown, reuse?: boolean): Promise<AnalysisRecord | null>;
  /**
   * Changed settings: when only the epochs grew, the current run trains on from where it is (weights and
   * optimiser state); any other change starts a new run. The store's `change` says which, in words.
   */
  apply(config: ExperimentConfig, label?: string): Promise<ConfigChange>;
  /** "+n epochs": the current run trains n epochs more. */
  continueBy(epochs: number): Promise<ConfigChange>;
  terminate(): void;
}

const isBatch = (data: unknown): data is BatchMessage =>
  typeof data === 'object' && data !== null && (data as { kind?: unknown }).kind === 'basin-batch';

export function startEngine(store: Store): Engine {
  const worker = new Worker(new URL('../worker/engine.worker.ts', import.meta.url), { type: 'module' });
  const onError = (message: string) => store.dispatch({ type: 'engineError', message });
  worker.addEventListener('error', (e) =>
    onError(`The engine worker failed: ${e.message || 'unknown error'}`),
  );
  worker.addEventListener('message', (e: MessageEvent<unknown>) => {
    if (isBatch(e.data)) store.dispatch({ type: 'batch', batch: e.data.batch, now: performance.now() });
  });
  const api = Comlink.wrap<EngineApi>(worker);
  const hooks = testHooks();
  if (hooks) hooks.simulateDeviceLoss = () => api.simulateDeviceLoss();
  // Before the first run is created: Comlink delivers the calls in order.
  if (hooks?.measureSoftwareGpus) void api.measureSoftwareGpus();
  let counter = 0;
  const engine: Engine = {
    api,
    nextId: () => ++counter,
    create(config, label) {
      const id = engine.nextId();
      store.dispatch({ type: 'runCreated', id, config, label: label ?? `run ${id}` });
      void api.create(id, config);
      return id;
    },
    load(id, run) {
      const buffers = [...run.params, ...(run.snapshots ?? []).flat()].map((p) => p.buffer);
      return api.loadParams(id, Comlink.transfer(run, buffers));
    },
    async analyse(id, settings, reuse = false) {
      const done = await api.runAnalysis(id, settings, reuse);
      if (done) store.dispatch({ type: 'analysisDone', ...done });
      return done?.record ?? null;
    },
    async apply(config, label) {
      const run = currentRun(store.get());
      const trainable =
        run && run.source === 'live' && ['idle', 'running', 'paused', 'done'].includes(run.status);
      // Decided here, synchronously, so a new run is in the store before the next change of the form is
      // made from it (two quick edits must not lose the first); only continuing needs the worker.
      let change: ConfigChange = trainable
        ? classifyChange(run.config, config, lastMetrics(run)?.epoch ?? 0)
        : { kind: 'restart', changed: [], message: 'New run.' };
      if (change.kind === 'continue') change = await api.reconfigure(config);
      if (change.kind === 'restart') engine.create(config, label);
      if (change.kind === 'continue' || (change.kind === 'restart' && change.changed.length))
        store.dispatch({ type: 'configChange', runId: currentRun(store.get())?.id ?? -1, change });
      return change;
    },
    async continueBy(epochs) {
      const run = currentRun(store.get());
      if (!run) return { kind: 'same' };
      const training = { ...run.config.training, epochs: run.config.training.epochs + epochs };
      const change = await engine.apply({ ...run.config, training }, run.label);
      if (change.kind === 'continue') await api.play();
      return change;
    },
    terminate() {
      api[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
  return engine;
}
