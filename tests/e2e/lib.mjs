// Shared helpers for the browser journeys: a static server for dist/, Chromium with WebGPU on, and page helpers.
import { createServer } from 'node:http';
import { existsSync } from 'node:fs';
import { readFile, stat, mkdir, writeFile } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const ROOT = resolve(import.meta.dirname, '../..');
export const DIST = join(ROOT, 'dist');
export const RESULTS = join(ROOT, 'test-results');

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.gz': 'application/gzip',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/** The headers that make a page cross-origin isolated (as `vite preview` sends them: vite.config.ts). */
const ISOLATION_HEADERS = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
};

/**
 * Serves dist/ on a free localhost port (no compression, no caching), under `prefix` (e.g. "/some/sub/path/",
 * as a static host serves a project page): anything outside it is 404. Sends the cross-origin isolation
 * headers unless `isolated` is false (a static host that sends none).
 */
export async function startServer({ prefix = '/', isolated = true } = {}) {
  /** Paths asked for outside the prefix: a build that works from any sub-path asks for none. */
  const outside = [];
  const server = createServer(async (req, res) => {
    try {
      const full = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      if (!full.startsWith(prefix)) {
        outside.push(full);
        res.writeHead(404).end();
        return;
      }
      const path = full.slice(prefix.length - 1);
      let file = normalize(join(DIST, path));
      if (!file.startsWith(DIST)) {
        res.writeHead(403).end();
        return;
      }
      const s = await stat(file).catch(() => null);
      if (!s || s.isDirectory()) file = join(DIST, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': MIME[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
        ...(isolated ? ISOLATION_HEADERS : {}),
      });
      res.end(body);
    } catch (err) {
      res.writeHead(500).end(String(err));
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    outside,
    close: () => new Promise((ok) => server.close(ok)),
  };
}

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-vulkan=swiftshader',
  '--use-webgpu-adapter=swiftshader',
  '--use-angle=swiftshader',
];

/** Where Chrome or Chromium usually lives on Linux, macOS and Windows. */
const BROWSER_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/snap/bin/chromium',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  ...['PROGRAMFILES', 'PROGRAMFILES(X86)', 'LOCALAPPDATA'].flatMap((v) =>
    process.env[v]
      ? [
          join(process.env[v], 'Google/Chrome/Application/chrome.exe'),
          join(process.env[v], 'Chromium/Application/chrome.exe'),
        ]
      : [],
  ),
];

/**
 * The browser the journeys drive: $CHROMIUM_PATH if set, else the first Chrome or Chromium found in the usual
 * places, else the Chromium that `npx playwright install chromium` downloads.
 */
