// AT-LR on moons with LSA after every epoch: the paper's name (AT-PGD-LR-L2) is shown, the epochs × layers
// heat-map fills in as epochs pass, the MVL is highlighted (bars and heat-map), the heat-map plays back, and
// the moons figure shows a clean point with its adversarial twin. Screenshots of each stage.
import LZString from 'lz-string';
import { assert, byId, openLab, screenshot, waitForValue } from '../lib.mjs';

const EPOCHS = 12;
/** A small LSA Model A (three ELU layers, 32 units) trained with AT-PGD-LR-L2; LSA on 64 test points. */
const CONFIG = {
  seed: 313,
  data: { kind: 'moons', n: 600, noise: 0.15, testFraction: 0.3 },
  model: { kind: 'mlp', hidden: [32, 32, 32], activation: 'elu' },
  optimizer: { kind: 'adam', lr: 0.01 },
  training: { epochs: EPOCHS, batchSize: 32, method: 'at-lr' },
  attack: { kind: 'pgd', norm: 'linf', epsilon: 0.2, steps: 5, stepSize: null, restarts: 1 },
  lsa: { every: 1, size: 128, pgdSteps: 10, eta: 0.25 },
  atlr: { base: 'pgd', layers: [2], gamma: 1 },
};

const equals = (n) => new Function('v', `return Number(v) === ${n}`);
const atLeast = (n) => new Function('v', `return Number(v) >= ${n}`);

async function panelShot(page, id, name) {
  const el = byId(page, `panel-${id}`);
  await el.scrollIntoViewIfNeeded();
  await el.screenshot({ path: `test-results/${name}.png` });
}

/** Points of the heat-map's MVL trace (outlined cells), read from the Plotly graph. */
const mvlCells = (page) =>
  page.evaluate(() => {
    const gd = document.querySelector('[data-testid=lsa-heatmap] .js-plotly-plot');
    const trace = gd?.data?.find((t) => t.name === 'MVL');
    return trace ? trace.x.length : -1;
  });

export default {
  name: 's. AT-LR: the LSA heat-map fills in epoch by epoch, MVL highlighted, playback, adversarial twin',
  timeoutSec: 170,
  async run({ browser, url }) {
    const hash = `#v1.c=${LZString.compressToEncodedURIComponent(JSON.stringify(CONFIG))}`;
    const { page, errors } = await openLab(browser, url, hash);
    assert((await byId(page, 'banner').count()) === 0, 'the link raised a banner');
    await waitForValue(page, 'run-status', (v) => v === 'idle');
    const name = await byId(page, 'paper-name').first().textContent();
    assert(name === 'AT-PGD-LR-L2', `paper name ${name}`);
    assert(
      (await byId(page, 'lsa-heatmap').getAttribute('data-value')) === '0',
      'heat-map not empty before training',
    );

    // Record every row count the heat-map shows while training.
    await page.evaluate(() => {
      const el = document.querySelector('[data-testid=lsa-heatmap]');
      window.__rows = [el.getAttribute('data-value')];
      new MutationObserver(() => window.__rows.push(el.getAttribute('data-value'))).observe(el, {
        attributes: true,
        attributeFilter: ['data-value'],
      });
    });
    // Epoch by epoch: each "step" adds exactly one row to the map.
    for (let k = 1; k <= 3; k++) {
      await byId(page, 'step').click();
      await waitForValue(page, 'epoch', equals(k), 60_000);
      await waitForValue(page, 'lsa-heatmap', equals(k), 10_000);
    }
    await page.locator('[data-testid=lsa-heatmap] .js-plotly-plot').waitFor();
    await page.waitForTimeout(600);
    await panelShot(page, 'lsa-heatmap', 's-lsa-heatmap-filling');
    // Then the rest while training runs.
    await byId(page, 'play').click();
    await waitForValue(page, 'run-status', (v) => v === 'done', 120_000);
    await waitForValue(page, 'lsa-heatmap', atLeast(EPOCHS), 10_000);
    await page.waitForTimeout(1500); // the heat-map redraws at most once a second while training
    const seen = (await page.evaluate(() => window.__rows)).map(Number);
    const partial = seen.filter((n) => n > 0 && n < EPOCHS);
    assert(partial.length >= 2, `the heat-map went ${seen.join(' → ')}: it did not fill in epoch by epoch`);
    assert(
      seen.every((n, i) => i === 0 || n >= seen[i - 1]),
      `rows went back: ${seen.join(' → ')}`,
    );

    // MVL highlighted in the bars (shaded layers) and in the heat-map (outlined cells).
    let mvl = await byId(page, 'lsa-mvl').getAttribute('data-value');
    if (!mvl) {
      // No layer above μ + ησ at the run's η: lower η with the slider until one is.
      await byId(page, 'lsa-eta').fill('-0.5');
      mvl = await byId(page, 'lsa-mvl').getAttribute('data-value');
    }
    assert(mvl, 'no most vulnerable layer at any η tried');
    const cells = await mvlCells(page);
    assert(cells > 0, `the heat-map outlines ${cells} MVL cells`);
    await panelShot(page, 'lsa-layers', 's-lsa-bars-mvl');
    await panelShot(page, 'lsa-heatmap', 's-lsa-heatmap-done');

    // Playback: back to the first epoch, then forward.
    await byId(page, 'lsa-heatmap-frame').fill('0');
    await waitForValue(page, 'lsa-heatmap-summary', (v) => v !== undefined);
    const first = (await byId(page, 'lsa-heatmap-summary').textContent()) ?? '';
    assert(first.startsWith('After epoch 1,'), `frame 0 shows: ${first}`);
    await panelShot(page, 'lsa-heatmap', 's-lsa-heatmap-frame-1');
    await byId(page, 'lsa-heatmap-play').click();
    await page.waitForFunction(
      () =>
        document
          .querySelector('[data-testid=lsa-heatmap-summary]')
          ?.textContent?.startsWith('After epoch 3,'),
      null,
      { timeout: 10_000 },
    );

    // LSA's moons figure: a clean point and its adversarial twin.
    await byId(page, 'lsa-twin-find').click();
    await waitForValue(page, 'lsa-twin', atLeast(0), 30_000);
    await page.locator('[data-testid=lsa-twin] .js-plotly-plot').waitFor();
    await page.waitForTimeout(500);
    await panelShot(page, 'lsa-twin', 's-lsa-twin');
    const twin = (await byId(page, 'lsa-twin-summary').textContent()) ?? '';

    // R&G of this run.
    await byId(page, 'rg-run').click();
    await waitForValue(page, 'rg-table', atLeast(1), 30_000);
    const rg = await byId(page, 'rg-table').locator('tbody tr').first().textContent();
    await page.waitForTimeout(800);
    await screenshot(page, 's-lsa-page');
    assert(errors.length === 0, `page errors: ${errors.join(' | ')}`);
    return `heat-map rows ${seen.join(' → ')}; MVL ${mvl}; ${cells} outlined cells; ${twin.slice(0, 80)}…; R&G row ${rg}`;
  },
};
