/**
 * The run the page shows: the lab's current run plus what only a page needs — its events turned into UI
 * events (parameters stay in the worker, pictures are added), the backend and device it runs on, and what the
 * user last asked for (a run that lost its device resumes it elsewhere).
 */
import type { Dataset } from '../core/data/dataset';
import type { EngineEvent } from '../core/events';
import type { Runner } from '../core/train/runner';
import type { Outbox } from './outbox';
import { Painter } from './painter';
import type { BackendReport, UiEvent } from './protocol';
import { datasetView } from './visuals';

/** On WebGPU an error may be the first sign of a lost device: wait this long for `device.lost` before showing it. */
const GPU_ERROR_GRACE_MS = 2000;

export class Session {
  backend: BackendReport | null = null;
  /** The WebGPU device the run is on, if any. */
  device: GPUDevice | null = null;
  /** False once the session is replaced: late events of its runner are dropped. */
  live = true;
  intent: 'play' | 'step' | 'idle' = 'idle';
  /** Stops MTARD distillation from the teachers attached to this run, if any. */
  detachTeachers: (() => void) | null = null;
  readonly painter: Painter;

  constructor(
    readonly runId: number,
    private readonly dataset: Dataset,
    private readonly outbox: Outbox,
    /** The runner while it is the lab's current run. */
    private readonly current: () => Runner | null,
  ) {
    this.painter = new Painter(
      dataset,
      (e) => this.post(e),
      () => {
        const runner = this.runner;
        return runner && { trainer: runner.trainer, running: runner.state === 'running' };
      },
    );
  }

  get runner(): Runner | null {
    return this.live ? this.current() : null;
  }

  post(event: UiEvent): void {
    if (!this.live) return;
    const device = this.device;
    if (event.type === 'error' && device) {
      const lost = Promise.race([
        device.lost.then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), GPU_ERROR_GRACE_MS)),
      ]);
      void lost.then((isLost) => !isLost && this.live && this.outbox.push(this.runId, event));
      return;
    }
    this.outbox.push(this.runId, event);
  }

  /** Turns one of the runner's events into UI events; `backend` is the one the run was given. */
  forward(event: EngineEvent, backend: BackendReport | null, device: GPUDevice | null): void {
    switch (event.type) {
      case 'started':
        this.backend = backend;
        this.device = backend?.name === 'webgpu' ? device : null;
        if (backend)
          this.post({
            type: 'started',
            backend,
            model: event.model,
            dataset: datasetView(this.dataset),
            epochs: event.epochs,
          });
        return;
      case 'epoch':
        this.post({ type: 'epoch', metrics: event.metrics });
        this.painter.request();
        return;
      case 'diverged': {
        const { epoch, reason, lastFiniteEpoch } = event;
        this.post({ type: 'diverged', epoch, reason, lastFiniteEpoch });
        return;
      }
      case 'analysis': {
        const { id, epoch, settings, result } = event;
        this.post({ type: 'analysis', record: { id, epoch, settings, result } });
        return;
      }
      case 'state':
        if (event.state === 'done' || event.state === 'diverged') this.intent = 'idle';
        this.post(event);
        if (event.state === 'paused' || event.state === 'done') this.painter.request(true);
        return;
      default:
        this.post(event);
    }
  }

  /** Stops showing the run (its late events are dropped), frees its pictures' inputs and lets its teachers go. */
  retire(): void {
    this.live = false;
    this.painter.dispose();
    this.detachTeachers?.();
  }
}
