/**
 * Bench section: runs every step of every lesson in the registry as the app would (its plan through the
 * one runPlan, in one lab per lesson, so a step reuses runs earlier steps trained) on the wasm backend and
 * prints per step the wall and CPU seconds and the longest wait without a progress report, with the final
 * figures of each step's runs, so the budgets (no wait over 20 s, a lesson in under 2 minutes) and the
 * numbers the steps' texts promise can be checked. Run: node --import ./scripts/node-esm-resolve.mjs --import tsx bench/lessons.ts
 * [lesson-id] [step-id…], or `… bench/lessons.ts presets [preset-id…]` for the gallery.
 */
import { getAnalysis } from '../src/core/analysis/registry';
import { type ComparableRun, compareRuns } from '../src/core/compare';
import type { AnalysisRecord } from '../src/core/events';
import { PRESET_GALLERY } from '../src/core/presets/gallery';
import { presetRuns } from '../src/core/presets/preset';
import { LESSONS } from '../src/core/lessons/registry';
import { stepPlan } from '../src/core/lessons/lesson';
import { type Lab, localHost } from '../src/core/lab/lab';
import { nodeLab } from '../src/node/lab';
import { type Plan, runPlan } from '../src/core/lab/plan';
import { useBackend } from '../src/node/backend';

export interface LessonStepTiming {
  lesson: string;
  step: string;
  runs: number;
  wallSeconds: number;
  cpuSeconds: number;
  /** Seconds: the longest stretch of the step without a progress report. */
  longestWait: number;
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

/**
 * Runs a plan as the app would (one runPlan, one lab that reuses runs it trained before) and times it: wall
 * and CPU seconds, and the longest wait without a progress report delivered (from the start to the first,
 * between reports, and from the last to the end).
 */
async function timePlan(
  lab: Lab,
  plan: Plan,
): Promise<{
  done: DoneRun[];
  wallSeconds: number;
  cpuSeconds: number;
  longestWait: number;
  waitAt: string;
}> {
  const wall0 = performance.now();
  const cpu0 = process.cpuUsage();
  let last = wall0;
  let longestWait = 0;
  let waitAt = 'start';
  let lastMessage = 'start';
  const tick = (message: string) => {
    const now = performance.now();
    if (now - last > longestWait) [longestWait, waitAt] = [now - last, `${lastMessage} → ${message}`];
    [last, lastMessage] = [now, message];
  };
  // A report counts once the host could deliver it: in a macrotask, as the worker's outbox sends events (a
  // loop that never yields to the host shows nothing, however many reports it makes).
  let latest = '';
  let queued = false;
  const deliver = (message: string) => {
    latest = message;
    if (queued) return;
    queued = true;
    setTimeout(() => {
      queued = false;
      tick(latest);
    }, 0);
  };
  const handles = await runPlan(localHost(lab), plan, new AbortController().signal, (s) =>
    deliver(s.message),
  );
  tick('end');
  const cpu = process.cpuUsage(cpu0);
  const done = handles.map((h, i) => ({
    label: plan.runs[i]?.label ?? 'this run',
    config: h.runner.config,
    history: h.runner.history,
    analyses: h.runner.analyses,
  }));
  return {
    done,
    wallSeconds: (performance.now() - wall0) / 1000,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    longestWait: longestWait / 1000,
    waitAt,
  };
}

export async function benchLessons(lessonId?: string, stepIds: string[] = []): Promise<LessonStepTiming[]> {
  await useBackend('wasm');
  const rows: LessonStepTiming[] = [];
  for (const lesson of Object.values(LESSONS)) {
    if (lessonId && lesson.id !== lessonId) continue;
    // One lab per lesson, as one page: a step reuses the runs earlier steps trained with the same settings.
    const lab = nodeLab();
    let lessonSeconds = 0;
    for (const step of lesson.steps) {
      if (stepIds.length && !stepIds.includes(step.id)) continue;
      const plan = { title: step.title, ...stepPlan(lesson, step) };
      const t = await timePlan(lab, plan);
      const timing = {
        lesson: lesson.id,
        step: step.id,
        runs: plan.runs.length,
        wallSeconds: t.wallSeconds,
        cpuSeconds: t.cpuSeconds,
        longestWait: t.longestWait,
      };
      lessonSeconds += t.wallSeconds;
      rows.push(timing);
      console.log(
        `${lesson.id} / ${step.id}: ${timing.runs} run(s), ${timing.wallSeconds.toFixed(1)} s wall, ` +
          `${timing.cpuSeconds.toFixed(1)} s CPU, longest wait without progress ${timing.longestWait.toFixed(2)} s (${t.waitAt})`,
      );
      printRuns(t.done);
    }
    await lab.end(false);
    console.log(`${lesson.id}: ${lessonSeconds.toFixed(1)} s wall in all`);
  }
  return rows;
}

/** The gallery's presets, trained with their analyses (MNIST needs `npm run data` first). */
async function benchPresets(ids: string[] = []): Promise<void> {
  await useBackend('wasm');
  for (const preset of PRESET_GALLERY) {
    if (ids.length && !ids.includes(preset.id)) continue;
    const lab = nodeLab();
    const t = await timePlan(lab, {
      title: preset.title,
      runs: presetRuns(preset),
      analyses: preset.analyses ?? [],
    });
    await lab.end(false);
    console.log(
      `preset ${preset.id}: ${t.done.length} run(s), ${t.wallSeconds.toFixed(1)} s wall, ${t.cpuSeconds.toFixed(1)} s CPU, ` +
        `longest wait without progress ${t.longestWait.toFixed(2)} s`,
    );
    printRuns(t.done);
  }
}

if (process.argv[1]?.endsWith('lessons.ts')) {
  const [what, ...rest] = process.argv.slice(2);
  void (what === 'presets' ? benchPresets(rest) : benchLessons(what, rest));
}
