/**
 * The engine worker and the store of runs it feeds: one for the page's lifetime. The current run's
 * configuration is the configuration (no copy of it is kept beside the store).
 */
import { type RefObject, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ExperimentConfig } from '../../core/config';
import { type Engine, startEngine } from '../engine';
import { type Action, type AppState, type Store, createStore, initialState, reduce } from '../store/runs';
import { useStoreState } from '../store/use-store';

/** Training progress and analysis results from the worker: rendered in the background (useStoreState). */
const isWorkerBatch = (action: Action) => action.type === 'batch';

export interface EngineHandle {
  store: Store;
  state: AppState;
  engine: RefObject<Engine | null>;
  /** Registers a fresh run and asks the worker to build it (not trained yet). */
  createRun(config: ExperimentConfig, label?: string): void;
}

/** `first`: the run the page opens with (from its link, or the defaults), read once when the engine starts. */
export function useEngine(first: { config: ExperimentConfig; label?: string }): EngineHandle {
  const store = useMemo(() => createStore(reduce, initialState), []);
  const state = useStoreState(store, isWorkerBatch);
  const engine = useRef<Engine | null>(null);
  const [opening] = useState(first);

  const createRun = useCallback((config: ExperimentConfig, label?: string) => {
    const e = engine.current;
    if (!e) return;
    e.create(config, label);
  }, []);

  useEffect(() => {
    const started = startEngine(store);
    engine.current = started;
    started.api.info().then(
      (info) => store.dispatch({ type: 'engineInfo', info }),
      (err) => store.dispatch({ type: 'engineError', message: String(err) }),
    );
    createRun(opening.config, opening.label);
    return () => {
      started.terminate();
      engine.current = null;
    };
  }, [store, createRun, opening]);

  return { store, state, engine, createRun };
}
