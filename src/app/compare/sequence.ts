/**
 * Multi-run plans (presets, lesson steps, comparisons): the engine trains one run at a time, so a plan
 * trains its runs one after another (same seed, data and initial weights when their configs share them),
 * runs the plan's analyses on each right after it finished, and puts the runs in the comparison view. The
 * store keeps every run's record, so the comparison draws them all once the engine has moved on.
 * No React here: App drives it and shows its status.
 */
import type { ExperimentConfig } from '../../core/config';
import type { Engine } from '../engine';
import type { RunView, Store } from '../store/runs';

export interface PlanRun {
  label: string;
  config: ExperimentConfig;
}

export interface PlanAnalysis {
  analysis: string;
  settings?: unknown;
}

export interface Plan {
  /** Shown in the status line, e.g. the preset's or the lesson step's title. */
  title: string;
  runs: PlanRun[];
  /** Run on every run once it has trained. */
  analyses: PlanAnalysis[];
}

export type SequencePhase = 'training' | 'analysing' | 'done' | 'stopped' | 'failed';

export interface SequenceStatus {
  title: string;
  phase: SequencePhase;
  /** 1-based position of the run being worked on. */
  index: number;
  total: number;
  label: string;
  message: string;
}

/** The user took over (stopped the plan, started another run) before the plan finished. */
export class PlanStopped extends Error {}

export interface PlanDeps {
  store: Store;
  engine: Engine;
  /** Called as each run is created (e.g. to show its configuration in the controls). */
  onRunCreated?(run: PlanRun, id: number): void;
  /**
   * Caps every run's epochs (null: none). A test hook only (`?test-hooks`, window.basinTest.planEpochCap): the browser
   * journeys walk through whole lessons with a few epochs per run.
   */
  epochCap?: number | null;
}

const capped = (config: ExperimentConfig, cap: number | null | undefined): ExperimentConfig =>
  cap && cap < config.training.epochs ? { ...config, training: { ...config.training, epochs: cap } } : config;

function check(signal: AbortSignal): void {
  if (signal.aborted) throw new PlanStopped('stopped');
}

/**
 * Resolves once `done(run)` holds. Rejects when the run fails, diverges or reports an error while stopped,
 * when it is dropped or no longer the current run (the user started or selected another), or on abort.
 */
export function waitForRun(
  store: Store,
  id: number,
  done: (run: RunView) => boolean,
  signal: AbortSignal,
): Promise<RunView> {
  const errorsBefore = store.get().runs.find((r) => r.id === id)?.errors.length ?? 0;
  return new Promise((resolve, reject) => {
    let unsubscribe = () => {};
    const finish = (fn: () => void) => {
      unsubscribe();
      signal.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = () => finish(() => reject(new PlanStopped('stopped')));
    const test = () => {
      const s = store.get();
      const run = s.runs.find((r) => r.id === id);
      if (!run || s.currentId !== id) return finish(() => reject(new PlanStopped('another run was started')));
      if (done(run)) return finish(() => resolve(run));
      if (run.status === 'failed' || run.status === 'diverged')
        return finish(() =>
          reject(new Error(run.diverged?.reason ?? run.errors[run.errors.length - 1] ?? run.status)),
        );
      if (run.errors.length > errorsBefore && run.status !== 'running' && run.status !== 'creating')
        return finish(() => reject(new Error(run.errors[run.errors.length - 1])));
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort);
    unsubscribe = store.subscribe(test);
    test();
  });
}

/**
 * Trains the plan's runs one after another, each then analysed; two or more are shown side by side in the
 * comparison view as they are created. Returns the runs' ids. Throws PlanStopped when stopped.
 */
export async function runPlan(
  deps: PlanDeps,
  plan: Plan,
  signal: AbortSignal,
  report: (status: SequenceStatus) => void,
): Promise<number[]> {
  const { store, engine } = deps;
  const ids: number[] = [];
  const total = plan.runs.length;
  store.dispatch({ type: 'compareSet', ids: [] });
  for (const [i, planned] of plan.runs.entries()) {
    const run = { ...planned, config: capped(planned.config, deps.epochCap) };
    check(signal);
    const status = (phase: SequencePhase, message: string) =>
      report({ title: plan.title, phase, index: i + 1, total, label: run.label, message });
    const id = engine.nextId();
    store.dispatch({ type: 'runCreated', id, config: run.config, label: run.label });
    ids.push(id);
    if (total > 1) store.dispatch({ type: 'compareSet', ids: [...ids] });
    deps.onRunCreated?.(run, id);
    status('training', `training ${run.label}`);
    await engine.api.create(id, run.config);
    check(signal);
    await engine.api.play();
    await waitForRun(store, id, (r) => r.status === 'done', signal);
    for (const a of plan.analyses) {
      check(signal);
      status('analysing', `${a.analysis} on ${run.label}`);
      await engine.api.runAnalysis(a.analysis, a.settings ?? {});
    }
  }
  check(signal);
  report({
    title: plan.title,
    phase: 'done',
    index: total,
    total,
    label: plan.runs[total - 1]?.label ?? '',
    message: total > 1 ? `${total} runs trained and analysed` : 'trained and analysed',
  });
  return ids;
}

/**
 * Runs analyses on runs that already trained (e.g. robust landscapes along one direction for every compared
 * run): each run is made current again from its final weights, analysed, and the run that was current
 * before is made current again at the end. Runs the engine no longer keeps are skipped and named.
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
  const before = store.get().currentId;
  const skipped: string[] = [];
  for (const [i, id] of ids.entries()) {
    check(signal);
    const run = store.get().runs.find((r) => r.id === id);
    if (!run) continue;
    const analyses = analysesFor(run);
    if (!analyses.length) continue;
    report({
      title,
      phase: 'analysing',
      index: i + 1,
      total: ids.length,
      label: run.label,
      message: `${analyses.map((a) => a.analysis).join(', ')} on ${run.label}`,
    });
    if (!(await engine.api.activate(id))) {
      skipped.push(run.label);
      continue;
    }
    store.dispatch({ type: 'select', id });
    for (const a of analyses) {
      check(signal);
      await engine.api.runAnalysis(a.analysis, a.settings ?? {});
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
    message: skipped.length
      ? `done; skipped ${skipped.join(', ')} (its weights are no longer in memory)`
      : 'done',
  });
  return skipped;
}
