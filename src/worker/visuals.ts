/**
 * What the panels draw, computed in the worker from the live parameters: the decision boundary on a grid
 * over 2-D data and the MNIST gallery of the worst test predictions. The ops are dispatched synchronously
 * (so they see the parameters of the epoch that asked for them, even if training goes on) and read back
 * once.
 */
import * as tf from '../core/tf';
import type { Dataset } from '../core/data/dataset';
import type { Model } from '../core/models/model';
import { BOUNDARY_SIZE, type Extent, boundaryExtent, gridPoints } from './geometry';
import type { BoundaryGrid, DatasetView, Gallery, GalleryItem } from './protocol';

const GALLERY_ITEMS = 40;

export function datasetView(d: Dataset): DatasetView {
  const view: DatasetView = {
    name: d.name,
    inputShape: [...d.inputShape],
    numClasses: d.numClasses,
    trainCount: d.yTrain.length,
    testCount: d.yTest.length,
  };
  // Copies: the view is transferred to the UI and must not detach the engine's arrays.
  if (is2d(d))
    view.points = {
      xTrain: d.xTrain.slice(),
      yTrain: d.yTrain.slice(),
      xTest: d.xTest.slice(),
      yTest: d.yTest.slice(),
    };
  return view;
}

const is2d = (d: Pick<Dataset, 'inputShape'>) => d.inputShape.length === 1 && d.inputShape[0] === 2;
export const isImage = (d: Pick<Dataset, 'inputShape'>) => d.inputShape.length === 3;

/** Device-side inputs a run's visuals reuse every epoch. */
export interface VisualInputs {
  extent: Extent;
  grid: tf.Tensor2D;
}

export function visualInputs(d: Dataset): VisualInputs | null {
  if (!is2d(d)) return null;
  const extent = boundaryExtent(d.xTrain, d.xTest);
  return { extent, grid: tf.tensor2d(gridPoints(extent), [BOUNDARY_SIZE * BOUNDARY_SIZE, 2]) };
}

/** Starts the boundary computation now (ops see the current parameters) and resolves with the grid. */
export function computeBoundary(
  model: Model,
  params: readonly tf.Tensor[],
  inputs: VisualInputs,
  data: { xTrain: tf.Tensor; xTest: tf.Tensor },
  epoch: number,
): Promise<BoundaryGrid> {
  const nTrain = data.xTrain.shape[0];
  const nTest = data.xTest.shape[0];
  const numClasses = model.numClasses;
  const all = tf.tidy(() => {
    const probs = tf.softmax(model.apply(params, inputs.grid).logits).reshape([-1]);
    const predTrain = tf.argMax(model.apply(params, data.xTrain).logits, 1).toFloat();
    const predTest = tf.argMax(model.apply(params, data.xTest).logits, 1).toFloat();
    return tf.concat([probs, predTrain, predTest]);
  });
  return all.data().then((values) => {
    all.dispose();
    const v = values as Float32Array;
    const gridLen = BOUNDARY_SIZE * BOUNDARY_SIZE * numClasses;
    return {
      epoch,
      size: BOUNDARY_SIZE,
      extent: inputs.extent,
      numClasses,
      probs: v.slice(0, gridLen),
      predTrain: Uint8Array.from(v.subarray(gridLen, gridLen + nTrain)),
      predTest: Uint8Array.from(v.subarray(gridLen + nTrain, gridLen + nTrain + nTest)),
    };
  });
}

/** Orders test predictions worst first: confident errors, then correct ones by their true-class probability. */
function worstFirst(probs: Float32Array, labels: Int32Array, numClasses: number): GalleryItem[] {
  const items: GalleryItem[] = [];
  for (let i = 0; i < labels.length; i++) {
    let pred = 0;
    for (let c = 1; c < numClasses; c++)
      if (probs[i * numClasses + c] > probs[i * numClasses + pred]) pred = c;
    items.push({
      index: i,
      label: labels[i],
      pred,
      confidence: probs[i * numClasses + pred],
      probTrue: probs[i * numClasses + labels[i]],
    });
  }
  const wrong = (it: GalleryItem) => it.pred !== it.label;
  return items.sort((a, b) =>
    wrong(a) !== wrong(b)
      ? wrong(a)
        ? -1
        : 1
      : wrong(a)
        ? b.confidence - a.confidence
        : a.probTrue - b.probTrue,
  );
}

/** Starts the gallery computation now over the whole test split (chunked forward passes, one read). */
export function computeGallery(
  model: Model,
  params: readonly tf.Tensor[],
  dataset: Dataset,
  xTest: tf.Tensor,
  epoch: number,
  chunk = 500,
): Promise<Gallery> {
  const n = xTest.shape[0];
  const probs = tf.tidy(() => {
    const parts: tf.Tensor[] = [];
    for (let start = 0; start < n; start += chunk)
      parts.push(tf.softmax(model.apply(params, xTest.slice(start, Math.min(chunk, n - start))).logits));
    return tf.concat(parts);
  });
  return probs.data().then((values) => {
    probs.dispose();
    const ranked = worstFirst(values as Float32Array, dataset.yTest, model.numClasses);
    const errors = ranked.filter((it) => it.pred !== it.label).length;
    const items = ranked.slice(0, GALLERY_ITEMS);
    const [height, width] = dataset.inputShape;
    const size = height * width;
    const pixels = new Uint8Array(items.length * size);
    items.forEach((it, k) => {
      const src = dataset.xTest.subarray(it.index * size, (it.index + 1) * size);
      for (let p = 0; p < size; p++)
        pixels[k * size + p] = Math.round(Math.min(1, Math.max(0, src[p])) * 255);
    });
    return { epoch, items, pixels, height, width, errors, total: n };
  });
}
