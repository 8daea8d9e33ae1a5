/**
 * The lab's state: runs as plain data, reduced from engine events (docs/engine-notes.md#commands-in-events-out). Panels render runs;
 * nothing here knows about React, the worker or tfjs, so later features (comparing runs, lessons) can read
 * and build runs the same way.
 */
import type { ExperimentConfig } from '../../core/config';
import type { ConfigChange } from '../../core/lab/config-change';
import type { AnalysisRecord, EpochMetrics, ModelSummary, RunState } from '../../core/events';
import type {
  BackendReport,
  BoundaryGrid,
  DatasetView,
  EngineInfo,
  EventBatch,
  Gallery,
  UiEvent,
} from '../../worker/protocol';

export type RunStatus = RunState | 'creating' | 'failed';

export interface RunView {
  id: number;
  config: ExperimentConfig;
  /** 'live': trained here; 'bundle': loaded from a file (its history came with it). */
  source: 'live' | 'bundle';
  /** Shown in lists, e.g. "run 3" or the bundle's file name. */
  label: string;
  status: RunStatus;
  backend: BackendReport | null;
  model: ModelSummary | null;
  dataset: DatasetView | null;
  epochsTotal: number;
  history: EpochMetrics[];
  /** Loss and accuracy before the first epoch (drawn as epoch 0). */
  initial: { trainLoss: number; trainAcc: number; testLoss: number; testAcc: number } | null;
  progress: { epoch: number; fraction: number } | null;
  /** When (ms, UI clock) each epoch arrived: for the time-left estimate. */
  epochArrivals: number[];
  boundary: BoundaryGrid | null;
  gallery: Gallery | null;
  analyses: AnalysisRecord[];
  analysisProgress: Record<string, { epoch: number; fraction: number; partial?: unknown }>;
  diverged: { epoch: number; reason: string; lastFiniteEpoch: number } | null;
  /** Epochs the shown parameters are after, when that differs from the history's end (restore, load). */
  restoredEpoch: number | null;
  errors: string[];
  notices: string[];
  /** What the last change of the settings did to this run: continued it, or started it anew (in words). */
  change: string | null;
}

export interface AppState {
  /** Oldest first; at most MAX_RUNS are kept. */
  runs: RunView[];
  currentId: number | null;
  engine: { info: EngineInfo | null; error: string | null };
  /** Runs shown side by side in the comparison view (ids of kept runs, in order). */
  comparison: number[];
}

export const MAX_RUNS = 8;

export type Action =
  | { type: 'runCreated'; id: number; config: ExperimentConfig; label: string }
  | {
      type: 'runLoaded';
      id: number;
      config: ExperimentConfig;
      label: string;
      history: EpochMetrics[];
      analyses: AnalysisRecord[];
      epoch: number;
    }
  /** Makes a kept run the current one (e.g. once a loaded bundle was accepted by the engine). */
  | { type: 'select'; id: number }
  /** Renames a kept run (a plan that shows it again under its own label). */
  | { type: 'relabel'; id: number; label: string }
  | { type: 'removeRun'; id: number }
  /** The runs of the comparison view (unknown ids are left out). */
  | { type: 'compareSet'; ids: number[] }
  /** Adds a kept run to the comparison, or takes it out. */
  | { type: 'compareToggle'; id: number }
  | { type: 'batch'; batch: EventBatch; now: number }
  /** An analysis the UI asked for finished: its record, once. */
  | { type: 'analysisDone'; runId: number; record: AnalysisRecord }
  /** The settings changed: the run continued, or a new one started (`runId` is then the new run). */
  | { type: 'configChange'; runId: number; change: Exclude<ConfigChange, { kind: 'same' }> }
  | { type: 'engineInfo'; info: EngineInfo }
  | { type: 'engineError'; message: string };

export const initialState: AppState = {
  runs: [],
  currentId: null,
  engine: { info: null, error: null },
  comparison: [],
};

export function newRun(id: number, config: ExperimentConfig, label: string): RunView {
  return {
    id,
    config,
    source: 'live',
    label,
    status: 'creating',
    backend: null,
    model: null,
    dataset: null,
    epochsTotal: config.training.epochs,
    history: [],
    initial: null,
    progress: null,
    epochArrivals: [],
    boundary: null,
    gallery: null,
    analyses: [],
    analysisProgress: {},
    diverged: null,
    restoredEpoch: null,
    errors: [],
    notices: [],
    change: null,
  };
}

