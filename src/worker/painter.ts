/**
 * A run's pictures, computed in the worker from the live parameters: the decision boundary (2-D data) and
 * the MNIST gallery, throttled while training, and the starting point's loss and accuracy for the curves.
 */
import type { Dataset } from '../core/data/dataset';
import type { Trainer } from '../core/train/trainer';
import type { UiEvent } from './protocol';
import { computeBoundary, computeGallery, isImage, visualInputs, type VisualInputs } from './visuals';

/** Visual refreshes while training: the boundary is cheap, the MNIST gallery is 2,000 forward passes. */
const BOUNDARY_EVERY_MS = 200;
const GALLERY_EVERY_MS = 1000;

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class Painter {
  /** Made on the first picture: the backend is ready by then (undefined: not yet). */
  private inputs: VisualInputs | null | undefined;
  private busy = false;
  private dirty = false;
  private lastBoundary = 0;
  private lastGallery = 0;

  constructor(
    private readonly dataset: Dataset,
    private readonly post: (event: UiEvent) => void,
    /** The trainer to draw and whether it is training now; null once the run is gone. */
    private readonly source: () => { trainer: Trainer; running: boolean } | null,
  ) {}

  /** Computes the visuals of the current parameters, throttled while training; `force` when it stops. */
  request(force = false): void {
    this.dirty = true;
    const source = this.source();
    if (this.busy || !source) return;
    const now = performance.now();
    const image = isImage(this.dataset);
    const due =
      force ||
      now - (image ? this.lastGallery : this.lastBoundary) >= (image ? GALLERY_EVERY_MS : BOUNDARY_EVERY_MS);
    if (!due) return;
    const t = source.trainer;
    if (this.inputs === undefined) this.inputs = visualInputs(this.dataset);
    const jobs: Promise<void>[] = [];
    if (this.inputs) {
      this.lastBoundary = now;
      jobs.push(
        computeBoundary(t.model, t.vars, this.inputs, t, t.epoch).then((grid) =>
          this.post({ type: 'boundary', grid }),
        ),
      );
    }
    if (image) {
      this.lastGallery = now;
      jobs.push(
        computeGallery(t.model, t.vars, this.dataset, t.xTest, t.epoch).then((gallery) =>
          this.post({ type: 'gallery', gallery }),
        ),
      );
    }
    if (!jobs.length) return;
    this.dirty = false;
    this.busy = true;
    Promise.all(jobs)
      .catch((err) => this.post({ type: 'error', message: `drawing the model failed: ${errorText(err)}` }))
      .finally(() => {
        this.busy = false;
        if (this.dirty && this.source()?.running === false) this.request(true);
      });
  }

  /** The starting point's loss and accuracy (epoch 0 only), so curves start where training does. */
  async initialMetrics(): Promise<void> {
    const t = this.source()?.trainer;
    if (!t || t.epoch > 0) return;
    try {
      const [train, test] = await Promise.all([t.evaluate(t.xTrain, t.yTrain), t.evaluate(t.xTest, t.yTest)]);
      this.post({
        type: 'initialMetrics',
        epoch: 0,
        trainLoss: train.loss,
        trainAcc: train.acc,
        testLoss: test.loss,
        testAcc: test.acc,
      });
    } catch {
      // The run was replaced meanwhile; nothing to show.
    }
  }

  dispose(): void {
    this.inputs?.grid.dispose();
  }
}
