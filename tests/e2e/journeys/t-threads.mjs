// Threads and landscape workers in the browser: the same 51×51 2-D landscape of LSA Model A
// (2-100-100-100-2 ELU, 1,000 moons points) computed on wasm on a cross-origin isolated page, once with the
// landscape workers on (the default: the engine's worker plus one single-threaded worker per free core
// share the grid's points) and once off (landscapeWorkers=1: the engine's worker alone), interleaved, 3
// times each after one untimed run each; the worker's own compute time is read from the panel. Both grids (from the CSV download)
// must agree to 1e-6; the speed-up is measured and reported, not asserted (timings belong to benches). Then the
// badge on a page without the isolation headers (service workers blocked: one thread), and the static-host
// fallback: without headers but with service workers allowed, the page isolates itself (public/coi-sw.js)
// and runs the threaded build. Writes test-results/threads.json.
import { readFile, rename } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import {
  RESULTS,
  assert,
  byId,
  checkExport,
  computeFreshLandscape2d,
  openLab,
  screenshot,
  startServer,
  waitForValue,
  writeResult,
} from '../lib.mjs';

const HASH =
  '#v1&seed=1&data.n=1429&data.testFraction=0.3&model.hidden=100,100,100&model.activation=elu' +
  '&training.epochs=1&backend=wasm';
const REPEATS = 3;

async function badge(page) {
  const b = byId(page, 'backend-badge');
  return {
    backend: await b.getAttribute('data-backend'),
    threads: Number(await b.getAttribute('data-threads')),
    workers: Number(await b.getAttribute('data-landscape-workers')),
    plain: (await b.textContent()).trim(),
    reason: (await byId(page, 'backend-reason').textContent()).trim(),
    title: await b.evaluate((el) => el.parentElement.title),
    isolated: await page.evaluate(() => window.crossOriginIsolated),
    cores: await page.evaluate(() => navigator.hardwareConcurrency),
  };
}

async function trainedLab(browser, url, hash) {
  const lab = await openLab(browser, url, hash);
  const { page } = lab;
  await byId(page, 'play').click();
  await waitForValue(page, 'run-status', (v) => v === 'done', 120_000);
  await byId(page, 'landscape2d').scrollIntoViewIfNeeded();
  await byId(page, 'landscape2d-resolution').selectOption('51');
  return { ...lab, ...(await badge(page)) };
}

/** One fresh 51×51 computation; the worker's seconds and the workers that shared it (from the summary). */
async function landscapeRun(page) {
  const summary = await computeFreshLandscape2d(page, 51, 180_000);
  const m = /(wasm|cpu|webgl|webgpu), (\w+), ([\d.]+) s\./.exec(summary);
  assert(m, `no timing in the summary: ${summary}`);
  const shared = /Shared among (\d+) CPU workers/.exec(summary);
  assert(!/Note:/.test(summary), `a landscape worker did not help: ${summary}`);
  return { seconds: Number(m[3]), strategy: m[2], workers: shared ? Number(shared[1]) : 1 };
}