/** Applies one engine event to a run (pure). */
export function applyEvent(run: RunView, e: UiEvent, now: number): RunView {
  switch (e.type) {
    case 'started':
      return {
        ...run,
        status: run.status === 'creating' ? 'idle' : run.status,
        backend: e.backend,
        model: e.model,
        dataset: e.dataset,
        epochsTotal: e.epochs,
      };
    case 'progress':
      return { ...run, progress: { epoch: e.epoch, fraction: e.fraction } };
    case 'initialMetrics':
      return {
        ...run,
        initial: { trainLoss: e.trainLoss, trainAcc: e.trainAcc, testLoss: e.testLoss, testAcc: e.testAcc },
      };
    case 'epoch': {
      // A restored run re-trains epochs after its restore point: the newer numbers replace the old.
      const history = [...run.history.filter((m) => m.epoch < e.metrics.epoch), e.metrics];
      return {
        ...run,
        history,
        epochArrivals: [...run.epochArrivals.slice(-9), now],
        progress: { epoch: e.metrics.epoch, fraction: 1 },
        restoredEpoch: null,
      };
    }
    case 'state':
      return {
        ...run,
        status: e.state,
        diverged: e.state === 'running' ? null : run.diverged,
        epochArrivals: e.state === 'running' ? [] : run.epochArrivals,
      };
    case 'diverged':
      return {
        ...run,
        status: 'diverged',
        diverged: { epoch: e.epoch, reason: e.reason, lastFiniteEpoch: e.lastFiniteEpoch },
      };
    case 'analysis':
      return withRecord(run, e.record);
    case 'analysisProgress':
      return {
        ...run,
        analysisProgress: {
          ...run.analysisProgress,
          // Most progress reports carry no partial result: keep the last one of the same computation.
          [e.id]: {
            epoch: e.epoch,
            fraction: e.fraction,
            partial:
              e.partial ??
              (run.analysisProgress[e.id]?.epoch === e.epoch
                ? run.analysisProgress[e.id].partial
                : undefined),
          },
        },
      };
    case 'done':
      return { ...run, status: 'done', progress: null };
    case 'error':
      return {
        ...run,
        status: run.status === 'creating' ? 'failed' : run.status,
        errors: [...run.errors.slice(-4), e.message],
      };
    case 'boundary':
      return { ...run, boundary: e.grid };
    case 'gallery':
      return { ...run, gallery: e.gallery };
    case 'backendChanged':
      return { ...run, backend: e.backend, notices: [...run.notices, e.message] };
    case 'restored':
      return {
        ...run,
        diverged: null,
        history: run.history.filter((m) => m.epoch <= e.epoch),
        restoredEpoch: e.epoch,
        progress: null,
      };
    case 'resumed':
      return { ...run, history: e.history, analyses: e.analyses, restoredEpoch: e.epoch, progress: null };
    case 'extended':
      return {
        ...run,
        epochsTotal: e.epochs,
        config: { ...run.config, training: { ...run.config.training, epochs: e.epochs } },
      };
  }
}

/** Adds an analysis' record (replacing an identical earlier one: same analysis, epoch and settings). */
function withRecord(run: RunView, record: AnalysisRecord): RunView {
  const same = (r: AnalysisRecord) =>
    r.id === record.id &&
    r.epoch === record.epoch &&
    JSON.stringify(r.settings) === JSON.stringify(record.settings);
  return {
    ...run,
    analyses: [...run.analyses.filter((r) => !same(r)), record],
    analysisProgress: omit(run.analysisProgress, record.id),
  };
}

function omit<T>(record: Record<string, T>, key: string): Record<string, T> {
  const copy = { ...record };
  delete copy[key];
  return copy;
}

function withRun(state: AppState, run: RunView, select = true): AppState {
  // Never drop the current run to make room for a run that is not selected yet; compared runs go last.
  let runs = [...state.runs.filter((r) => r.id !== run.id), run];
  const droppable = (r: RunView) => r.id !== state.currentId && r.id !== run.id;
  while (runs.length > MAX_RUNS) {
    let drop = runs.findIndex((r) => droppable(r) && !state.comparison.includes(r.id));
    if (drop < 0) drop = runs.findIndex(droppable);
    runs = runs.filter((_, i) => i !== drop);
  }
  const kept = new Set(runs.map((r) => r.id));
  return {
    ...state,
    runs,
    currentId: select ? run.id : state.currentId,
    comparison: state.comparison.filter((id) => kept.has(id)),
  };
}

