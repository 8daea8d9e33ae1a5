/**
 * The engine worker: owns tfjs and the core Runner; the UI sends commands (Comlink) and receives batched,
 * plain-data events (docs/engine-notes.md#commands-in-events-out). Lifecycle commands (create, reset, load, cancel) run one at a time;
 * play / pause / step act on the current run directly so they are never stuck behind a long command.
 */
import * as Comlink from 'comlink';
import * as tf from '../core/tf';
import type { ExperimentConfig } from '../core/config';
import type { Dataset } from '../core/data/dataset';
import type { EngineEvent } from '../core/events';
import { ANALYSES } from '../core/analysis/registry';
import { buildModel } from '../core/models/registry';
import type { Model } from '../core/models/model';
import { type ParamValues, toTensors } from '../core/params';
import { exampleSize } from '../core/data/dataset';
import { METHODS } from '../core/train/registry';
import { type TeacherRun, attachTeacherRuns } from '../core/train/mtard-teachers';
import { Runner } from '../core/train/runner';
import { buildBundle } from '../core/bundle';
import { markBroken, selectBackend, webgpuDevice } from './backend';
import { buildDataset } from './datasets';
import type { BackendReport, EngineApi, EngineInfo, EventBatch, LoadedRun, UiEvent } from './protocol';
import {
  computeBoundary,
  computeGallery,
  datasetView,
  isImage,
  visualInputs,
  type VisualInputs,
} from './visuals';

/**
 * At most one message to the UI per this many ms (the eye needs at most 20/s; 10/s reads as live and leaves
 * CPU for the page's own rendering on machines that composite in software).
 */
const FLUSH_MS = 100;
/** Visual refreshes while training: the boundary is cheap, the MNIST gallery is 2,000 forward passes. */
const BOUNDARY_EVERY_MS = 200;
const GALLERY_EVERY_MS = 1000;

type Listener = (batch: EventBatch) => void;

/** Batches events per run; keeps only the latest progress / boundary / gallery of a batch. */
class Outbox {
  private runId = -1;
  private events: UiEvent[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private last = 0;
  listener: Listener | null = null;

  push(runId: number, event: UiEvent): void {
    if (runId !== this.runId) {
      this.flush();
      this.runId = runId;
    }
    if (event.type === 'progress' || event.type === 'boundary' || event.type === 'gallery') {
      const i = this.events.findIndex((e) => e.type === event.type);
      if (i >= 0) this.events.splice(i, 1);
    }
    this.events.push(event);
    if (!this.timer)
      this.timer = setTimeout(() => this.flush(), Math.max(0, FLUSH_MS - (performance.now() - this.last)));
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.events.length) return;
    const batch: EventBatch = { runId: this.runId, events: this.events };
    this.events = [];
    this.last = performance.now();
    const transfer: Transferable[] = [];
    for (const e of batch.events) {
      if (e.type === 'boundary')
        transfer.push(e.grid.probs.buffer, e.grid.predTrain.buffer, e.grid.predTest.buffer);
      if (e.type === 'gallery') transfer.push(e.gallery.pixels.buffer);
      if (e.type === 'started' && e.dataset.points) {
        const p = e.dataset.points;
        transfer.push(p.xTrain.buffer, p.yTrain.buffer, p.xTest.buffer, p.yTest.buffer);
      }
    }
    this.listener?.(Comlink.transfer(batch, transfer));
  }
}

const outbox = new Outbox();

interface Session {
  runId: number;
  config: ExperimentConfig;
  dataset: Dataset;
  backend: BackendReport;
  runner: Runner;
  visuals: VisualInputs | null;
  /** False once the session is replaced: late events of its runner are dropped. */
  live: boolean;
  /** The WebGPU device the run is on, if any. */
  device: GPUDevice | null;
  /** What the user last asked for; a run that lost its device resumes it elsewhere. */
  intent: 'play' | 'step' | 'idle';
  viz: { busy: boolean; dirty: boolean; lastBoundary: number; lastGallery: number };
  /** Stops MTARD distillation from the teachers attached to this run, if any. */
  detachTeachers?: () => void;
}

