// Train the default moons model (auto backend → wasm on SwiftShader) to ≥ 95% test accuracy, recording the
// main thread's long tasks (> 50 ms) meanwhile, and after it, while the visible landscape panels compute and
// draw. The numbers go to test-results/longtasks.json (for the bench); timing is not asserted.
import { loadavg } from 'node:os';
import { assert, byId, openLab, screenshot, startTrace, value, waitForValue, writeResult } from '../lib.mjs';

const AFTER_MS = 1000;

export default {
  name: 'b. train the default moons model to ≥ 95% test accuracy (auto backend)',
  timeoutSec: 180,
  /** `tag` names this run's result files (the sub-path journey runs it again). */
  async run({ browser, url, tag = '' }) {
    const { page } = await openLab(browser, url, '');
    const backend = await byId(page, 'backend-badge').getAttribute('data-backend');
    assert(
      await page.evaluate(() => window.basinTest === undefined),
      'test hooks installed without ?test-hooks',
    );
    await page.locator('[data-testid=curves-figure]').waitFor({ timeout: 60_000 });
    await page.waitForTimeout(1000);
    await page.evaluate(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries())
          window.__longTasks.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask', buffered: false });
    });
    // A trace tells work from waiting: on a busy machine a task's wall time includes time the OS gave others.
    const trace = await startTrace(page);
    const load = loadavg()[0];
    const t0 = Date.now();
    // A DOM click: Playwright's own click (actionability checks, hit tests) runs scripts in the page, inside
    // the measured interval.
    await byId(page, 'play').evaluate((el) => el.click());
    await waitForValue(page, 'run-status', (v) => v === 'done', 150_000);
    const seconds = (Date.now() - t0) / 1000;
    const doneAt = await page.evaluate(() => performance.now());
    await page.waitForTimeout(400); // let the last epoch's redraw land inside the measurement
    const tasks = await page.evaluate(() => [...window.__longTasks]);
    const mainTasks = await trace.stop();
    const maxCpu = mainTasks.reduce((m, t) => Math.max(m, t.cpuMs), 0);
    // After training: the visible 1-D and 2-D landscape panels compute (in the worker) and draw their figures.
    // The 2-D panel computes only once scrolled to, so only a visible one is waited for.
    const settled = await page
      .waitForFunction(
        () =>
          [...document.querySelectorAll('[data-testid=landscape1d], [data-testid=landscape2d]')].every(
            (el) =>
              el.getAttribute('data-stage') === 'complete' ||
              (el.getAttribute('data-testid') === 'landscape2d' && el.getAttribute('data-visible') !== 'yes'),
          ),
        null,
        { timeout: 60_000 },
      )
      .then(() => true)
      .catch(() => false);
    await page.waitForTimeout(AFTER_MS);
    const after = await page.evaluate(
      (start) => window.__longTasks.filter((t) => t.start >= start),
      doneAt + 400,
    );
    const acc = await value(page, 'test-acc');
    const epochs = await value(page, 'epoch');
    const max = tasks.reduce((m, t) => Math.max(m, t.duration), 0);
    await writeResult(`longtasks${tag}.json`, {
      what: 'main-thread long tasks (> 50 ms) while training the default moons model',
      backend,
      epochs,
      trainingSeconds: seconds,
      count: tasks.length,
      maxMs: max,
      maxTaskCpuMs: maxCpu,
      mainThreadCpuMs: mainTasks.reduce((a, t) => a + t.cpuMs, 0),
      afterTraining: {
        what:
          'long tasks after training, until the visible landscape panels are complete and ' +
          `${AFTER_MS / 1000} s more (the visible landscape panels compute in the worker and draw)`,
        landscapeComplete: settled,
        count: after.length,
        maxMs: after.reduce((m, t) => Math.max(m, t.duration), 0),
        tasks: after,
      },
      machineLoadAverage1m: load,
      note:
        'maxMs: wall time of the longest task (PerformanceObserver). maxTaskCpuMs: main-thread CPU time of the ' +
        'longest task in a Chrome trace of the same interval; it excludes time the OS gave other processes.',
      tasks,
    });
    await screenshot(page, `b-moons-trained${tag}`);
    assert(acc >= 0.95, `test accuracy ${acc}`);
    return (
      `${backend}, ${epochs} epochs in ${seconds.toFixed(1)} s, test acc ${(acc * 100).toFixed(1)}%; ` +
      `long tasks ${tasks.length}, max ${max.toFixed(0)} ms wall / ${maxCpu.toFixed(0)} ms CPU (load ${load.toFixed(1)}); ` +
      `after training ${after.length}`
    );
  },
};
