/**
 * The contract between the lab UI (main thread) and the engine worker. Types only: importing this file
 * pulls in no tfjs, so the UI's initial bundle stays small (docs/engine-notes.md#workers-and-vite).
 */
import type { SurfaceJob } from '../core/analysis/point-eval-pool';
import type { PointValues } from '../core/analysis/point-eval';
import type { BackendChoice, ExperimentConfig } from '../core/config';
import type { AnalysisRecord, EpochMetrics, ModelSummary, RunState } from '../core/events';
import type { ConfigChange } from '../core/lab/config-change';
import type { RunRecord } from '../core/train/runner';

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';

/** Which backend a run uses and why (shown on the badge). */
export interface BackendReport {
  name: BackendName;
  requested: BackendChoice;
  /** One sentence: why this backend (auto's choice, a forced one, or a fallback). */
  reason: string;
  /** Backends tried before this one, with the reason each was skipped or failed. */
  skipped: { name: BackendName; why: string }[];
  /** The GPU adapter / renderer, when known (e.g. "google swiftshader"). */
  adapter?: string;
  /** True when the GPU adapter is a software rasteriser (SwiftShader, llvmpipe). */
  softwareAdapter?: boolean;
  /** wasm: the threads XNNPACK computes on (more than 1 only when the page is cross-origin isolated). */
  threads?: number;
  /** cpu/wasm: the workers a landscape's points are spread over (the engine's own and helpers), when more than one. */
  landscapeWorkers?: number;
}

/** What the UI needs to draw a dataset (2-D points inline; images only as counts). */
export interface DatasetView {
  name: string;
  inputShape: number[];
  numClasses: number;
  trainCount: number;
  testCount: number;
  /** 2-D data only: the points, so the boundary panel can draw them. */
  points?: { xTrain: Float32Array; yTrain: Int32Array; xTest: Float32Array; yTest: Int32Array };
}

/** Class probabilities of the current model on a regular grid over the 2-D data's extent. */
export interface BoundaryGrid {
  epoch: number;
  /** Grid points per side; cell (i, j) is x = x0 + (j + ½)·Δx, y = y1 − (i + ½)·Δy (row 0 at the top). */
  size: number;
  /** [x0, x1, y0, y1] */
  extent: [number, number, number, number];
  numClasses: number;
  /** size·size·numClasses probabilities, row-major (row, column, class). */
  probs: Float32Array;
  /** Predicted class of every train / test point, in dataset order. */
  predTrain: Uint8Array;
  predTest: Uint8Array;
}

export interface GalleryItem {
  /** Index into the test split. */
  index: number;
  label: number;
  pred: number;
  /** Probability of the predicted class. */
  confidence: number;
  /** Probability of the true class. */
  probTrue: number;
}

/** The worst test predictions first: confident errors, then the least confident correct ones. */
export interface Gallery {
  epoch: number;
  items: GalleryItem[];
  /** items.length × (h·w) grey levels 0..255, in item order. */
  pixels: Uint8Array;
  height: number;
  width: number;
  errors: number;
  total: number;
}

/** Events the worker posts to the UI: the engine's own (without bulky parameters) and visual extras. */
export type UiEvent =
  | { type: 'started'; backend: BackendReport; model: ModelSummary; dataset: DatasetView; epochs: number }
  | { type: 'progress'; epoch: number; fraction: number }
  /** Loss and accuracy of the parameters the run starts from (epoch 0), for the curves' first point. */
  | {
      type: 'initialMetrics';
      epoch: number;
      trainLoss: number;
      trainAcc: number;
      testLoss: number;
      testAcc: number;
    }
  | { type: 'epoch'; metrics: EpochMetrics }
  | { type: 'state'; state: RunState }
  | { type: 'diverged'; epoch: number; reason: string; lastFiniteEpoch: number }
  | { type: 'analysis'; record: AnalysisRecord }
  | { type: 'analysisProgress'; id: string; epoch: number; fraction: number; partial?: unknown }
  | { type: 'done'; epochs: number }
  | { type: 'error'; message: string }
  | { type: 'boundary'; grid: BoundaryGrid }
  | { type: 'gallery'; gallery: Gallery }
  /** The backend changed under a running run (e.g. WebGPU device lost); training went on. */
  | { type: 'backendChanged'; backend: BackendReport; message: string }
  /** Parameters restored (after divergence, or loaded from a bundle) at this epoch. */
  | { type: 'restored'; epoch: number }
  /** The run goes on from a record (a kept run made current again): what it recorded so far. */
  | { type: 'resumed'; epoch: number; history: EpochMetrics[]; analyses: AnalysisRecord[] }
  /** The run's number of epochs changed (training continues from where it is). */
  | { type: 'extended'; epochs: number };