let session: Session | null = null;
let lifecycle: Promise<unknown> = Promise.resolve();

/**
 * Runs that are no longer the current session, by id: their parameters and record, so a comparison can
 * analyse them again (`activate`) without retraining. The UI's store keeps at most this many runs too.
 */
const KEPT_RUNS = 8;
const kept = new Map<number, LoadedRun>();

/** Runs lifecycle commands one after another. */
function serial<T>(fn: () => Promise<T>): Promise<T> {
  const next = lifecycle.then(fn);
  lifecycle = next.catch(() => undefined);
  return next;
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** On WebGPU an error may be the first sign of a lost device: wait this long for `device.lost` before showing it. */
const GPU_ERROR_GRACE_MS = 2000;

function post(s: Session, event: UiEvent): void {
  if (!s.live) return;
  if (event.type === 'error' && s.device) {
    const lost = Promise.race([
      s.device.lost.then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), GPU_ERROR_GRACE_MS)),
    ]);
    void lost.then((isLost) => !isLost && s.live && outbox.push(s.runId, event));
    return;
  }
  outbox.push(s.runId, event);
}

/** Computes the visuals of the current parameters, throttled while training; `force` when it stops. */
function requestVisuals(s: Session, force = false): void {
  s.viz.dirty = true;
  if (s.viz.busy || !s.live) return;
  const now = performance.now();
  const image = isImage(s.dataset);
  const due =
    force ||
    now - (image ? s.viz.lastGallery : s.viz.lastBoundary) >= (image ? GALLERY_EVERY_MS : BOUNDARY_EVERY_MS);
  if (!due) return;
  const t = s.runner.trainer;
  const epoch = t.epoch;
  const jobs: Promise<void>[] = [];
  if (s.visuals) {
    s.viz.lastBoundary = now;
    jobs.push(
      computeBoundary(t.model, t.vars, s.visuals, t, epoch).then((grid) =>
        post(s, { type: 'boundary', grid }),
      ),
    );
  }
  if (image) {
    s.viz.lastGallery = now;
    jobs.push(
      computeGallery(t.model, t.vars, s.dataset, t.xTest, epoch).then((gallery) =>
        post(s, { type: 'gallery', gallery }),
      ),
    );
  }
  if (!jobs.length) return;
  s.viz.dirty = false;
  s.viz.busy = true;
  Promise.all(jobs)
    .catch((err) => post(s, { type: 'error', message: `drawing the model failed: ${errorText(err)}` }))
    .finally(() => {
      s.viz.busy = false;
      if (s.viz.dirty && s.runner.state !== 'running') requestVisuals(s, true);
    });
}

/** Turns the runner's events into UI events: parameters stay in the worker, visuals are added. */
function forward(s: Session, event: EngineEvent): void {
  switch (event.type) {
    case 'started':
      post(s, {
        type: 'started',
        backend: s.backend,
        model: event.model,
        dataset: datasetView(s.dataset),
        epochs: event.epochs,
      });
      return;
    case 'epoch':
      post(s, { type: 'epoch', metrics: event.metrics });
      requestVisuals(s);
      return;
    case 'diverged':
      post(s, {
        type: 'diverged',
        epoch: event.epoch,
        reason: event.reason,
        lastFiniteEpoch: event.lastFiniteEpoch,
      });
      return;
    case 'analysis':
      post(s, {
        type: 'analysis',
        record: { id: event.id, epoch: event.epoch, settings: event.settings, result: event.result },
      });
      return;
    case 'state':
      if (event.state === 'done' || event.state === 'diverged') s.intent = 'idle';
      post(s, event);
      if (event.state === 'paused' || event.state === 'done') requestVisuals(s, true);
      return;
    default:
      post(s, event);
  }
}

/**
 * Keeps a session's parameters and record for `activate`: its weights as they are when it stopped (read
 * before the runner is cancelled), or, while an epoch is still running, those after the last finished one.
 */
