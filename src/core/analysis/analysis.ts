import type * as tf from '../tf';
import type { ExperimentConfig } from '../config';
import type { Dataset } from '../data/dataset';
import type { Model } from '../models/model';
import type { ParamValues } from '../params';
import type { PointEvaluatorPool } from './point-eval-pool';

/** Everything an analysis may read. Nothing in it may be mutated (analyses build new parameter lists). */
export interface AnalysisContext {
  model: Model;
  /** The parameters to analyse (the live variables or a snapshot's tensors). */
  params: readonly tf.Tensor[];
  dataset: Dataset;
  /** The dataset, already on the device. */
  tensors: { xTrain: tf.Tensor; yTrain: tf.Tensor1D; xTest: tf.Tensor; yTest: tf.Tensor1D };
  config: ExperimentConfig;
  /** Epochs completed when the analysis runs. */
  epoch: number;
  /** Parameter snapshots so far (index = epoch), when the run keeps them. */
  snapshots: readonly ParamValues[];
  /**
   * Reports progress (0..1) and optionally a partial result (e.g. the coarse landscape grid), and yields
   * to the host. Resolves false when the host cancelled: the analysis should stop and return.
   */
  progress(fraction: number, partial?: unknown): Promise<boolean>;
  /** Other workers that may evaluate a surface's points at the same time (absent: this one alone). */
  helpers?: PointEvaluatorPool;
}

/**
 * An analysis: one file in this folder, one line in ./registry.ts. Results are plain data (numbers,
 * arrays, Float32Arrays) so they can be posted from the worker and written into the run bundle.
 */
export interface Analysis<Settings = unknown, Result = unknown> {
  id: string;
  label: string;
  /** Validates and defaults settings from the UI, a link or a bundle. */
  parseSettings(input: unknown): Settings;
  run(ctx: AnalysisContext, settings: Settings): Promise<Result>;
  /**
   * Result fields (dotted paths; `*` = every element of a list) that are there only so the number can be
   * recomputed outside Basin: random starts, noise draws, directions, corruption vectors, adversarial inputs.
   * The run bundle's size guard may drop them, and says so in the record (src/core/bundle.ts).
   */
  recomputeData?: readonly string[];
  /**
   * Settings to run this analysis with after each epoch, or null to skip (e.g. robust accuracy every
   * epoch when enabled in the config). Absent for on-demand analyses.
   */
  perEpoch?(config: ExperimentConfig, epoch: number): Settings | null;
}
