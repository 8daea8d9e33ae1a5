/**
 * Batches a run's UI events (docs/engine-notes.md#commands-in-events-out): at most one message per FLUSH_MS,
 * keeping only the latest progress / boundary / gallery of a batch. Batches go out on the worker's own port,
 * the one Comlink answers commands on, so a command's answer never overtakes the events sent before it.
 */
import type { BatchMessage, EventBatch, UiEvent } from './protocol';

/**
 * At most one message to the UI per this many ms (the eye needs at most 20/s; 10/s reads as live and leaves
 * CPU for the page's own rendering on machines that composite in software).
 */
const FLUSH_MS = 100;

export class Outbox {
  private runId = -1;
  private events: UiEvent[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private last = 0;

  constructor(private readonly send: (message: BatchMessage, transfer: Transferable[]) => void) {}

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

  /** Sends what is waiting now (before answering a command whose effects the events describe). */
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
    this.send({ kind: 'basin-batch', batch }, transfer);
  }
}