/** Events are batched (≤ 20 messages/s) and tagged with the run they belong to. */
export interface EventBatch {
  runId: number;
  events: UiEvent[];
}

/** How a batch travels: on the worker's own port, beside Comlink's answers (which carry an `id`). */
export interface BatchMessage {
  kind: 'basin-batch';
  batch: EventBatch;
}

export interface EngineInfo {
  tfjsVersion: string;
}

/** A run to show without retraining: parameters (TF.js layout, model order) plus what was recorded. */
export type LoadedRun = RunRecord;

/** An analysis' record, for the run it was computed on. */
interface AnalysisDone {
  runId: number;
  record: AnalysisRecord;
}

/** The worker's commands (Comlink). Lifecycle commands are serialised inside the worker. */
export interface EngineApi {
  info(): Promise<EngineInfo>;
  /** Builds data, picks the backend, initialises the model; emits `started`. Does not train. */
  create(runId: number, config: ExperimentConfig): Promise<void>;
  play(): Promise<void>;
  pause(): Promise<void>;
  stepEpoch(): Promise<void>;
  /** Same config again under a new run id: same data, same initial weights, same numbers. */
  reset(runId: number): Promise<void>;
  cancel(): Promise<void>;
  /**
   * Runs an analysis on the current run; resolves once with its record (progress comes as events), or null
   * when it failed (the error is one of the run's events).
   */
  runAnalysis(id: string, settings: unknown, reuse: boolean): Promise<AnalysisDone | null>;
  /**
   * For plans: creates the run and trains it to its epochs; resolves with its state once it stops (done,
   * paused by the user, diverged, or replaced by another run).
   */
  train(runId: number, config: ExperimentConfig): Promise<RunState>;
  /** The newest run the engine keeps that trained all epochs of exactly this configuration, or null. */
  trained(config: ExperimentConfig): Promise<number | null>;
  /**
   * The settings changed: when only the epochs grew, the current run continues (same weights and optimiser
   * state); otherwise the answer says why a new run is needed (the caller creates it).
   */
  reconfigure(config: ExperimentConfig): Promise<ConfigChange>;
  /**
   * AW-Net training: distil the current run from two earlier runs of this page (by run id, as kept for
   * `activate`), a clean and an adversarially trained one of compatible output (MTARD), from its next step
   * on; null detaches them. Resolves to [] when done, else the reasons in sentences (nothing attached).
   */
  attachTeachers(teachers: { natural: number; adversarial: number } | null): Promise<string[]>;
  restoreLastFinite(): Promise<void>;
  /** The current run as a JSON bundle text (docs/run-bundle.md). */
  exportBundle(): Promise<string>;
  /** Shows a run from a bundle: creates it with the given parameters, computes the visuals, no training. */
  loadParams(runId: number, run: LoadedRun): Promise<void>;
  /**
   * Makes an earlier run of this page the current one again, from the weights it stopped with (no
   * retraining), e.g. to run a comparison's analysis on it. False when the engine no longer keeps it.
   */
  activate(runId: number): Promise<boolean>;
  /** Test hook: destroys the WebGPU device to exercise the device-lost fallback. False if not on WebGPU. */
  simulateDeviceLoss(): Promise<boolean>;
  /** Test hook: `auto` measures software GPU adapters too (its probe can then run without a GPU). */
  measureSoftwareGpus(): Promise<void>;
}

/** A landscape worker's commands (src/worker/grid.worker.ts; the engine worker's pool sends them). */
export interface GridWorkerApi {
  /** Rebuilds one surface's evaluator on `backend` (started on one thread the first time). */
  open(job: SurfaceJob, backend: 'wasm' | 'cpu'): Promise<void>;
  evaluate(coeffs: number[][]): Promise<PointValues>;
  /** Frees the surface's tensors. */
  close(): Promise<void>;
}
