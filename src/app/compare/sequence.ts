/**
 * The app's host for the core plans (src/core/lab/plan.ts: presets, lesson steps, comparisons): the engine
 * trains one run at a time, the store keeps every run's record, so the comparison draws them all once the
 * engine has moved on. A run the engine already trained with the same configuration is shown again, not
 * retrained. No React here: App drives it and shows its status.
 */
import type { ExperimentConfig } from '../../core/config';
import type { AnalysisRecord } from '../../core/events';
import {
  type Plan,
  type PlanAnalysis,
  type PlanHost,
  type PlanRun,
  type PlanStatus,
  PlanStopped,
  check,
  runPlan as runCorePlan,
} from '../../core/lab/plan';
import type { EngineApi } from '../../worker/protocol';
import type { Engine } from '../engine';
import { type RunView, type Store } from '../store/runs';

export type { Plan, PlanAnalysis } from '../../core/lab/plan';
export { PlanStopped };
export type SequenceStatus = PlanStatus;

/** What a plan uses of the engine. */
export type PlanEngine = Pick<Engine, 'nextId' | 'analyse'> & {
  api: Pick<EngineApi, 'train' | 'trained' | 'activate'>;
};

export interface PlanDeps {
  store: Store;
  engine: PlanEngine;
  /** Called as each run is created or shown again (e.g. to show its configuration in the controls). */
  onRunCreated?(run: PlanRun, id: number): void;
  /**
   * Caps every run's epochs (null: none). A test hook only (`?test-hooks`, window.basinTest.planEpochCap): the browser
   * journeys walk through whole lessons with a few epochs per run.
   */
  epochCap?: number | null;
}

const capped = (config: ExperimentConfig, cap: number | null | undefined): ExperimentConfig =>
  cap && cap < config.training.epochs ? { ...config, training: { ...config.training, epochs: cap } } : config;

/** Calls `see(run)` on every change of the store while `work` runs. */
async function watching<T>(
  store: Store,
  id: number,
  see: (run: RunView) => void,
  work: Promise<T>,
): Promise<T> {
  const unsubscribe = store.subscribe(() => {
    const run = store.get().runs.find((r) => r.id === id);
    if (run) see(run);
  });
  try {
    return await work;
  } finally {
    unsubscribe();
  }
}

/**
 * Resolves once run `id` is done. Rejects when it fails or diverges, when it is dropped or no longer the
 * current run (the user started or selected another), or on abort.
 */
function untilDone(store: Store, id: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const finish = (settle: () => void) => {
      unsubscribe();
      signal.removeEventListener('abort', onAbort);
      settle();
    };
    const onAbort = () => finish(() => reject(new PlanStopped('stopped')));
    const test = () => {
      const s = store.get();
      const run = s.runs.find((r) => r.id === id);
      if (!run || s.currentId !== id) return finish(() => reject(new PlanStopped('another run was started')));
      if (run.status === 'done') return finish(resolve);
      if (run.status === 'failed' || run.status === 'diverged')
        finish(() => reject(new Error(run.diverged?.reason ?? run.errors.at(-1) ?? run.status)));
    };
    const unsubscribe = store.subscribe(test);
    signal.addEventListener('abort', onAbort);
    if (signal.aborted) onAbort();
    else test();
  });
}

