import type { ParamSpec } from './models/model';
import type { ParamValues } from './params';

/** Per-epoch numbers of a run (epoch is 1-based: the state after that many epochs). */
export interface EpochMetrics {
  epoch: number;
  trainLoss: number;
  trainAcc: number;
  testLoss: number;
  testAcc: number;
  /** Mean of the objective the method minimised (e.g. adversarial loss for PGD-AT). */
  objective: number;
  seconds: number;
  examplesPerSec: number;
  /** Method- and analysis-specific numbers, e.g. { robustTestAcc: 0.71 }. */
  extra: Record<string, number>;
}

export interface ModelSummary {
  description: string;
  params: ParamSpec[];
  paramCount: number;
  probeNames: string[];
}

/** Events the engine streams to its host (worker → UI, or Node runner). Plain data only. */
export type EngineEvent =
  | { type: 'started'; backend: string; model: ModelSummary; dataset: string; epochs: number }
  | { type: 'progress'; epoch: number; fraction: number }
  /** After each epoch; `params` is the snapshot after that epoch when snapshots are on. */
  | { type: 'epoch'; metrics: EpochMetrics; params?: ParamValues }
  | { type: 'state'; state: RunState }
  /** NaN/Inf appeared; training paused; `lastFinite` are the last finite parameters (after `lastFiniteEpoch`). */
  | { type: 'diverged'; epoch: number; reason: string; lastFinite: ParamValues; lastFiniteEpoch: number }
  /** A finished analysis (per-epoch or on demand); `result` is the analysis' plain-data result. */
  | { type: 'analysis'; id: string; epoch: number; settings: unknown; result: unknown }
  /** Progress of a running analysis, with an optional partial result (e.g. a coarse grid). */
  | { type: 'analysisProgress'; id: string; epoch: number; fraction: number; partial?: unknown }
  | { type: 'done'; epochs: number }
  | { type: 'error'; message: string };

/** One analysis run, as kept by the runner and written into the run bundle. */
export interface AnalysisRecord {
  id: string;
  epoch: number;
  settings: unknown;
  result: unknown;
}

export type RunState = 'idle' | 'running' | 'paused' | 'done' | 'diverged';