/** The last landscape's losses, from the panel's CSV download. */
async function gridLosses(page, name) {
  await checkExport(page, 'landscape-2d', 'csv');
  const path = join(RESULTS, `t-landscape-${name}.csv`);
  await rename(join(RESULTS, 'export-landscape-2d.csv'), path);
  const [header, ...rows] = (await readFile(path, 'utf8')).trim().split('\n');
  const cols = header.split(',');
  const losses = cols.flatMap((c, i) => (/_loss$/.test(c) ? [i] : []));
  return rows.map((r) => r.split(',').map(Number)).map((r) => losses.map((i) => r[i]));
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export default {
  name: 't. threads: landscape workers on vs off, same 51×51 landscape on wasm; isolation and the service-worker fallback',
  timeoutSec: 900,
  async run({ browser }) {
    const isolatedServer = await startServer({ isolated: true });
    const plainServer = await startServer({ isolated: false });
    try {
      const on = await trainedLab(browser, isolatedServer.url, HASH);
      const off = await trainedLab(browser, isolatedServer.url, `${HASH}&landscapeWorkers=1`);
      // tfjs-wasm's own pool: half the logical cores, at least one (src/worker/backend.ts keeps that rule);
      // the landscape workers fill the rest, one per core.
      const poolThreads = Math.max(1, Math.floor(on.cores / 2));
      assert(on.isolated && on.backend === 'wasm', `isolated page: ${on.reason}`);
      assert(
        on.threads === poolThreads,
        `isolated page runs ${on.threads} thread(s), not ${poolThreads}: ${on.reason}`,
      );
      const expectedWorkers = Math.min(8, Math.max(1, on.cores - on.threads + 1));
      assert(
        on.workers === expectedWorkers,
        `badge: ${on.workers} landscape workers, not ${expectedWorkers}`,
      );
      assert(off.workers === 1, `workers off: the badge says ${off.workers}`);
      if (expectedWorkers > 1) {
        assert(
          on.plain.includes(`landscapes on ${expectedWorkers} cores`),
          `the badge does not say how many workers: ${on.plain}`,
        );
        assert(
          on.reason.includes(`shared among ${expectedWorkers} CPU workers`),
          `the badge's detail does not count the workers: ${on.reason}`,
        );
        assert(
          on.title.includes(`wasm · ${on.threads} thread`) && /landscape worker/.test(on.title),
          `the badge's title does not count threads and workers: ${on.title}`,
        );
      }
      // One untimed computation on each page first: the landscape workers start with the first surface
      // (about a second each, more under load), and both pages' kernels warm up.
      const cold = { on: (await landscapeRun(on.page)).seconds, off: (await landscapeRun(off.page)).seconds };
      const times = { on: [], off: [] };
      let strategy = '';
      let workersUsed = 0;
      for (let r = 0; r < REPEATS; r++) {
        const order = r % 2 === 0 ? ['on', 'off'] : ['off', 'on'];
        for (const mode of order) {
          const t = await landscapeRun((mode === 'on' ? on : off).page);
          times[mode].push(t.seconds);
          strategy = t.strategy;
          if (mode === 'on') workersUsed = t.workers;
          else assert(t.workers === 1, `workers off, yet ${t.workers} shared the grid`);
        }
      }
      assert(
        workersUsed === expectedWorkers,
        `${workersUsed} workers shared the grid, not ${expectedWorkers}`,
      );
      // The same grid either way (same backend, same chunks; only who computes each chunk differs).
      const a = await gridLosses(on.page, 'workers-on');
      const b = await gridLosses(off.page, 'workers-off');
      assert(a.length === 51 * 51 && b.length === a.length, `${a.length} / ${b.length} rows`);
      let maxDiff = 0;
      a.forEach((row, i) => row.forEach((v, s) => (maxDiff = Math.max(maxDiff, Math.abs(v - b[i][s])))));
      assert(maxDiff <= 1e-6, `workers on and off disagree: max |Δloss| = ${maxDiff}`);
      await screenshot(on.page, 't-threads-isolated');
      await on.context.close();
      await off.context.close();

      // A host that sends no headers, service workers blocked: one thread, and the badge says why.
      const plain = await openLab(browser, plainServer.url, HASH, { serviceWorkers: 'block' });
      const single = await badge(plain.page);
      assert(
        !single.isolated && single.threads === 1,
        `plain page: ${single.threads} threads (${single.reason})`,
      );
      assert(/not cross-origin isolated/.test(single.reason), `plain page's badge: ${single.reason}`);
      await plain.context.close();

      // The static-host fallback: no headers, service workers allowed → isolated after one reload.
      const fallback = await openLab(browser, plainServer.url, HASH);
      await fallback.page.waitForFunction(() => window.crossOriginIsolated, null, { timeout: 60_000 });
      await fallback.page
        .locator('[data-testid=backend-badge][data-threads]:not([data-threads=""])')
        .waitFor({ timeout: 60_000 });
      const swThreads = Number(await byId(fallback.page, 'backend-badge').getAttribute('data-threads'));
      assert(
        swThreads === poolThreads,
        `service-worker fallback runs ${swThreads} thread(s), not ${poolThreads}`,
      );
      await fallback.context.close();

      const speedup = median(times.off) / median(times.on);
      const load = os.loadavg()[0];
      const cores = os.cpus().length;
      await writeResult('threads.json', {
        model: 'LSA Model A 2-100-100-100-2 ELU, 1,000 moons points, 51×51',
        strategy,
        threads: on.threads,
        landscapeWorkers: workersUsed,
        workersOnSeconds: times.on,
        workersOffSeconds: times.off,
        firstRunSeconds: cold,
        speedup,
        maxAbsLossDifference: maxDiff,
        serviceWorkerThreads: swThreads,
        cores,
        machineLoadAverage1m: load,
      });
      const errors = [...on.errors, ...off.errors, ...plain.errors, ...fallback.errors];
      assert(errors.length === 0, `page errors: ${errors.join(' | ')}`);
      const fmt = (xs) => xs.map((x) => x.toFixed(2)).join(', ');
      const line =
        `${strategy}: ${workersUsed} landscape workers ${median(times.on).toFixed(2)} s [${fmt(times.on)}] vs ` +
        `1 worker ${median(times.off).toFixed(2)} s [${fmt(times.off)}] → ${speedup.toFixed(2)}×, ` +
        `first runs ${cold.on.toFixed(2)} / ${cold.off.toFixed(2)} s, max |Δloss| ${maxDiff} (load ${load.toFixed(1)} on ${cores} cores); ${on.threads} wasm thread(s); ` +
        `service-worker fallback: ${swThreads} threads`;
      return line;
    } finally {
      await isolatedServer.close();
      await plainServer.close();
    }
  },
};
