/**
 * Multi-run plans (presets, lesson steps, comparisons, claim checks): runs trained one after another (same
 * seed, data and initial weights when their configs share them), each analysed right after it finished. One
 * loop for every host — the lab in the browser (through the engine worker) and Node (bench, command line,
 * tests) — reporting what it does in words as it goes ("training PGD-AT 37/150", "computing the 1-D
 * landscape 40%"). A run the host already trained with the same configuration is reused, not retrained, and
 * an analysis it already has at the same epoch with the same settings is not run again.
 */
import { ANALYSIS_IDS, ANALYSIS_LABELS } from '../analysis/analysis-ids';
import type { ExperimentConfig } from '../config';
import type { AnalysisRecord } from '../events';

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

type PlanPhase = 'training' | 'analysing' | 'done' | 'stopped' | 'failed';

export interface PlanStatus {
  title: string;
  phase: PlanPhase;
  /** 1-based position of the run being worked on. */
  index: number;
  total: number;
  label: string;
  message: string;
}

/** The user took over (stopped the plan, started another run) before the plan finished. */
export class PlanStopped extends Error {}

/** Where a run stands while the host trains or analyses it. */
export type PlanProgress =
  | { kind: 'epoch'; epoch: number; epochs: number; fraction: number }
  | { kind: 'analysis'; fraction: number }
  /** The host had trained this configuration already: it shows that run again, trained to `epochs`. */
  | { kind: 'reused'; epochs: number };

/** What a plan needs from its host; H is the host's handle on a trained run. */
export interface PlanHost<H> {
  /** The run the host shows now (a plan without runs analyses it), or null. */
  current(): H | null;
  /**
   * Trains the run to its epochs, or reuses one the host trained with the same configuration (and reports
   * `reused`); reports progress while training. Rejects with PlanStopped when the user took over.
   */
  train(run: PlanRun, progress: (p: PlanProgress) => void, signal: AbortSignal): Promise<H>;
  /**
   * Runs the analysis on the run and resolves with its record once (progress comes through `progress`). A
   * record the run already has at this epoch with the same settings is returned instead, made the run's
   * newest (figures that read the latest record, like the comparison's sharpness column, then show what the
   * plan asked for).
   */
  analyse(handle: H, a: PlanAnalysis, progress: (p: PlanProgress) => void): Promise<AnalysisRecord>;
}

export function check(signal: AbortSignal): void {
  if (signal.aborted) throw new PlanStopped('stopped');
}

/**
 * "training PGD-AT 37/150", "PGD-AT already trained (150 epochs): shown again" or "computing the 1-D
 * landscape on PGD-AT 40%".
 */
function progressText(label: string, p: PlanProgress, analysis?: PlanAnalysis): string {
  if (p.kind === 'epoch') return `training ${label} ${p.epoch}/${p.epochs}`;
  if (p.kind === 'reused') return `${label} already trained (${p.epochs} epochs): shown again`;
  const id = ANALYSIS_IDS.find((known) => known === analysis?.analysis);
  const name = id ? ANALYSIS_LABELS[id] : 'analysis';
  return `computing ${name} on ${label} ${Math.round(100 * p.fraction)}%`;
}

/**
 * Trains the plan's runs one after another, each then analysed. Resolves with the hosts' handles in plan
 * order; throws PlanStopped when stopped.
 */
export async function runPlan<H>(
  host: PlanHost<H>,
  plan: Plan,
  signal: AbortSignal,
  report: (status: PlanStatus) => void = () => {},
): Promise<H[]> {
  const handles: H[] = [];
  const total = plan.runs.length;
  type Status = (phase: PlanPhase, message: string) => void;
  const analyse = async (handle: H, label: string, status: Status) => {
    for (const a of plan.analyses) {
      check(signal);
      status('analysing', progressText(label, { kind: 'analysis', fraction: 0 }, a));
      await host.analyse(handle, a, (p) => status('analysing', progressText(label, p, a)));
    }
  };
  if (!total) {
    const handle = host.current();
    if (handle === null) throw new Error('there is no run to analyse');
    await analyse(handle, 'this run', (phase, message) =>
      report({ title: plan.title, phase, index: 1, total: 1, label: '', message }),
    );
    handles.push(handle);
  }
  let reused = 0;
  for (const [i, run] of plan.runs.entries()) {
    check(signal);
    const status: Status = (phase, message) =>
      report({ title: plan.title, phase, index: i + 1, total, label: run.label, message });
    status('training', `training ${run.label}`);
    const handle = await host.train(
      run,
      (p) => {
        if (p.kind === 'reused') reused++;
        status('training', progressText(run.label, p));
      },
      signal,
    );
    handles.push(handle);
    await analyse(handle, run.label, status);
  }
  check(signal);
  report({
    title: plan.title,
    phase: 'done',
    index: Math.max(total, 1),
    total: Math.max(total, 1),
    label: plan.runs[total - 1]?.label ?? '',
    message: doneText(total, reused),
  });
  return handles;
}

/** "2 runs trained and analysed", "already trained: shown again and analysed", "1 run trained, 1 already trained; analysed". */
function doneText(total: number, reused: number): string {
  const runs = (n: number) => (n === 1 ? '1 run' : `${n} runs`);
  if (!total) return 'analysed';
  if (!reused) return total > 1 ? `${runs(total)} trained and analysed` : 'trained and analysed';
  if (reused === total)
    return total > 1
      ? `${runs(total)} already trained: shown again and analysed`
      : 'already trained: shown again and analysed';
  return `${runs(total - reused)} trained, ${reused} already trained; analysed`;
}
