// Browser journeys in real Chromium (WebGPU on, SwiftShader): one file per journey in ./journeys.
// Usage: node tests/e2e/run.mjs [name-filter]   (expects a fresh `vite build` in dist/)
// The last line is "N passed, M failed"; the exit code is non-zero if anything failed.
import { readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DIST, launchBrowser, openContexts, screenshot, startServer } from './lib.mjs';

const filter = process.argv[2] ?? '';
const dir = join(import.meta.dirname, 'journeys');
const files = (await readdir(dir)).filter((f) => f.endsWith('.mjs') && new RegExp(filter).test(f)).sort();

if (!existsSync(join(DIST, 'index.html'))) {
  console.log('dist/ is missing: run `npm run build` first (npm run test:e2e does).');
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const server = await startServer();
let browser = await launchBrowser();
let passed = 0;
let failed = 0;
const started = performance.now();
for (const file of files) {
  const journey = (await import(join(dir, file))).default;
  const t0 = performance.now();
  try {
    if (!browser.isConnected()) browser = await launchBrowser();
    const note = await Promise.race([
      journey.run({ browser, url: server.url }),
      new Promise((_, reject) =>
        setTimeout(
          () => reject(new Error(`timed out after ${journey.timeoutSec ?? 180} s`)),
          (journey.timeoutSec ?? 180) * 1000,
        ),
      ),
    ]);
    passed++;
    console.log(
      `✓ ${journey.name} (${((performance.now() - t0) / 1000).toFixed(1)} s)${note ? ` — ${note}` : ''}`,
    );
  } catch (err) {
    failed++;
    console.log(
      `✗ ${journey.name} (${((performance.now() - t0) / 1000).toFixed(1)} s)\n    ${String(err?.stack ?? err)
        .split('\n')
        .slice(0, 6)
        .join('\n    ')}`,
    );
    const stem = file.replace(/\.mjs$/, '');
    for (const [i, page] of openContexts.flatMap((c) => c.pages()).entries())
      await screenshot(page, `FAILED-${stem}-${i}`).catch(() => undefined);
  }
  for (const c of openContexts.splice(0)) await c.close().catch(() => undefined);
}
await browser.close().catch(() => undefined);
await server.close();
console.log(`e2e total ${((performance.now() - started) / 1000).toFixed(1)} s; screenshots in test-results/`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
