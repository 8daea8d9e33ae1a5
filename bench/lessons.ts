/**
 * Bench section: runs every step of every lesson as the app would (its plan: train the runs, then the
 * analyses) on the wasm backend and prints the wall and CPU seconds per step, with the final figures of
 * each step's runs, so the "every step within a minute of compute" budget and the numbers the steps' texts
 * promise can be checked. Run: node --import ./scripts/node-esm-resolve.mjs --import tsx bench/lessons.ts
 * [lesson-id] [step-id…], or `… bench/lessons.ts presets [preset-id…]` for the gallery.
 */
import { getAnalysis } from '../src/core/analysis/registry';
import { type ComparableRun, compareRuns } from '../src/core/compare';
import type { AnalysisRecord } from '../src/core/events';
import { PRESET_GALLERY } from '../src/core/presets/gallery';
import { presetRuns } from '../src/core/presets/preset';
import { loadDataset } from '../src/core/data/registry';
import { nodeDataSources } from '../src/node/mnist-file';
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

type DoneRun = ComparableRun & { analyses: AnalysisRecord[] };

/** Each run's analysis metrics and final figures. */
function printRuns(done: DoneRun[]): void {
  for (const d of done)
    for (const a of d.analyses) {
      if (getAnalysis(a.id).perEpoch) continue; // per-epoch figures are in the final row below
      const metrics = (a.result as { metrics?: Record<string, number> } | null)?.metrics;
      if (metrics && Object.keys(metrics).length)
        console.log(
          `  ${d.label} · ${a.id}: ${Object.entries(metrics)
            .map(([k, v]) => `${k} ${fmt(v)}`)
            .join(', ')}`,
        );
    }
  for (const r of compareRuns(done).rows) {
    const extra = done.find((d) => d.label === r.label)?.history.at(-1)?.extra ?? {};
    console.log(
      `  ${r.label}: clean ${fmt(r.cleanTrainAcc)}/${fmt(r.cleanTestAcc)}, robust ${fmt(r.robustTrainAcc)}/${fmt(r.robustTestAcc)}, ` +
        `gap ${fmt(r.robustGap)}, robust test loss ${fmt(extra.robustTestLoss)}; ` +
        r.sharpnessFigures
          .map(
            (f) => `${f.source}${f.robust ? ' (robust)' : ''} ${f.split ?? ''} ${f.measure}: ${fmt(f.value)}`,
          )
          .join('; '),
    );
  }
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
      const done: DoneRun[] = [];
      for (const run of plan.runs) {
        const runner = await Runner.create(
          run.config,
          await loadDataset(run.config, nodeDataSources),
          'wasm',
          () => {},
        );
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
      printRuns(done);
    }
  }
  return rows;
}

/** The gallery's presets, trained with their analyses (MNIST needs `npm run data` first). */
export async function benchPresets(ids: string[] = []): Promise<void> {
  await useBackend('wasm');
  for (const preset of PRESET_GALLERY) {
    if (ids.length && !ids.includes(preset.id)) continue;
    const wall0 = performance.now();
    const cpu0 = process.cpuUsage();
    const done: DoneRun[] = [];
    for (const run of presetRuns(preset)) {
      const runner = await Runner.create(
        run.config,
        await loadDataset(run.config, nodeDataSources),
        'wasm',
        () => {},
      );
      await runner.play();
      for (const a of preset.analyses ?? []) await runner.runAnalysis(a.analysis, a.settings);
      done.push({ label: run.label, config: run.config, history: runner.history, analyses: runner.analyses });
      await runner.cancel();
    }
    const cpu = process.cpuUsage(cpu0);
    console.log(
      `preset ${preset.id}: ${done.length} run(s), ${((performance.now() - wall0) / 1000).toFixed(1)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU`,
    );
    printRuns(done);
  }
}

if (process.argv[1]?.endsWith('lessons.ts')) {
  const [what, ...rest] = process.argv.slice(2);
  void (what === 'presets' ? benchPresets(rest) : benchLessons(what, rest));
}
