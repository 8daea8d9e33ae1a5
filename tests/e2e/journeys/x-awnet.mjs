// AW-Net: the gallery preset trains AW-Net and the same network without attacks on moons; the router
// panel (p(x) histograms, ROC/AUC, r_l), the clean-vs-robust scatter with WRA (mean) and the filter weight
// distributions of the two runs side by side render with numbers; screenshots at 1440×900 and 1024×768,
// light and dark.
import { join } from 'node:path';
import { RESULTS, assert, byId, openLab, screenshot, value, waitForValue } from '../lib.mjs';

export default {
  name: 'x. AW-Net preset on moons: router, trade-off and weight-distribution panels',
  timeoutSec: 600,
  async run({ browser, url }) {
    const { page, errors } = await openLab(browser, url);
    await byId(page, 'open-presets').click();
    await byId(page, 'preset-card-awnet-moons').click();
    await waitForValue(page, 'sequence-status', (v) => v !== 'training' && v !== 'analysing', 540_000);

    // Show the AW-Net run in the lab (the preset ends on its partner).
    await page.locator('[data-testid^=run-chip-] button', { hasText: 'AW-Net' }).first().click();
    await page
      .locator('[data-testid^=run-chip-].current', { hasText: 'AW-Net' })
      .waitFor({ timeout: 30_000 });

    // Router: computed after the last epoch; AUC and accuracies in the summary.
    await waitForValue(page, 'awnet-router', (v) => Number(v) >= 0, 60_000);
    await page.locator('[data-testid=panel-awnet-router] .js-plotly-plot').waitFor({ timeout: 30_000 });
    const auc = await value(page, 'awnet-router');
    const routerText = (await byId(page, 'awnet-router-summary').textContent()) ?? '';
    assert(/AUC \d\.\d{3}/.test(routerText) && /adaptive attack \d/.test(routerText), routerText);

    // Trade-off: both runs (robust evaluation on in the preset), WRA (mean) labelled as our assumption.
    await waitForValue(page, 'tradeoff', (v) => Number(v) >= 2, 30_000);
    await page.locator('[data-testid=panel-tradeoff] .js-plotly-plot').waitFor({ timeout: 30_000 });
    const rows = await page.locator('[data-testid=tradeoff-table] tbody tr').allTextContents();
    assert(rows.length === 2 && rows.every((r) => /\d+\.\d%/.test(r)), `trade-off rows: ${rows.join(' | ')}`);
    const tradeoffText = (await byId(page, 'panel-tradeoff').textContent()) ?? '';
    assert(tradeoffText.includes('our assumption'), 'WRA (mean) is not labelled as our assumption');

    // Weight distributions: this run against the other one.
    await page.locator('[data-testid=weight-distribution][data-compared="1"]').waitFor({ timeout: 60_000 });
    const layers = await value(page, 'weight-distribution');
    const distText = (await byId(page, 'weight-distribution-summary').textContent()) ?? '';
    assert(/AW-Net.*std \d/.test(distText) && /Standard.*std \d/.test(distText), distText);

    for (const theme of ['light', 'dark']) {
      if ((await page.evaluate(() => document.documentElement.dataset.theme)) !== theme)
        await byId(page, 'theme-toggle').click();
      for (const [w, h] of [
        [1440, 900],
        [1024, 768],
      ]) {
        await page.setViewportSize({ width: w, height: h });
        await page.waitForTimeout(400);
        for (const panel of ['awnet-router', 'tradeoff', 'weight-distribution']) {
          await byId(page, `panel-${panel}`).scrollIntoViewIfNeeded();
          await byId(page, `panel-${panel}`).screenshot({
            path: join(RESULTS, `x-${panel}-${w}-${theme}.png`),
          });
        }
        await screenshot(page, `x-awnet-${w}x${h}-${theme}`);
      }
    }
    assert(errors.length === 0, `console errors: ${errors.join(' | ')}`);
    return `router AUC ${auc.toFixed(3)}; ${rows.map((r) => r.replace(/\s+/g, ' ')).join(' / ')}; ${layers} kernels compared`;
  },
};
