/**
 * Plans: runs trained one after another and then analysed (a preset, a lesson step), and analyses of runs
 * that already trained (the comparison's buttons). One at a time; anything the user does stops it.
 */
import { useCallback, useRef, useState } from 'react';
import {
  type Plan,
  type PlanAnalysis,
  type PlanDeps,
  PlanStopped,
  type SequenceStatus,
  analyseRuns,
  runPlan,
} from '../compare/sequence';
import type { RunView } from '../store/runs';
import { testHooks } from '../test-hooks';
import type { EngineHandle } from './useEngine';

type Work = (deps: PlanDeps, signal: AbortSignal, report: (s: SequenceStatus) => void) => Promise<unknown>;

export function usePlans({ store, engine }: EngineHandle) {
  const [sequence, setSequence] = useState<SequenceStatus | null>(null);
  const running = useRef<AbortController | null>(null);

  /** Stops a running plan: the user took over. */
  const stopPlan = useCallback(() => {
    running.current?.abort();
    running.current = null;
  }, []);

  const launch = useCallback(
    (title: string, total: number, work: Work, onDone?: (result: unknown) => void) => {
      const e = engine.current;
      if (!e) return;
      stopPlan();
      const controller = new AbortController();
      running.current = controller;
      const settle = () => {
        if (running.current === controller) running.current = null;
      };
      const deps = { store, engine: e, epochCap: testHooks()?.planEpochCap };
      work(deps, controller.signal, (s) => controller.signal.aborted || setSequence(s)).then(
        (result) => {
          settle();
          onDone?.(result);
        },
        (err: unknown) => {
          settle();
          const stopped = err instanceof PlanStopped;
          const why = err instanceof Error ? err.message : String(err);
          setSequence({
            title,
            phase: stopped ? 'stopped' : 'failed',
            index: 0,
            total,
            label: '',
            message: stopped ? `stopped (${why})` : `failed: ${why}`,
          });
        },
      );
    },
    [engine, store, stopPlan],
  );

  /** Runs a plan; its runs are shown side by side. A plan without runs analyses the current run. */
  const startPlan = useCallback(
    (plan: Plan, onDone?: (ids: number[]) => void) => {
      // The run a lesson step opened and nobody trained gives way to the plan's runs.
      const untouched = store.get().runs.find((r) => r.id === store.get().currentId);
      if (plan.runs.length && untouched && !untouched.history.length && untouched.status === 'idle')
        store.dispatch({ type: 'removeRun', id: untouched.id });
      const current = store.get().currentId;
      launch(
        plan.title,
        plan.runs.length,
        plan.runs.length
          ? (deps, signal, report) => runPlan(deps, plan, signal, report)
          : (deps, signal, report) =>
              analyseRuns(
                deps,
                plan.title,
                current === null ? [] : [current],
                () => plan.analyses,
                signal,
                report,
              ),
        (result) => plan.runs.length && onDone?.(result as number[]),
      );
    },
    [launch, store],
  );

  /** Analyses on runs that already trained. */
  const analyseCompared = useCallback(
    (title: string, ids: number[], analysesFor: (run: RunView) => PlanAnalysis[]) =>
      launch(title, ids.length, (deps, signal, report) =>
        analyseRuns(deps, title, ids, analysesFor, signal, report),
      ),
    [launch],
  );

  const planActive = sequence !== null && (sequence.phase === 'training' || sequence.phase === 'analysing');
  return { sequence, setSequence, planActive, stopPlan, startPlan, analyseCompared };
}

export type Plans = ReturnType<typeof usePlans>;
