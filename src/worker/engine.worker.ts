/**
 * The engine worker: a thin adapter over the core Lab (which holds the current and the kept runs). The UI sends
 * commands (Comlink) and receives batched, plain-data events (docs/engine-notes.md#commands-in-events-out);
 * this file adds what only a page needs: the outbox, the session (pictures, what the user asked for) and
 * the recovery from a lost WebGPU device. Lifecycle commands (create, reset, load, activate, cancel) run one
 * at a time; play / pause / step act on the current run directly so they are never stuck behind one.
 */
import * as Comlink from 'comlink';
import * as tf from '../core/tf';
import type { ExperimentConfig } from '../core/config';
import type { Dataset } from '../core/data/dataset';
import type { EngineEvent } from '../core/events';
import { buildBundle } from '../core/bundle';
import { checkRecord } from '../core/lab/check-record';
import { classifyChange } from '../core/lab/config-change';
import { Lab, type LabRun } from '../core/lab/lab';
import { buildModel } from '../core/models/registry';
import type { RunRecord, Runner } from '../core/train/runner';
import { markBroken, selectBackend, setMeasureSoftwareGpus, webgpuDevice } from './backend';
import { buildDataset } from './datasets';
import { GridPool, landscapeWorkers } from './grid-pool';
import { Outbox } from './outbox';
import { Session } from './session';
import { attachTeachers } from './teachers';
import type { BackendReport, EngineApi } from './protocol';

const outbox = new Outbox((message, transfer) => self.postMessage(message, { transfer }));

/** The backend the lab's newest run got (read when its runner reports `started`). */
let chosen: BackendReport | null = null;

const lab = new Lab({
  dataset: buildDataset,
  async backend(config, dataset) {
    const model = buildModel(config.model, dataset);
    chosen = await selectBackend(config.backend, { model, batchSize: config.training.batchSize });
    chosen.landscapeWorkers = landscapeWorkers(config.landscapeWorkers ?? 'auto', chosen.name);
    watchDevice();
    return chosen.name;
  },
  // Started the first time a landscape is computed on cpu/wasm, then kept for the session.
  helpers: new GridPool(),
});

let session: Session | null = null;
let lifecycle: Promise<unknown> = Promise.resolve();

