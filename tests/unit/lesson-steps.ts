/**
 * Runs a lesson's steps as the lab does (each step's plan: train its runs, then its analyses on each), with
 * a run reused whenever a later step names the same configuration, so the claim tests read the numbers a
 * class sees. Moons only (the lessons' data).
 */
import { type ComparisonRow, compareRuns } from '../../src/core/compare';
import type { ExperimentConfig } from '../../src/core/config';
import type { AnalysisRecord } from '../../src/core/events';
import { type Lesson, stepPlan } from '../../src/core/lessons/lesson';
import { Runner } from '../../src/core/train/runner';
import { moons, useBackend } from './helpers';

export interface StepRun {
  label: string;
  config: ExperimentConfig;
  runner: Runner;
  /** The records this step's analyses added, in the order of the plan. */
  records: AnalysisRecord[];
}

export interface StepOutcome {
  runs: StepRun[];
  /** The comparison table of the step's runs as it stands after the step. */
  rows: ComparisonRow[];
  /** The step's run with this label. */
  run(label: string): StepRun;
}

export class LessonSession {
  private readonly runners = new Map<string, Runner>();
  /** Runs trained (not reused) so far. */
  trained = 0;

  constructor(private readonly lesson: Lesson) {}

  async step(id: string): Promise<StepOutcome> {
    const step = this.lesson.steps.find((s) => s.id === id);
    if (!step) throw new Error(`no step ${id}`);
    const plan = stepPlan(this.lesson, step);
    const runs: StepRun[] = [];
    for (const { label, config } of plan.runs) {
      const key = JSON.stringify(config);
      let runner = this.runners.get(key);
      if (!runner) {
        runner = await Runner.create(config, moons(config), 'wasm', () => {});
        await runner.play();
        this.runners.set(key, runner);
        this.trained++;
      }
      const before = runner.analyses.length;
      for (const a of plan.analyses) await runner.runAnalysis(a.analysis, a.settings);
      runs.push({ label, config, runner, records: runner.analyses.slice(before) });
    }
    const rows = compareRuns(
      runs.map((r) => ({
        label: r.label,
        config: r.config,
        history: r.runner.history,
        analyses: r.runner.analyses,
      })),
    ).rows;
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
    for (const runner of this.runners.values()) await runner.cancel();
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