async function keep(s: Session): Promise<void> {
  const r = s.runner;
  if (!r) return;
  let params: ParamValues;
  let epoch: number;
  try {
    if (r.state === 'running') ({ values: params, epoch } = r.lastFiniteParams);
    else [params, epoch] = [await r.trainer.snapshot(), r.trainer.epoch];
  } catch {
    return; // a lost device: nothing to keep
  }
  kept.delete(s.runId);
  kept.set(s.runId, {
    config: s.config,
    params,
    epoch,
    history: r.history.filter((m) => m.epoch <= epoch),
    analyses: [...r.analyses],
    snapshots: r.snapshots.slice(0, epoch + 1),
  });
  while (kept.size > KEPT_RUNS) kept.delete(kept.keys().next().value as number);
}

async function endSession(): Promise<void> {
  const s = session;
  session = null;
  if (!s) return;
  if (s.live) await keep(s);
  s.live = false;
  s.visuals?.grid.dispose();
  s.detachTeachers?.();
  try {
    await s.runner?.cancel();
  } catch {
    // A runner on a lost device may fail to clean up; its backend is gone anyway.
  }
}

/** Continues an earlier run's record in a new runner (bundle load, device-loss recovery). */
function adoptHistory(
  runner: Runner,
  from: Pick<LoadedRun, 'epoch' | 'history' | 'analyses' | 'snapshots'>,
  step = 0,
) {
  runner.trainer.epoch = from.epoch;
  runner.trainer.step = step;
  runner.history.push(...from.history);
  runner.analyses.push(...from.analyses);
  // Snapshot index = epoch: keep them only when they run without gaps from 0 to the current epoch.
  runner.snapshots.length = 0;
  if (from.snapshots?.length === from.epoch + 1) runner.snapshots.push(...from.snapshots);
}

const watchedDevices = new WeakSet<object>();

/** Attaches our own device-lost handler (tfjs has none; docs/engine-notes.md#webgpu-pitfalls). */
function watchDevice(): void {
  const device = webgpuDevice();
  if (!device || watchedDevices.has(device)) return;
  watchedDevices.add(device);
  void device.lost.then((info) => {
    // Silence the run on the dead device at once; its failing reads must not reach the UI as errors.
    if (session?.backend.name === 'webgpu') session.live = false;
    return serial(() => recoverFromDeviceLoss(info.message || info.reason || 'unknown'));
  });
}

async function startSession(
  runId: number,
  config: ExperimentConfig,
  dataset: Dataset,
  initial?: ParamValues,
  continueFrom?: { history: LoadedRun; step: number },
): Promise<Session> {
  const model = buildModel(config.model, dataset);
  const backend = await selectBackend(config.backend, { model, batchSize: config.training.batchSize });
  watchDevice();
  const s = {
    runId,
    config,
    dataset,
    backend,
    visuals: null,
    live: true,
    intent: 'idle',
    device: backend.name === 'webgpu' ? webgpuDevice() : null,
    viz: { busy: false, dirty: false, lastBoundary: 0, lastGallery: 0 },
  } as unknown as Session;
  session = s;
  s.runner = await Runner.create(config, dataset, backend.name, (e) => forward(s, e), initial);
  if (continueFrom) adoptHistory(s.runner, continueFrom.history, continueFrom.step);
  s.visuals = visualInputs(dataset);
  requestVisuals(s, true);
  void postInitialMetrics(s);
  return s;
}

/** The starting point's loss and accuracy (epoch 0, or the loaded epoch), so curves start where training does. */
async function postInitialMetrics(s: Session): Promise<void> {
  const t = s.runner.trainer;
  const epoch = t.epoch;
  if (epoch > 0) return;
  try {
    const [train, test] = await Promise.all([t.evaluate(t.xTrain, t.yTrain), t.evaluate(t.xTest, t.yTest)]);
    post(s, {
      type: 'initialMetrics',
      epoch,
      trainLoss: train.loss,
      trainAcc: train.acc,
      testLoss: test.loss,
      testAcc: test.acc,
    });
  } catch {
    // The run was replaced meanwhile; nothing to show.
  }
}

