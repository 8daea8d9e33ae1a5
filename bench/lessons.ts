/**
 * Bench section: runs every step of every lesson as the app would (its plan: train the runs, then the
 * analyses) on the wasm backend and prints the wall and CPU seconds per step, with the final figures of
 * each step's runs, so the "every step within a minute of compute" budget and the numbers the steps' texts
 * promise can be checked. Run: node --import ./scripts/node-esm-resolve.mjs --import tsx bench/lessons.ts
 * [lesson-id] [step-id…]
 */
import { compareRuns } from '../src/core/compare';
import type { ExperimentConfig } from '../src/core/config';
import { moonsDataset } from '../src/core/data/moons';
import { LESSONS } from '../src/core/lessons/registry';
import { stepPlan } from '../src/core/lessons/lesson';
import { Runner } from '../src/core/train/runner';
import { useBackend } from '../src/node/backend';

export interface LessonStepTiming {
  lesson: string;
  step: string;
  runs: number;
  wallSeconds: number;
  cpuSeconds: number;
}

/** The lessons train on moons (the MNIST reader is not needed here). */
function datasetFor(config: ExperimentConfig) {
  if (config.data.kind !== 'moons')
    throw new Error(`bench/lessons.ts handles moons lessons, not ${config.data.kind}`);
  return moonsDataset(config.data, config.seed);
}

const fmt = (v: number | null | undefined, digits = 3) => (v == null ? '–' : v.toFixed(digits));

export async function benchLessons(lessonId?: string, stepIds: string[] = []): Promise<LessonStepTiming[]> {
  await useBackend('wasm');
  const rows: LessonStepTiming[] = [];
  for (const lesson of Object.values(LESSONS)) {
    if (lessonId && lesson.id !== lessonId) continue;
    for (const step of lesson.steps) {
      if (stepIds.length && !stepIds.includes(step.id)) continue;
      const plan = stepPlan(lesson, step);
      const wall0 = performance.now();
      const cpu0 = process.cpuUsage();
      const done = [];
      for (const run of plan.runs) {
        const runner = await Runner.create(run.config, datasetFor(run.config), 'wasm', () => {});
        await runner.play();
        for (const a of plan.analyses) await runner.runAnalysis(a.analysis, a.settings);
        done.push({
          label: run.label,
          config: run.config,
          history: runner.history,
          analyses: runner.analyses,
        });
        await runner.cancel();
      }
      const cpu = process.cpuUsage(cpu0);
      const timing = {
        lesson: lesson.id,
        step: step.id,
        runs: plan.runs.length,
        wallSeconds: (performance.now() - wall0) / 1000,
        cpuSeconds: (cpu.user + cpu.system) / 1e6,
      };
      rows.push(timing);
      console.log(
        `${lesson.id} / ${step.id}: ${timing.runs} run(s), ${timing.wallSeconds.toFixed(1)} s wall, ${timing.cpuSeconds.toFixed(1)} s CPU`,
      );
      for (const r of compareRuns(done).rows) {
        const extra = done.find((d) => d.label === r.label)?.history.at(-1)?.extra ?? {};
        console.log(
          `  ${r.label}: clean ${fmt(r.cleanTrainAcc)}/${fmt(r.cleanTestAcc)}, robust ${fmt(r.robustTrainAcc)}/${fmt(r.robustTestAcc)}, ` +
            `gap ${fmt(r.robustGap)}, robust test loss ${fmt(extra.robustTestLoss)}; ` +
            r.sharpnessFigures
              .map(
                (f) =>
                  `${f.source}${f.robust ? ' (robust)' : ''} ${f.split ?? ''} ${f.measure}: ${fmt(f.value)}`,
              )
              .join('; '),
        );
      }
    }
  }
  return rows;
}

if (process.argv[1]?.endsWith('lessons.ts')) void benchLessons(process.argv[2], process.argv.slice(3));