function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist`);
    return fromEnv;
  }
  const found = [...BROWSER_CANDIDATES, chromium.executablePath()].find((p) => p && existsSync(p));
  if (!found)
    throw new Error(
      'No Chrome or Chromium found: install one (e.g. `sudo apt-get install chromium`, or ' +
        '`npx playwright install chromium`) or set CHROMIUM_PATH to its executable.',
    );
  return found;
}

export function launchBrowser() {
  return chromium.launch({ executablePath: findChromium(), headless: true, args: CHROMIUM_ARGS });
}

/** Contexts opened by the running journey; the runner screenshots them on failure and closes them. */
export const openContexts = [];

export async function newContext(browser, options = {}) {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 1000 },
    acceptDownloads: true,
    ...options,
  });
  openContexts.push(context);
  return context;
}

/** A fresh page (own context, `contextOptions` for it) at `hash`, with console errors collected. */
export async function openLab(browser, baseUrl, hash = '', contextOptions = {}) {
  const context = await newContext(browser, contextOptions);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(baseUrl + hash);
  await page
    .getByTestId('backend-badge')
    .and(page.locator('[data-backend]:not([data-backend=""])'))
    .waitFor({ timeout: 60_000 });
  return { page, context, errors };
}

export const byId = (page, id) => page.getByTestId(id);

/**
 * A settings field by test id, its folded group opened first (as a reader clicks the group's title), ready to
 * fill, select or check.
 */
export async function setting(page, id) {
  const field = byId(page, id);
  await field.evaluate((el) => el.closest('details:not([open])')?.querySelector(':scope > summary')?.click());
  return field;
}

/** The raw number behind a read-out (data-value), or NaN. */
export async function value(page, id) {
  const v = await page.getByTestId(id).getAttribute('data-value');
  return v === null || v === '' ? NaN : Number(v);
}

export async function waitForValue(page, id, predicate, timeout = 120_000) {
  await page.waitForFunction(
    ([tid, src]) => {
      const el = document.querySelector(`[data-testid="${tid}"]`);
      const raw = el?.getAttribute('data-value');
      return raw !== null && raw !== undefined && raw !== '' && new Function('v', `return (${src})(v)`)(raw);
    },
    [id, predicate.toString()],
    { timeout, polling: 100 },
  );
}

/**
 * Clicks the 2-D landscape's Compute once it is free and waits for the computation this click started to
 * end with a complete picture at `resolution` (one may be there already, computed when the panel came into
 * view); returns the panel's summary. On a timeout the error says what the panel showed.
 */
export async function computeFreshLandscape2d(page, resolution, timeout = 600_000) {
  const button = '[data-testid=landscape2d-compute]';
  await page.waitForFunction((sel) => !document.querySelector(sel)?.disabled, button, { timeout: 120_000 });
  // Every change of the button's disabled state is recorded, so even a short computation is seen to start.
  await page.evaluate((sel) => {
    const el = document.querySelector(sel);
    window.__landscapeBusySeen = false;
    new MutationObserver(() => {
      if (el.disabled) window.__landscapeBusySeen = true;
    }).observe(el, { attributes: true, attributeFilter: ['disabled'] });
  }, button);
  await page.locator(button).click();
  try {
    await page.waitForFunction(
      ([sel, res]) => {
        const el = document.querySelector('[data-testid=landscape2d]');
        return (
          window.__landscapeBusySeen &&
          !document.querySelector(sel)?.disabled &&
          el?.getAttribute('data-stage') === 'complete' &&
          el.getAttribute('data-resolution') === String(res)
        );
      },
      [button, resolution],
      { timeout },
    );
  } catch (err) {
    const seen = await page.evaluate((sel) => {
      const el = document.querySelector('[data-testid=landscape2d]');
      const text = (id) => document.querySelector(`[data-testid=${id}]`)?.textContent?.trim() ?? '(none)';
      return {
        started: window.__landscapeBusySeen,
        busy: document.querySelector(sel)?.disabled,
        stage: el?.getAttribute('data-stage'),
        resolution: el?.getAttribute('data-resolution'),
        progress: document.querySelector('[data-testid=landscape2d-progress]')?.getAttribute('value') ?? null,
        summary: text('landscape2d-summary'),
        badge: text('backend-badge'),
        status: text('run-status'),
      };
    }, button);
    throw new Error(`${err.message}\n    the 2-D landscape panel then: ${JSON.stringify(seen)}`, {
      cause: err,
    });
  }
  return page.getByTestId('landscape2d-summary').textContent();
}

export async function screenshot(page, name) {
  await mkdir(RESULTS, { recursive: true });
  const path = join(RESULTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

export async function writeResult(name, data) {
  await mkdir(RESULTS, { recursive: true });
  await writeFile(join(RESULTS, name), JSON.stringify(data, null, 2));
}

export function assert(cond, message) {
  if (!cond) throw new Error(message);
}

/** Records main-thread tasks with a Chrome trace; stop() returns [{wallMs, cpuMs}] for the renderer's main thread. */
export async function startTrace(page) {
  const cdp = await page.context().newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  await cdp.send('Tracing.start', {
    categories: 'devtools.timeline,disabled-by-default-devtools.timeline',
    transferMode: 'ReportEvents',
  });
  return {
    async stop() {
      const complete = new Promise((ok) => cdp.once('Tracing.tracingComplete', ok));
      await cdp.send('Tracing.end');
      await complete;
      await cdp.detach().catch(() => undefined);
      const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
      if (!main) return [];
      return events
        .filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.name === 'RunTask')
        .map((e) => ({ wallMs: e.dur / 1000, cpuMs: (e.tdur ?? e.dur) / 1000 }));
    },
  };
}

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

/**
 * Clicks a panel's export button and checks the file is what it claims (PNG magic, an <svg> root, or CSV with a
 * header and rows). Returns the file's size in bytes.
 */
export async function checkExport(page, panel, kind) {
  const button = page.getByTestId(`export-${panel}-${kind}`);
  await button.waitFor({ timeout: 10_000 }).catch(() => {
    throw new Error(`${panel} offers no ${kind.toUpperCase()} download`);
  });
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 30_000 }).catch(() => {
      throw new Error(`${panel}: the ${kind.toUpperCase()} download did not start`);
    }),
    button.click(),
  ]);
  const path = join(RESULTS, `export-${panel}.${kind}`);
  await mkdir(RESULTS, { recursive: true });
  await download.saveAs(path);
  const bytes = await readFile(path);
  if (kind === 'png')
    assert(bytes.subarray(0, 4).equals(PNG_MAGIC) && bytes.length > 2000, `${panel}.png is not a PNG`);
  if (kind === 'svg') assert(/<svg[\s>]/.test(bytes.toString('utf8')), `${panel}.svg is not an SVG`);
  if (kind === 'csv')
    assert(bytes.toString('utf8').trim().split('\n').length >= 2, `${panel}.csv has no rows`);
  return bytes.length;
}

/**
 * The ids of the highlighted panels, after checking that every panel the lesson step names (and the lab
 * has) is highlighted, nothing else is, and at least one is; `where` names the step in messages.
 */
export async function checkLessonHighlights(page, where) {
  const named = ((await byId(page, 'lesson').getAttribute('data-panels')) ?? '').split(' ');
  const shown = await page
    .locator('[data-highlighted]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid').replace(/^panel-/, '')));
  for (const id of named)
    if ((await byId(page, `panel-${id}`).count()) > 0)
      assert(shown.includes(id), `${where}: panel ${id} is not highlighted`);
  assert(
    shown.every((id) => named.includes(id)),
    `${where} highlights ${shown}`,
  );
  assert(shown.length >= 1, `${where} highlights no panel`);
  return shown;
}

/**
 * Starts recording, in the page, every value the epoch read-out takes while the plan says it is training: a
 * MutationObserver sees each DOM commit, so no value the page showed is missed between two polls. Each
 * read-out names its run (the current run's chip, and the epochs it trains to). `stopEpochWatch` returns
 * them in order of appearance, each with the milliseconds since the start.
 */
export const startEpochWatch = (page) =>
  page.evaluate(() => {
    const seen = [];
    const t0 = performance.now();
    const byTestId = (id) => document.querySelector(`[data-testid="${id}"]`);
    const look = () => {
      const counter = byTestId('epoch');
      const epoch = counter?.getAttribute('data-value');
      if (byTestId('sequence-status')?.getAttribute('data-value') !== 'training' || !epoch) return;
      const chip = document.querySelector('.run-chip.current')?.getAttribute('data-testid') ?? '';
      const run = `${chip} of ${counter.textContent.split('/')[1]?.trim()}`;
      const last = seen.at(-1);
      if (last?.epoch !== Number(epoch) || last?.run !== run)
        seen.push({ epoch: Number(epoch), run, ms: Math.round(performance.now() - t0) });
    };
    const observer = new MutationObserver(look);
    observer.observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
      attributeFilter: ['data-value', 'class'],
    });
    window.__epochWatch = { seen, observer };
  });
/** The epochs the watch saw, in order: { epoch, run, ms }. */
export const stopEpochWatch = (page) =>
  page.evaluate(() => {
    window.__epochWatch.observer.disconnect();
    return window.__epochWatch.seen;
  });

/** The watch's read-outs split into runs: the next run's start at a lower epoch, or another run shown. */
export function epochRuns(seen) {
  const runs = [];
  for (const s of seen) {
    const last = runs.at(-1)?.at(-1);
    if (!last || s.epoch < last.epoch || s.run !== last.run) runs.push([]);
    runs.at(-1).push(s);
  }
  return runs;
}

/**
 * Asserts that training showed its epoch read-out climbing while it computed: at least two read-outs
 * strictly between 0 and `last` (the epochs it trains to; by default the highest seen). `seen`: the
 * watch's read-outs of a step, or of one of its runs.
 */
export function assertEpochsClimbed(seen, what, last = Math.max(...seen.map((s) => s.epoch))) {
  const between = seen.filter((s) => s.epoch > 0 && s.epoch < last);
  assert(between.length >= 2, `${what}: epoch read-outs while training ${describeEpochs(seen)}`);
}

/** "0@0ms,1@130ms,…" */
export const describeEpochs = (seen) => seen.map((s) => `${s.epoch}@${s.ms}ms`).join(',');