async function recoverFromDeviceLoss(message: string): Promise<void> {
  markBroken('webgpu', `the WebGPU device was lost (${message})`);
  const s = session;
  const onWebgpu = s?.backend.name === 'webgpu';
  if (s && onWebgpu) s.live = false;
  try {
    tf.removeBackend('webgpu');
  } catch {
    // Already gone.
  }
  if (!s || !onWebgpu) return;
  const old = s.runner;
  // The old loop may already have stopped on a failed read: go by what the user asked for.
  const previousState = old.state;
  const intent = s.intent;
  const epoch = old.lastFiniteParams.epoch;
  void old.cancel().catch(() => undefined);
  session = null;
  // The CPU copy of the weights after the last finished epoch, read back at every epoch's end.
  const lastCopy = old.lastFiniteParams;
  const next = await startSession(s.runId, s.config, s.dataset, lastCopy.values, {
    history: {
      config: s.config,
      params: [],
      epoch,
      history: old.history.filter((m) => m.epoch <= epoch),
      analyses: [...old.analyses],
      snapshots: old.snapshots.slice(0, epoch + 1),
    },
    step: old.trainer.step,
  });
  next.backend = {
    ...next.backend,
    reason: `the WebGPU device was lost (${message}); continued on ${next.backend.name} from epoch ${epoch}`,
  };
  post(next, {
    type: 'backendChanged',
    backend: next.backend,
    message: `The WebGPU device was lost (${message}). Training continues on ${next.backend.name} from the weights after epoch ${epoch}; the optimiser state was reset.`,
  });
  post(next, { type: 'restored', epoch });
  next.intent = intent;
  if (intent === 'play') void next.runner.play();
  else if (intent === 'step') void next.runner.stepEpoch();
  else {
    next.runner.state = previousState === 'done' ? 'done' : 'paused';
    post(next, { type: 'state', state: next.runner.state });
  }
}

/**
 * Makes a run with known parameters the current session (a loaded bundle, or a kept run made current again):
 * no training, its record continues. Refused before the current run is touched when the parameters do not
 * fit the model its config describes.
 */
async function resumeRun(runId: number, run: LoadedRun): Promise<void> {
  const dataset = await buildDataset(run.config);
  const model = buildModel(run.config.model, dataset);
  const specs = model.params;
  const sizes = specs.map((p) => p.shape.reduce((a, b) => a * b, 1));
  if (run.params.length !== specs.length || run.params.some((v, i) => v.length !== sizes[i]))
    throw new Error(
      `The weights (${run.params.length} tensors) do not fit the model the run’s settings describe (${specs.map((p) => `${p.name} ${p.shape.join('×')}`).join(', ')}).`,
    );
  if (!(await outputsFinite(model, run.params, dataset)))
    throw new Error(
      'The weights make the model’s outputs overflow (infinite or not a number) on the data, so its boundary, ' +
        'gallery and metrics would be empty. Basin refuses such a file rather than load a model that can only be shown as diverged.',
    );
  await endSession();
  try {
    // The step counter seeds per-step randomness: continue it as if the run had trained here.
    const n = dataset.yTrain.length;
    const step = run.epoch * Math.ceil(n / Math.min(run.config.training.batchSize, n));
    const s = await startSession(runId, run.config, dataset, run.params, { history: run, step });
    s.runner.state = run.epoch >= run.config.training.epochs ? 'done' : 'paused';
    post(s, { type: 'restored', epoch: run.epoch });
    post(s, { type: 'state', state: s.runner.state });
  } catch (err) {
    outbox.push(runId, { type: 'error', message: errorText(err) });
  }
}

