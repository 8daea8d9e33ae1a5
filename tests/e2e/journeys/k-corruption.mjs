// Issue 6: train moons briefly, run the corruption ε-sweep (cheap settings), the per-layer bars and the animated
// corruption trajectory (play, then the slider by keyboard); then train APD and compare the two runs.
import { join } from 'node:path';
import { RESULTS, assert, byId, checkExport, openLab, screenshot, value, waitForValue } from '../lib.mjs';

const EPOCHS = 5;

async function setNumber(page, id, v) {
  const input = byId(page, id);
  await input.fill(String(v));
  await input.press('Enter');
}

async function train(page) {
  await waitForValue(page, 'run-status', (v) => v === 'idle', 60_000);
  await byId(page, 'play').click();
  await waitForValue(page, 'run-status', (v) => v === 'done', 120_000);
}

/** Runs the ε-sweep with cheap settings and waits for its result. */
async function sweep(page) {
  await byId(page, 'csweep-l2mode-absolute').check();
  await setNumber(page, 'csweep-trials', 4);
  await byId(page, 'csweep-steps').fill('1, 3, 10');
  await byId(page, 'csweep-steps').press('Enter');
  await byId(page, 'csweep-run').click();
  await byId(page, 'csweep-run-epoch').waitFor({ timeout: 90_000 });
  await page.locator('[data-testid=panel-corruption-sweep] .js-plotly-plot').waitFor();
}

export default {
  name: 'k. corruption: ε-sweep, per-layer bars, animated trajectory, normal vs APD',
  timeoutSec: 240,
  async run({ browser, url }) {
    const { page, errors } = await openLab(browser, url, `#v1&training.epochs=${EPOCHS}`);
    await train(page);

    // ε-sweep: random (band) vs one-step vs multi-step, L2 and L∞ curves.
    await sweep(page);
    assert((await value(page, 'csweep-summary')) === 6, 'the L2 curve has 6 ε values');
    const sweepTraces = await page
      .locator('[data-testid=panel-corruption-sweep] .scatterlayer .trace')
      .count();
    assert(sweepTraces >= 14, `sweep chart has ${sweepTraces} traces`);
    await byId(page, 'panel-corruption-sweep').screenshot({ path: join(RESULTS, 'k-sweep-l2.png') });
    await byId(page, 'csweep-norm-linf').check();
    await waitForValue(page, 'csweep-summary', (v) => Number(v) === 7);
    await byId(page, 'panel-corruption-sweep').screenshot({ path: join(RESULTS, 'k-sweep-linf.png') });

    // Per-layer bars: kernel and bias of each of the 3 dense layers.
    await byId(page, 'clayers-run').click();
    await byId(page, 'clayers-run-epoch').waitFor({ timeout: 60_000 });
    assert((await value(page, 'clayers-summary')) === 6, 'six parameter tensors measured');
    const bars = await page.locator('[data-testid=clayers-bars] rect[data-bar]').count();
    assert(bars === 12, `expected 12 bars (estimate + measured for 6 tensors), got ${bars}`);
    await byId(page, 'panel-corruption-layers').screenshot({ path: join(RESULTS, 'k-layers.png') });

    // Trajectory: a coarse 11×11 surface; the animation starts by itself.
    await setNumber(page, 'ctraj-resolution', 11);
    await byId(page, 'ctraj-run').click();
    await byId(page, 'ctraj-step').waitFor({ timeout: 90_000 });
    await page.locator('[data-testid=panel-corruption-trajectory] .contourlayer').waitFor();
    const seen = new Set();
    for (let t = 0; t < 20 && seen.size < 3; t++) {
      seen.add(await value(page, 'ctraj-step'));
      await page.waitForTimeout(250);
    }
    assert(seen.size >= 3, `the animation did not move (steps seen: ${[...seen]})`);
    await byId(page, 'panel-corruption-trajectory').screenshot({
      path: join(RESULTS, 'k-trajectory-playing.png'),
    });
    // The slider, by keyboard: Home, then three steps right.
    await byId(page, 'ctraj-slider').focus();
    await page.keyboard.press('Home');
    await waitForValue(page, 'ctraj-step', (v) => Number(v) === 0);
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    await waitForValue(page, 'ctraj-step', (v) => Number(v) === 3);
    await page.waitForTimeout(300);
    await byId(page, 'panel-corruption-trajectory').screenshot({
      path: join(RESULTS, 'k-trajectory-step3.png'),
    });
    await page.keyboard.press('End');
    await waitForValue(page, 'ctraj-step', (v) => Number(v) === 10);
    const finalDelta = await value(page, 'ctraj-summary');

    for (const panel of ['corruption-sweep', 'corruption-layers', 'corruption-trajectory'])
      for (const kind of ['png', 'svg', 'csv']) await checkExport(page, panel, kind);

    // A second model trained with APD, swept the same way: both appear in the comparison.
    await byId(page, 'method').selectOption('apd');
    await train(page);
    await sweep(page);
    await waitForValue(page, 'ccompare-summary', (v) => Number(v) === 2);
    const rows = await page.locator('[data-testid=ccompare-table] tbody tr').count();
    assert(rows === 2, `comparison table has ${rows} rows`);
    const table = await byId(page, 'ccompare-table').innerText();
    assert(table.includes('Standard') && table.includes('APD'), `comparison table: ${table}`);
    await byId(page, 'panel-corruption-compare').screenshot({ path: join(RESULTS, 'k-compare.png') });
    for (const kind of ['png', 'svg', 'csv']) await checkExport(page, 'corruption-compare', kind);
    await screenshot(page, 'k-corruption');
    assert(errors.length === 0, `console errors: ${errors.join(' | ')}`);
    return `ΔL after 10 steps ${finalDelta.toFixed(4)}; animation showed steps ${[...seen].join(',')}; comparison of 2 runs`;
  },
};
