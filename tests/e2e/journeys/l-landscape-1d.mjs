// 1-D landscapes in the dark theme: train small moons with a 1-D landscape recorded every epoch, overlay
// the curves of all epochs (coloured by epoch), then one epoch with loss and accuracy on a log scale, and
// the interpolation from the initial to the final model. Screenshots: test-results/l-1d-*.png.
import { join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { RESULTS, assert, byId, openLab, waitForValue } from '../lib.mjs';

const EPOCHS = 3;
const HASH =
  `#v1&data.n=300&training.epochs=${EPOCHS}&landscape.every=1&landscape.kind=1d` + '&landscape.resolution=51';

async function panelShot(page, panel, name) {
  await mkdir(RESULTS, { recursive: true });
  const path = join(RESULTS, `${name}.png`);
  await page.screenshot({
    path,
    clip: await byId(page, `panel-${panel}`).boundingBox(),
    animations: 'disabled',
  });
  return path;
}

export default {
  name: 'l. 1-D landscape: curves of every epoch overlaid, log scale, interpolation (dark theme)',
  timeoutSec: 150,
  async run({ browser, url }) {
    const { page, errors } = await openLab(browser, url, HASH);
    if ((await page.evaluate(() => document.documentElement.dataset.theme)) !== 'dark')
      await byId(page, 'theme-toggle').click();
    await byId(page, 'play').click();
    await waitForValue(page, 'run-status', (v) => v === 'done', 120_000);
    await byId(page, 'landscape1d').scrollIntoViewIfNeeded();
    await page.waitForFunction(
      (n) => Number(document.querySelector('[data-testid=landscape1d-epoch-slider]')?.max) === n - 1,
      EPOCHS,
      { timeout: 30_000 },
    );
    await byId(page, 'landscape1d-mode-overlay').check({ force: true });
    const curves = page.locator('[data-testid=landscape1d-figure] path.series');
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-testid=landscape1d-figure] path.series').length >= n,
      EPOCHS,
      { timeout: 10_000 },
    );
    const traces = await curves.count();
    await page.waitForTimeout(500);
    await panelShot(page, 'landscape-1d', 'l-1d-overlay');

    await byId(page, 'landscape1d-mode-epoch').check({ force: true });
    await byId(page, 'landscape1d-log').check();
    await page.waitForTimeout(800);
    await panelShot(page, 'landscape-1d', 'l-1d-epoch-log');
    const rise = Number(await byId(page, 'landscape1d-sharpness-rise-train').getAttribute('data-value'));
    assert(Number.isFinite(rise), `rise within r: ${rise}`);

    // The robust option: PGD re-run against every perturbed model (a small grid).
    await byId(page, 'landscape1d').locator('details.landscape-settings > summary').click();
    await byId(page, 'landscape1d-robust').check();
    await byId(page, 'landscape1d-resolution').selectOption('21');
    await page.waitForFunction(
      () => !document.querySelector('[data-testid=landscape1d-compute]')?.disabled,
      null,
      { timeout: 60_000 },
    );
    await byId(page, 'landscape1d-compute').click();
    await page.waitForFunction(
      () =>
        /robust loss under PGD/.test(
          document.querySelector('[data-testid=landscape1d-summary]')?.textContent ?? '',
        ),
      null,
      { timeout: 90_000 },
    );
    await page.waitForTimeout(800);
    await panelShot(page, 'landscape-1d', 'l-1d-robust');
    const robustSummary = await byId(page, 'landscape1d-summary').textContent();

    await byId(page, 'interpolation').scrollIntoViewIfNeeded();
    await byId(page, 'interpolation-summary').waitFor({ timeout: 60_000 });
    await page.waitForTimeout(500);
    await panelShot(page, 'interpolation', 'l-1d-interpolation');
    assert(traces >= EPOCHS, `${traces} curves overlaid`);
    assert(errors.length === 0, `page errors: ${errors.join(' | ')}`);
    return `${traces} epoch curves overlaid (with an epoch colour bar); rise within r = ${rise.toFixed(4)}; robust: ${robustSummary.replace(/^.*?\. /, '').trim()}`;
  },
};