/** Whether the model with these weights gives finite class probabilities on (up to 512 of) the test examples. */
async function outputsFinite(model: Model, params: ParamValues, dataset: Dataset): Promise<boolean> {
  await tf.ready();
  const n = Math.min(512, dataset.yTest.length);
  const x = tf.tensor(dataset.xTest.subarray(0, n * exampleSize(dataset)), [n, ...dataset.inputShape]);
  const weights = toTensors(model.params, params);
  const probs = tf.tidy(() => tf.softmax(model.apply(weights, x).logits));
  try {
    const values = await probs.data();
    return values.every(Number.isFinite);
  } finally {
    tf.dispose([x, probs, ...weights]);
  }
}

function current(): Session {
  if (!session) throw new Error('No run yet: create one first');
  return session;
}

const api: EngineApi = {
  subscribe(listener) {
    outbox.listener = listener;
  },

  async info(): Promise<EngineInfo> {
    return {
      methods: Object.values(METHODS).map((m) => ({ id: m.id, label: m.label, summary: m.summary })),
      analyses: Object.values(ANALYSES).map((a) => ({ id: a.id, label: a.label })),
      tfjsVersion: tf.version_core,
    };
  },

  create(runId, config) {
    return serial(async () => {
      await endSession();
      try {
        await startSession(runId, config, await buildDataset(config));
      } catch (err) {
        outbox.push(runId, { type: 'error', message: errorText(err) });
      }
    });
  },

  async play() {
    const s = current();
    s.intent = 'play';
    void s.runner.play();
  },

  async pause() {
    const s = current();
    s.intent = 'idle';
    s.runner.pause();
  },

  async stepEpoch() {
    const s = current();
    s.intent = 'step';
    void s.runner.stepEpoch().then(() => {
      if (s.intent === 'step') s.intent = 'idle';
    });
  },

  reset(runId) {
    const config = current().config;
    return api.create(runId, config);
  },

  cancel() {
    return serial(endSession);
  },

  attachTeachers(teachers) {
    return serial(async () => {
      const s = current();
      s.detachTeachers?.();
      s.detachTeachers = undefined;
      if (!teachers) return [];
      const run = (id: number): TeacherRun | string => {
        if (id === s.runId) return `Run ${id} is the student itself; pick two earlier runs.`;
        const r = kept.get(id);
        return r
          ? { name: `run ${id}`, config: r.config, params: r.params }
          : `Run ${id} is no longer kept by the engine (it keeps the last ${KEPT_RUNS} runs).`;
      };
      const [natural, adversarial] = [run(teachers.natural), run(teachers.adversarial)];
      if (typeof natural === 'string' || typeof adversarial === 'string')
        return [natural, adversarial].filter((r): r is string => typeof r === 'string');
      const attached = attachTeacherRuns(s.runner.trainer, natural, adversarial);
      if (!attached.ok) return attached.errors;
      s.detachTeachers = attached.detach;
      return [];
    });
  },

  async runAnalysis(id, settings) {
    const s = current();
    try {
      await s.runner.runAnalysis(id, settings);
    } catch (err) {
      post(s, { type: 'error', message: `${id}: ${errorText(err)}` });
    }
  },

  async restoreLastFinite() {
    const s = current();
    const runner = s.runner;
    runner.restoreLastFinite();
    // The diverged epoch did not count: continue from the last finite one.
    runner.trainer.epoch = runner.history.length ? runner.history[runner.history.length - 1].epoch : 0;
    post(s, { type: 'restored', epoch: runner.trainer.epoch });
    requestVisuals(s, true);
  },

  async exportBundle() {
    const s = current();
    const bundle = await buildBundle(s.runner, { includeSnapshots: s.config.training.snapshots });
    return JSON.stringify(bundle);
  },

  loadParams(runId, run) {
    return serial(() => resumeRun(runId, run));
  },

  activate(runId) {
    return serial(async () => {
      if (session?.runId === runId) return true;
      const run = kept.get(runId);
      if (!run) return false;
      await resumeRun(runId, run);
      return session?.runId === runId;
    });
  },

  async simulateDeviceLoss() {
    const device = webgpuDevice();
    if (!device) return false;
    device.destroy();
    return true;
  },
};

Comlink.expose(api);
