/**
 * Runs a lesson's steps as the lab does (each step's plan through the core runPlan: train its runs, then its
 * analyses on each), with a run reused whenever a later step names the same configuration and an analysis
 * it already has not run again, so the claim tests read the numbers a class sees. Moons only (the lessons' data).
 */
import { type ComparisonRow, compareRuns } from '../../src/core/compare';
import type { ExperimentConfig } from '../../src/core/config';
import type { AnalysisRecord, EpochMetrics } from '../../src/core/events';
import { Lab, localHost } from '../../src/core/lab/lab';
import { runPlan } from '../../src/core/lab/plan';
import { findRecord } from '../../src/core/train/runner';
import { type Lesson, stepPlan } from '../../src/core/lessons/lesson';
import { moons, useBackend } from './helpers';

export interface StepRun {
  label: string;
  config: ExperimentConfig;
  history: EpochMetrics[];
  analyses: AnalysisRecord[];
  /** The records of this step's analyses, in the order of the plan (computed now or earlier). */
  records: AnalysisRecord[];
}

export interface StepOutcome {
  runs: StepRun[];
  /** The comparison table of the step's runs as it stands after the step. */
  rows: ComparisonRow[];
  /** The step's run with this label. */
  run(label: string): StepRun;
}

/** A lesson opened in one lab: each step's plan through the one runPlan the app uses. */
export class LessonSession {
  private readonly lab = new Lab({ dataset: async (c) => moons(c), backend: async () => 'wasm' });
  /** Runs trained (not reused) so far. */
  trained = 0;

  constructor(private readonly lesson: Lesson) {}

  async step(id: string): Promise<StepOutcome> {
    const step = this.lesson.steps.find((s) => s.id === id);
    if (!step) throw new Error(`no step ${id}`);
    const plan = { title: step.title, ...stepPlan(this.lesson, step) };
    const host = localHost(this.lab, (e) => {
      if (e.type === 'done') this.trained++;
    });
    const handles = await runPlan(host, plan, new AbortController().signal);
    const runs = handles.map((h, i) => {
      const recorded = { epoch: h.runner.trainer.epoch, analyses: h.runner.analyses };
      return {
        label: plan.runs[i]?.label ?? step.title,
        config: h.runner.config,
        history: [...h.runner.history],
        analyses: [...h.runner.analyses],
        records: plan.analyses.flatMap((a) => findRecord(recorded, a.analysis, a.settings) ?? []),
      };
    });
    const rows = compareRuns(runs).rows;
    return {
      runs,
      rows,
      run: (label) => {
        const found = runs.find((r) => r.label === label);
        if (!found) throw new Error(`no run ${label} in step ${id}`);
        return found;
      },
    };
  }

  /** Every step of the lesson in order on wasm, by step id. */
  async all(): Promise<Record<string, StepOutcome>> {
    await useBackend('wasm');
    const steps: Record<string, StepOutcome> = {};
    for (const step of this.lesson.steps) steps[step.id] = await this.step(step.id);
    return steps;
  }

  async dispose(): Promise<void> {
    await this.lab.end();
  }
}

/** The result of the step's first record of an analysis. */
export function resultOf<T>(run: StepRun, analysis: string): T {
  const record = run.records.find((r) => r.id === analysis);
  if (!record) throw new Error(`no ${analysis} in ${run.label}`);
  return record.result as T;
}

/** A step's "what to look for". */
export function lookForOf(lesson: Lesson, id: string): string {
  const step = lesson.steps.find((s) => s.id === id);
  if (!step) throw new Error(`no step ${id}`);
  return step.lookFor;
}

export const mean = (v: number[]) => v.reduce((x, y) => x + y, 0) / v.length;
export const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
