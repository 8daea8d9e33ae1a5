/**
 * The lab's main-thread responsiveness (the lab must not hold the main thread for more than 50 ms): while the default moons model trains in the worker, the
 * longest main-thread task, measured in headless Chromium by browser journey b (PerformanceObserver for long
 * tasks, plus the same tasks' CPU time from a Chrome trace); then the long tasks after training, while the
 * visible landscape panels compute and draw; and (journey t) the 51×51 LSA Model A landscape with wasm on
 * all cores (cross-origin isolated page) against one thread. Needs a build in dist/ (`npm run build`) and
 * Chromium; without them it prints the last result of `npm run test:e2e`, if any.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const name = 'ui';

const ROOT = resolve(import.meta.dirname, '..');

interface LongTasks {
  backend: string;
  epochs: number;
  trainingSeconds: number;
  count: number;
  maxMs: number;
  maxTaskCpuMs: number;
  mainThreadCpuMs: number;
  machineLoadAverage1m: number;
  afterTraining?: { count: number; maxMs: number; landscapeComplete: boolean };
}

export async function run(log: (line: string) => void): Promise<void> {
  const resultPath = join(ROOT, 'test-results', 'longtasks.json');
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (existsSync(join(ROOT, 'dist', 'index.html')) && existsSync(chromium)) {
    const lib = await import(pathToFileURL(join(ROOT, 'tests/e2e/lib.mjs')).href);
    const journey = (await import(pathToFileURL(join(ROOT, 'tests/e2e/journeys/b-train-moons.mjs')).href))
      .default;
    const threads = (await import(pathToFileURL(join(ROOT, 'tests/e2e/journeys/t-threads.mjs')).href))
      .default;
    const server = await lib.startServer();
    const browser = await lib.launchBrowser();
    try {
      await journey.run({ browser, url: server.url });
      log(`threads: ${await threads.run({ browser, url: server.url })}`);
    } finally {
      for (const c of lib.openContexts.splice(0)) await c.close();
      await browser.close();
      await server.close();
    }
  } else log('(no dist/ build or no Chromium: showing the last recorded result)');
  if (!existsSync(resultPath)) {
    log('no measurement: run `npm run build` and `npm run bench -- ui`, or `npm run test:e2e`');
    return;
  }
  const r = JSON.parse(readFileSync(resultPath, 'utf8')) as LongTasks;
  log(
    `default moons model, ${r.epochs} epochs on ${r.backend} in ${r.trainingSeconds.toFixed(1)} s (worker)`,
  );
  log(`main-thread long tasks (> 50 ms): ${r.count}; longest ${r.maxMs.toFixed(0)} ms wall time`);
  log(
    `longest task in CPU time: ${r.maxTaskCpuMs.toFixed(1)} ms; main thread busy ${r.mainThreadCpuMs.toFixed(0)} ms in all ` +
      `(machine load average ${r.machineLoadAverage1m.toFixed(1)}: wall time includes waiting for a core)`,
  );
  if (r.afterTraining)
    log(
      `after training, until the visible 2-D landscape is drawn complete and 1 s more: ` +
        `${r.afterTraining.count} long tasks, longest ${r.afterTraining.maxMs.toFixed(0)} ms` +
        (r.afterTraining.landscapeComplete ? '' : ' (the landscape did not complete within 60 s)'),
    );
}