export function reduce(state: AppState, action: Action): AppState {
  switch (action.type) {
    case 'runCreated':
      return withRun(state, newRun(action.id, action.config, action.label));
    case 'runLoaded':
      // Not selected until the engine accepts the parameters: a bad bundle leaves the current run shown.
      return withRun(
        state,
        {
          ...newRun(action.id, action.config, action.label),
          source: 'bundle',
          history: action.history,
          analyses: action.analyses,
          restoredEpoch: action.epoch,
        },
        false,
      );
    case 'select':
      return state.runs.some((r) => r.id === action.id) ? { ...state, currentId: action.id } : state;
    case 'relabel':
      return {
        ...state,
        runs: state.runs.map((r) =>
          r.id === action.id && r.label !== action.label ? { ...r, label: action.label } : r,
        ),
      };
    case 'removeRun':
      return {
        ...state,
        runs: state.runs.filter((r) => r.id !== action.id),
        currentId: state.currentId === action.id ? null : state.currentId,
        comparison: state.comparison.filter((id) => id !== action.id),
      };
    case 'compareSet': {
      const ids = [...new Set(action.ids)].filter((id) => state.runs.some((r) => r.id === id));
      return ids.join() === state.comparison.join() ? state : { ...state, comparison: ids };
    }
    case 'compareToggle':
      if (state.comparison.includes(action.id))
        return { ...state, comparison: state.comparison.filter((id) => id !== action.id) };
      return state.runs.some((r) => r.id === action.id)
        ? { ...state, comparison: [...state.comparison, action.id] }
        : state;
    case 'batch': {
      const i = state.runs.findIndex((r) => r.id === action.batch.runId);
      if (i < 0) return state; // a run we no longer keep
      let run = state.runs[i];
      for (const e of action.batch.events) run = applyEvent(run, e, action.now);
      const runs = state.runs.slice();
      runs[i] = run;
      return { ...state, runs };
    }
    case 'analysisDone': {
      const i = state.runs.findIndex((r) => r.id === action.runId);
      if (i < 0) return state;
      const runs = state.runs.slice();
      runs[i] = withRecord(runs[i], action.record);
      return { ...state, runs };
    }
    case 'configChange':
      return {
        ...state,
        runs: state.runs.map((r) => (r.id === action.runId ? { ...r, change: action.change.message } : r)),
      };
    case 'engineInfo':
      return { ...state, engine: { ...state.engine, info: action.info } };
    case 'engineError':
      return { ...state, engine: { ...state.engine, error: action.message } };
  }
}

export const currentRun = (s: AppState): RunView | null => s.runs.find((r) => r.id === s.currentId) ?? null;

/** The runs of the comparison view, in its order. */
export const comparedRuns = (s: AppState): RunView[] =>
  s.comparison.flatMap((id) => s.runs.find((r) => r.id === id) ?? []);

/** The last epoch's metrics, if any. */
export const lastMetrics = (run: RunView | null): EpochMetrics | null =>
  run && run.history.length ? run.history[run.history.length - 1] : null;

/** Seconds left, from the recent pace of epochs (null until two epochs arrived). */
export function secondsLeft(run: RunView): number | null {
  const t = run.epochArrivals;
  if (t.length < 2 || run.status !== 'running') return null;
  const perEpoch = (t[t.length - 1] - t[0]) / (t.length - 1) / 1000;
  const done = lastMetrics(run)?.epoch ?? 0;
  const partial = run.progress && run.progress.epoch > done ? run.progress.fraction : 0;
  return Math.max(0, (run.epochsTotal - done - partial) * perEpoch);
}

/** A tiny external store; listeners learn which action changed the state. */
export function createStore(reducer: typeof reduce, init: AppState) {
  let state = init;
  const listeners = new Set<(action: Action) => void>();
  return {
    get: () => state,
    dispatch(action: Action) {
      const next = reducer(state, action);
      if (next === state) return;
      state = next;
      listeners.forEach((l) => l(action));
    },
    subscribe(l: (action: Action) => void) {
      listeners.add(l);
      return () => {
        listeners.delete(l);
      };
    },
  };
}

export type Store = ReturnType<typeof createStore>;
