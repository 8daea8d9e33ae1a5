// Threads in the browser: the same 51×51 2-D landscape of LSA Model A (2-100-100-100-2 ELU, 1,000 moons
// points) computed by the worker on wasm, once with the page cross-origin isolated (COOP/COEP headers: the
// multi-threaded SIMD build, the badge says how many threads) and once without (a host that sends no headers,
// service workers blocked: one thread), interleaved, 3 times each; the worker's own compute time is read from
// the panel. Then the static-host fallback: without headers but with service workers allowed, the page
// isolates itself (public/coi-sw.js) and runs the threaded build. Writes test-results/threads.json.
import {
  assert,
  byId,
  computeFreshLandscape2d,
  openLab,
  screenshot,
  startServer,
  waitForValue,
  writeResult,
} from '../lib.mjs';
import os from 'node:os';

const HASH =
  '#v1&seed=1&data.n=1429&data.testFraction=0.3&model.hidden=100,100,100&model.activation=elu' +
  '&training.epochs=1&backend=wasm';
const REPEATS = 3;

async function trainedLab(browser, url, contextOptions) {
  const lab = await openLab(browser, url, HASH, contextOptions);
  const { page } = lab;
  await byId(page, 'play').click();
  await waitForValue(page, 'run-status', (v) => v === 'done', 120_000);
  await byId(page, 'landscape2d').scrollIntoViewIfNeeded();
  await byId(page, 'landscape2d-resolution').selectOption('51');
  const badge = byId(page, 'backend-badge');
  return {
    ...lab,
    backend: await badge.getAttribute('data-backend'),
    threads: Number(await badge.getAttribute('data-threads')),
    reason: (await byId(page, 'backend-reason').textContent()).trim(),
    isolated: await page.evaluate(() => window.crossOriginIsolated),
    // tfjs-wasm's pool: half the logical cores, at least one (src/worker/backend.ts keeps that rule).
    poolThreads: await page.evaluate(() => Math.max(1, Math.floor(navigator.hardwareConcurrency / 2))),
  };
}

/** One fresh 51×51 computation; returns the worker's seconds (from the panel's summary). */
async function landscapeSeconds(page) {
  const summary = await computeFreshLandscape2d(page, 51, 180_000);
  const m = /(wasm|cpu|webgl|webgpu), (\w+), ([\d.]+) s\./.exec(summary);
  assert(m, `no timing in the summary: ${summary}`);
  return { seconds: Number(m[3]), strategy: m[2] };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export default {
  name: 't. threads: cross-origin isolated wasm vs one thread, same 51×51 landscape; service-worker fallback',
  timeoutSec: 900,
  async run({ browser }) {
    const isolatedServer = await startServer({ isolated: true });
    const plainServer = await startServer({ isolated: false });
    try {
      const threaded = await trainedLab(browser, isolatedServer.url);
      const single = await trainedLab(browser, plainServer.url, { serviceWorkers: 'block' });
      assert(threaded.isolated && threaded.backend === 'wasm', `isolated page: ${threaded.reason}`);
      assert(
        threaded.threads === threaded.poolThreads,
        `isolated page runs ${threaded.threads} thread(s), not ${threaded.poolThreads}: ${threaded.reason}`,
      );
      assert(
        !single.isolated && single.threads === 1,
        `plain page: ${single.threads} threads (${single.reason})`,
      );
      assert(/not cross-origin isolated/.test(single.reason), `plain page's badge: ${single.reason}`);
      const times = { threaded: [], single: [] };
      let strategy = '';
      for (let r = 0; r < REPEATS; r++) {
        const order = r % 2 === 0 ? ['threaded', 'single'] : ['single', 'threaded'];
        for (const mode of order) {
          const lab = mode === 'threaded' ? threaded : single;
          const t = await landscapeSeconds(lab.page);
          times[mode].push(t.seconds);
          strategy = t.strategy;
        }
      }
      await screenshot(threaded.page, 't-threads-isolated');
      await threaded.context.close();
      await single.context.close();

      // The static-host fallback: no headers, service workers allowed → isolated after one reload.
      const fallback = await openLab(browser, plainServer.url, HASH);
      await fallback.page.waitForFunction(() => window.crossOriginIsolated, null, { timeout: 60_000 });
      await fallback.page
        .locator('[data-testid=backend-badge][data-threads]:not([data-threads=""])')
        .waitFor({ timeout: 60_000 });
      const swThreads = Number(await byId(fallback.page, 'backend-badge').getAttribute('data-threads'));
      assert(
        swThreads === threaded.poolThreads,
        `service-worker fallback runs ${swThreads} thread(s), not ${threaded.poolThreads}`,
      );
      await fallback.context.close();

      const speedup = median(times.single) / median(times.threaded);
      await writeResult('threads.json', {
        model: 'LSA Model A 2-100-100-100-2 ELU, 1,000 moons points, 51×51',
        strategy,
        threads: threaded.threads,
        threadedSeconds: times.threaded,
        singleSeconds: times.single,
        speedup,
        serviceWorkerThreads: swThreads,
        cores: os.cpus().length,
        machineLoadAverage1m: os.loadavg()[0],
      });
      const errors = [...threaded.errors, ...single.errors, ...fallback.errors];
      assert(errors.length === 0, `page errors: ${errors.join(' | ')}`);
      const fmt = (xs) => xs.map((x) => x.toFixed(2)).join(', ');
      return (
        `${strategy}: ${threaded.threads} threads ${median(times.threaded).toFixed(2)} s [${fmt(times.threaded)}] vs ` +
        `1 thread ${median(times.single).toFixed(2)} s [${fmt(times.single)}] → ${speedup.toFixed(2)}× ` +
        `(load ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores); service-worker fallback: ${swThreads} threads`
      );
    } finally {
      await isolatedServer.close();
      await plainServer.close();
    }
  },
};
