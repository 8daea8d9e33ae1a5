// Issue 4: choose PGD-AT with robust evaluation on, train a few epochs on moons; the robust curves, the
// adversarial arrows over the boundary and the FGSM ε-sweep (R&G) render.
import { join } from 'node:path';
import { RESULTS, assert, byId, checkExport, openLab, screenshot, value, waitForValue } from '../lib.mjs';

const EPOCHS = 4;

/** How many distinct colours a canvas shows (an empty or blank figure has one or two). */
const canvasColours = (page, id) =>
  byId(page, id).evaluate((canvas) => {
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    const seen = new Set();
    for (let i = 0; i < data.length; i += 16) seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
    return seen.size;
  });

export default {
  name: 'r. PGD-AT on moons: robust curve, adversarial arrows and FGSM R&G render',
  timeoutSec: 180,
  async run({ browser, url }) {
    const { page, errors } = await openLab(browser, url, `#v1&training.epochs=${EPOCHS}`);
    // Choose the method and turn robust evaluation on, as a user would (each change starts a new run).
    await byId(page, 'method').selectOption('pgd-at');
    await page.locator('[data-testid=advanced-settings] > summary').click();
    await byId(page, 'cfg-robustEval-enabled').check();
    // The robust chart (not the "turn it on" note) shows once the run with robust evaluation exists.
    await page.locator('[data-testid=panel-robust-curves] .js-plotly-plot').waitFor({ timeout: 60_000 });
    await waitForValue(page, 'run-status', (v) => v === 'idle', 60_000);
    await byId(page, 'play').click();
    await waitForValue(page, 'run-status', (v) => v === 'done', 150_000);

    // Robust accuracy after every epoch, drawn next to the clean curves.
    await waitForValue(page, 'robust-summary', (v) => Number(v) >= 0);
    await page.locator('[data-testid=panel-robust-curves] .js-plotly-plot').waitFor();
    const robustTest = await value(page, 'robust-summary');
    const traces = await page.locator('[data-testid=panel-robust-curves] .scatterlayer .trace').count();
    assert(traces >= 4, `robust chart has ${traces} traces`);

    // The arrows panel starts on the training attack (PGD L∞) at the config's ε.
    assert(
      (await byId(page, 'arrows-attack').inputValue()) === 'pgd-linf',
      'arrows default to the training attack',
    );
    await byId(page, 'arrows-run').click();
    await waitForValue(page, 'arrows-summary', (v) => Number(v) >= 0, 60_000);
    const attacked = await value(page, 'arrows-summary');
    const colours = await canvasColours(page, 'arrows-canvas');
    assert(colours > 20, `the arrows canvas looks empty (${colours} colours)`);
    const rows = await page.locator('[data-testid=arrows-table] tbody tr').count();
    assert(rows === 100, `arrows table has ${rows} rows`);

    // FGSM ε-sweep with the R&G score.
    await byId(page, 'fgsm-run').click();
    await waitForValue(page, 'fgsm-summary', (v) => Number(v) > 0, 60_000);
    const rg = await value(page, 'fgsm-summary');
    assert(rg <= 600, `R&G ${rg} > 600`);

    await byId(page, 'panel-adversarial-arrows').screenshot({ path: join(RESULTS, 'r-arrows.png') });
    await byId(page, 'panel-robust-curves').screenshot({ path: join(RESULTS, 'r-robust-curves.png') });
    await byId(page, 'panel-fgsm-sweep').screenshot({ path: join(RESULTS, 'r-fgsm-sweep.png') });
    for (const [panel, kinds] of [
      ['adversarial-arrows', ['png', 'svg', 'csv']],
      ['robust-curves', ['png', 'svg', 'csv']],
      ['fgsm-sweep', ['png', 'svg', 'csv']],
    ])
      for (const kind of kinds) await checkExport(page, panel, kind);
    await screenshot(page, 'r-pgd-at');
    assert(errors.length === 0, `console errors: ${errors.join(' | ')}`);

    return `robust test acc ${(robustTest * 100).toFixed(1)}% after ${EPOCHS} epochs; PGD on 100 test points: ${(attacked * 100).toFixed(0)}% right; R&G ${rg.toFixed(1)}`;
  },
};