/** Runs lifecycle commands one after another. */
function serial<T>(fn: () => Promise<T>): Promise<T> {
  const next = lifecycle.then(fn);
  lifecycle = next.catch(() => undefined);
  return next;
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Replaces the session: the new one is shown from its runner's first event on. */
async function begin(
  runId: number,
  dataset: Dataset,
  start: (emit: (e: EngineEvent) => void) => Promise<LabRun>,
): Promise<Session> {
  session?.retire();
  const s = new Session(runId, dataset, outbox, () =>
    lab.current?.id === runId ? lab.current.runner : null,
  );
  session = s;
  await start((e) => s.forward(e, chosen, webgpuDevice()));
  s.painter.request(true);
  void s.painter.initialMetrics();
  return s;
}

async function end(keep = true): Promise<void> {
  session?.retire();
  session = null;
  await lab.end(keep);
}

async function createRun(runId: number, config: ExperimentConfig): Promise<void> {
  try {
    const dataset = await buildDataset(config);
    await begin(runId, dataset, (emit) => lab.create(runId, config, emit, dataset));
  } catch (err) {
    outbox.push(runId, { type: 'error', message: errorText(err) });
  }
}

/**
 * Makes a run with known parameters the current session (a loaded bundle, or a kept run made current again):
 * no training, its record continues. Refused before the current run is touched when the parameters do not
 * fit the model its config describes.
 */
async function resumeRun(runId: number, record: RunRecord, dataset?: Dataset): Promise<Session | null> {
  const data = dataset ?? (await buildDataset(record.config));
  await checkRecord(record, data);
  try {
    const s = await begin(runId, data, (emit) => lab.resume(runId, record, emit, data));
    const { epoch, history, analyses } = record;
    s.post({ type: 'resumed', epoch, history, analyses });
    s.post({ type: 'restored', epoch });
    return s;
  } catch (err) {
    outbox.push(runId, { type: 'error', message: errorText(err) });
    return null;
  }
}

const watchedDevices = new WeakSet<object>();

/** Attaches our own device-lost handler (tfjs has none; docs/engine-notes.md#webgpu-pitfalls). */
function watchDevice(): void {
  const device = webgpuDevice();
  if (!device || watchedDevices.has(device)) return;
  watchedDevices.add(device);
  void device.lost.then((info) => {
    // Silence the run on the dead device at once; its failing reads must not reach the UI as errors.
    if (session?.backend?.name === 'webgpu') session.live = false;
    return serial(() => recoverFromDeviceLoss(info.message || info.reason || 'unknown'));
  });
}

async function recoverFromDeviceLoss(message: string): Promise<void> {
  markBroken('webgpu', `the WebGPU device was lost (${message})`);
  const s = session;
  const current = lab.current;
  try {
    tf.removeBackend('webgpu');
  } catch {
    // Already gone.
  }
  if (!s || s.backend?.name !== 'webgpu' || current?.id !== s.runId) return;
  // The CPU copy of the weights after the last finished epoch, read back at every epoch's end.
  const { epoch, values } = current.runner.lastFiniteParams;
  const record = current.runner.record(values, epoch);
  await end(false);
  const next = await resumeRun(s.runId, record, current.dataset);
  const runner = next?.runner;
  if (!next?.backend || !runner) return;
  next.backend = {
    ...next.backend,
    reason: `the WebGPU device was lost (${message}); continued on ${next.backend.name} from epoch ${epoch}`,
  };
  next.post({
    type: 'backendChanged',
    backend: next.backend,
    message: `The WebGPU device was lost (${message}). Training continues on ${next.backend.name} from the weights after epoch ${epoch}; the optimiser state was reset.`,
  });
  next.intent = s.intent;
  if (s.intent === 'play') void runner.play();
  else if (s.intent === 'step') void runner.stepEpoch();
}

function current(): { s: Session; runner: Runner } {
  const runner = session?.runner;
  if (!session || !runner) throw new Error('No run yet: create one first');
  return { s: session, runner };
}

const api: EngineApi = {
  async info() {
    return {
      tfjsVersion: tf.version_core,
    };
  },
  create: (runId, config) => serial(() => createRun(runId, config)),
  async train(runId, config) {
    await serial(() => createRun(runId, config));
    if (session?.runId !== runId) return 'idle';
    const { s, runner } = current();
    s.intent = 'play';
    await runner.play();
    outbox.flush();
    return runner.state;
  },
  trained: async (config) => lab.trained(config),
  async reconfigure(config) {
    const { s, runner } = current();
    const change = classifyChange(runner.config, config, runner.trainer.epoch);
    if (change.kind === 'continue') {
      runner.continueTo(change.to);
      s.post({ type: 'extended', epochs: change.to });
      outbox.flush();
    }
    return change;
  },
  async play() {
    const { s, runner } = current();
    s.intent = 'play';
    void runner.play();
  },
  async pause() {
    const { s, runner } = current();
    s.intent = 'idle';
    runner.pause();
  },
  async stepEpoch() {
    const { s, runner } = current();
    s.intent = 'step';
    void runner.stepEpoch().then(() => {
      if (s.intent === 'step') s.intent = 'idle';
    });
  },
  reset: (runId) => api.create(runId, current().runner.config),
  cancel: () => serial(() => end()),
  attachTeachers: (teachers) =>
    serial(async () => {
      const { s, runner } = current();
      return attachTeachers(lab, s, runner, teachers);
    }),
  async runAnalysis(id, settings, reuse) {
    const { s, runner } = current();
    try {
      const record = await runner.analyse(id, settings, reuse);
      return { runId: s.runId, record };
    } catch (err) {
      s.post({ type: 'error', message: `${id}: ${errorText(err)}` });
      return null;
    } finally {
      outbox.flush(); // the progress events first, then the answer
    }
  },
  async restoreLastFinite() {
    const { s, runner } = current();
    runner.restoreLastFinite();
    s.post({ type: 'restored', epoch: runner.trainer.epoch });
    s.painter.request(true);
  },
  async exportBundle() {
    const { runner } = current();
    return JSON.stringify(await buildBundle(runner, { includeSnapshots: runner.config.training.snapshots }));
  },
  loadParams: (runId, run) => serial(async () => void (await resumeRun(runId, run))),
  activate: (runId) =>
    serial(async () => {
      if (session?.runId === runId) return true;
      const record = lab.record(runId);
      return record !== undefined && (await resumeRun(runId, record)) !== null;
    }),
  async simulateDeviceLoss() {
    const device = webgpuDevice();
    if (!device) return false;
    device.destroy();
    return true;
  },
  async measureSoftwareGpus() {
    setMeasureSoftwareGpus(true);
  },
};

Comlink.expose(api);