/** The app's plan host; its handles are the runs' ids in the store. `compared` collects the runs it trains. */
function appHost(deps: PlanDeps, compared: number[] | null): PlanHost<number> {
  const { store, engine } = deps;
  const find = (id: number) => store.get().runs.find((r) => r.id === id);
  const show = async (id: number) => {
    if (store.get().currentId === id) return;
    if (!(await engine.api.activate(id))) throw new Error('its weights are no longer in memory');
    store.dispatch({ type: 'select', id });
  };
  const collect = (id: number) => {
    if (!compared) return;
    compared.push(id);
    if (compared.length > 1) store.dispatch({ type: 'compareSet', ids: [...compared] });
  };
  return {
    current: () => store.get().currentId,
    async train(planned, progress, signal) {
      const run = { ...planned, config: capped(planned.config, deps.epochCap) };
      const reused = await engine.api.trained(run.config);
      if (reused !== null && find(reused)?.status === 'done') {
        await show(reused);
        store.dispatch({ type: 'relabel', id: reused, label: run.label });
        collect(reused);
        deps.onRunCreated?.(run, reused);
        progress({ kind: 'reused', epochs: find(reused)?.epochsTotal ?? run.config.training.epochs });
        return reused;
      }
      check(signal);
      const id = engine.nextId();
      store.dispatch({ type: 'runCreated', id, config: run.config, label: run.label });
      collect(id);
      deps.onRunCreated?.(run, id);
      const epochs = run.config.training.epochs;
      const seeProgress = (r: RunView) =>
        r.progress &&
        progress({ kind: 'epoch', epoch: r.progress.epoch, epochs, fraction: r.progress.fraction });
      const state = await watching(store, id, seeProgress, engine.api.train(id, run.config));
      // Paused by the user: the plan goes on once the run is played to its end.
      if (state !== 'done') await watching(store, id, seeProgress, untilDone(store, id, signal));
      return id;
    },
    async analyse(id, a, progress): Promise<AnalysisRecord> {
      const label = find(id)?.label ?? `run ${id}`;
      await show(id);
      const record = await watching(
        store,
        id,
        (r) => {
          const p = r.analysisProgress[a.analysis];
          if (p) progress({ kind: 'analysis', fraction: p.fraction });
        },
        engine.analyse(a.analysis, a.settings ?? {}, true),
      );
      if (!record) throw new Error(find(id)?.errors.at(-1) ?? `${a.analysis} failed on ${label}`);
      return record;
    },
  };
}

/**
 * Trains the plan's runs one after another, each then analysed (a plan without runs analyses the current
 * run); two or more are shown side by side in the comparison view as they are created. Returns the runs'
 * ids. Throws PlanStopped when stopped.
 */
export async function runPlan(
  deps: PlanDeps,
  plan: Plan,
  signal: AbortSignal,
  report: (status: SequenceStatus) => void,
): Promise<number[]> {
  if (plan.runs.length) deps.store.dispatch({ type: 'compareSet', ids: [] });
  return runCorePlan(appHost(deps, []), plan, signal, report);
}

/**
 * Runs analyses on runs that already trained (e.g. robust landscapes along one direction for every compared
 * run): each run is made current again from its final weights and analysed (what it already has is not
 * computed again), and the run that was current before is made current again at the end. Runs the engine no
 * longer keeps are skipped and named.
 */
export async function analyseRuns(
  deps: PlanDeps,
  title: string,
  ids: number[],
  analysesFor: (run: RunView) => PlanAnalysis[],
  signal: AbortSignal,
  report: (status: SequenceStatus) => void,
): Promise<string[]> {
  const { store, engine } = deps;
  const host = appHost(deps, null);
  const before = store.get().currentId;
  const skipped: string[] = [];
  for (const [i, id] of ids.entries()) {
    check(signal);
    const run = store.get().runs.find((r) => r.id === id);
    if (!run) continue;
    const analyses = analysesFor(run);
    if (!analyses.length) continue;
    try {
      await runCorePlan({ ...host, current: () => id }, { title, runs: [], analyses }, signal, (s) =>
        report({ ...s, index: i + 1, total: ids.length, label: run.label }),
      );
    } catch (err) {
      if (err instanceof PlanStopped) throw err;
      skipped.push(`${run.label} (${err instanceof Error ? err.message : String(err)})`);
    }
  }
  if (before !== null && before !== store.get().currentId && (await engine.api.activate(before)))
    store.dispatch({ type: 'select', id: before });
  report({
    title,
    phase: 'done',
    index: ids.length,
    total: ids.length,
    label: '',
    message: skipped.length ? `done; skipped ${skipped.join(', ')}` : 'done',
  });
  return skipped;
}
