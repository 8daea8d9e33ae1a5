// The AWP lesson from step 1 to 6 by its "next" button: each step's text, highlighted panels and results
// render (screenshot per step); every step that trains shows each of its runs' epoch read-out climbing while
// it computes, and every step whose runs an earlier step trained says it showed them again, retrains nothing
// and shows their epochs; a step's link opened in a fresh page lands on that step; the comparison view
// renders two runs. Steps 1–3 train the lesson's own runs (40 and 400 epochs of a small MLP, seconds); the
// robust runs of steps 4–6 (150 epochs each) are capped through the test hook so the journey stays small.
import { join } from 'node:path';
import {
  RESULTS,
  assert,
  assertEpochsClimbed,
  byId,
  checkLessonHighlights,
  describeEpochs,
  epochRuns,
  newContext,
  openLab,
  screenshot,
  startEpochWatch,
  stopEpochWatch,
  waitForValue,
} from '../lib.mjs';

const LESSON = 'awp-in-6-steps';
/** Epochs per robust run (steps 4–6; the lesson's own are 150): enough to see the read-out climb. */
const EPOCH_CAP = 20;
/** Epochs per run of the preset compared at the end (only its comparison is checked). */
const PRESET_CAP = 4;
/**
 * Each step: the epochs of each run it trains (`trains`), or of the runs an earlier step trained with the same
 * settings, which it shows again (`reuses`); `cap`: its runs are capped at EPOCH_CAP.
 */
const STEPS = [
  { id: 'sharp-vs-flat', trains: [40, 400] },
  { id: 'perturb-by-hand', reuses: 40 },
  { id: 'worst-case-direction', reuses: 40 },
  { id: 'at-overfits', trains: [EPOCH_CAP], cap: true },
  { id: 'awp-flattens', trains: [EPOCH_CAP], cap: true },
  { id: 'compare', reuses: EPOCH_CAP, cap: true },
];

/** A predicate for waitForValue (which sends its source to the page: no closures). */
const equals = (n) => new Function('v', `return Number(v) === ${n}`);

const stepNumber = async (page) => Number(await byId(page, 'lesson-step').getAttribute('data-value'));

async function elementShot(page, testId, name) {
  const el = byId(page, testId);
  await el.scrollIntoViewIfNeeded();
  const path = `test-results/${name}.png`;
  await el.screenshot({ path });
  return path;
}

/** Downloads the current run as a bundle, opens it, and adds the loaded run to the comparison (3 runs). */
async function addBundleToComparison(page) {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    byId(page, 'bundle-download').click(),
  ]);
  const path = join(RESULTS, 'w-lesson-bundle.json');
  await download.saveAs(path);
  await byId(page, 'bundle-load').setInputFiles(path);
  await byId(page, 'run-source').waitFor({ timeout: 30_000 });
  await page.locator('.run-chip.current [data-testid^=compare-toggle-]').check();
  await waitForValue(page, 'comparison-view', equals(3));
  // The table redraws a moment later (it is throttled like the curves).
  await page.waitForFunction(
    () => document.querySelectorAll('[data-testid=comparison-row]').length === 3,
    null,
    {
      timeout: 5000,
    },
  );
  await elementShot(page, 'comparison-view', 'w-lesson-comparison-with-bundle');
  return 'bundle run added to the comparison';
}

export default {
  name: 'w. AWP lesson: steps 1 → 6 by "next", a step link in a fresh page, the comparison view',
  timeoutSec: 170,
  async run({ browser, url }) {
    // ?test-hooks: the page offers window.basinTest (planEpochCap).
    const { page, errors } = await openLab(browser, url, '?test-hooks');
    await byId(page, 'open-lesson').click();
    await byId(page, 'lesson-choice-awp-in-6-steps').click();
    await waitForValue(page, 'lesson-step', (v) => Number(v) === 1);
    const notes = [];
    let stepFourLink = null;
    for (const [i, { id: stepId, trains, reuses, cap }] of STEPS.entries()) {
      const trained = reuses ?? trains.at(-1);
      assert((await stepNumber(page)) === i + 1, `expected step ${i + 1}, at ${await stepNumber(page)}`);
      assert(
        (await byId(page, 'lesson').getAttribute('data-step')) === stepId,
        `step ${i + 1} is ${await byId(page, 'lesson').getAttribute('data-step')}`,
      );
      const hash = await page.evaluate(() => location.hash);
      assert(hash === `#lesson=${LESSON}&step=${stepId}`, `hash at step ${i + 1}: ${hash}`);
      if (stepId === 'at-overfits') stepFourLink = await page.evaluate(() => location.href);
      const text = (await byId(page, 'lesson-text').textContent()) ?? '';
      const lookFor = (await byId(page, 'lesson-look-for').textContent()) ?? '';
      assert(text.length > 100 && lookFor.length > 40, `step ${i + 1} has no text`);
      await waitForValue(page, 'run-status', (v) => v === 'idle');
      await page.evaluate((n) => (window.basinTest.planEpochCap = n), cap ? EPOCH_CAP : null);
      const t0 = Date.now();
      await startEpochWatch(page);
      await byId(page, 'lesson-run').click();
      await waitForValue(page, 'sequence-status', (v) => v !== 'training' && v !== 'analysing', 90_000);
      const seen = await stopEpochWatch(page);
      const seconds = ((Date.now() - t0) / 1000).toFixed(0);
      const status = (await byId(page, 'sequence-status').textContent()) ?? '';
      const phase = await byId(page, 'sequence-status').getAttribute('data-value');
      assert(phase === 'done', `step ${i + 1}: ${status}`);
      await waitForValue(page, 'epoch', equals(trained));
      if (reuses) {
        // Nothing trained again: the step says it showed the earlier runs, and no epoch read-out climbed.
        assert(
          /already trained: shown again/.test(status),
          `step ${i + 1} does not say it reused: ${status}`,
        );
        assert(
          seen.every((s) => s.epoch === 0 || s.epoch === trained),
          `step ${i + 1} trained again: ${describeEpochs(seen)}`,
        );
        notes.push(`${i + 1}: reused (${trained} epochs), ${seconds} s`);
      } else {
        // Every run it trained showed its epochs climbing while it computed, not one jump at the end.
        // (A run shown only at epoch 0 is the untrained one the step opened with, which the plan replaced.)
        const climbed = epochRuns(seen).filter((run) => run.some((s) => s.epoch > 0));
        assert(
          climbed.length === trains.length,
          `step ${i + 1}: ${trains.length} runs, read-outs ${describeEpochs(seen)}`,
        );
        for (const [k, run] of climbed.entries())
          assertEpochsClimbed(run, `step ${i + 1} run ${k + 1} (step: ${describeEpochs(seen)})`, trains[k]);
        const shown = climbed.map((r) => r.map((s) => s.epoch).join(',')).join(' then ');
        notes.push(`${i + 1}: epochs shown ${shown}, ${seconds} s`);
      }
      // What each step must show once run.
      if (stepId === 'sharp-vs-flat' || stepId === 'compare') {
        await waitForValue(page, 'comparison-view', (v) => Number(v) === 2);
        await waitForValue(page, 'comparison-landscape', (v) => Number(v) === 2, 20_000);
        await page.waitForFunction(
          () => document.querySelectorAll('[data-testid=comparison-row]').length === 2,
          null,
          { timeout: 5000 },
        );
        await page.locator('[data-testid=panel-comparison] .js-plotly-plot').waitFor({ timeout: 20_000 });
      }
      if (stepId === 'worst-case-direction')
        await waitForValue(page, 'weight-perturbation', (v) => Number(v) > 0);
      if (stepId === 'at-overfits' || stepId === 'awp-flattens')
        assert((await byId(page, 'comparison-view').count()) === 0, 'a one-run step opened the comparison');
      await page.waitForTimeout(1200); // the last redraws
      // Every panel the step points at that this lab has is highlighted, and nothing else.
      const highlighted = (await checkLessonHighlights(page, `step ${i + 1}`)).length;
      await screenshot(page, `w-lesson-step-${i + 1}`);
      notes.push(`${highlighted} highlighted`);
      if (stepId === 'compare') {
        await elementShot(page, 'comparison-view', 'w-lesson-comparison');
        const gap = await page.locator('[data-testid=comparison-row]').allTextContents();
        notes.push(`table: ${gap.map((t) => t.replace(/\s+/g, ' ').slice(0, 60)).join(' | ')}`);
      }
      if (stepId === 'sharp-vs-flat') notes.push(await addBundleToComparison(page));
      if (i < STEPS.length - 1) {
        await byId(page, 'lesson-next').click();
        await waitForValue(page, 'lesson-step', equals(i + 2));
      }
    }
    assert(await byId(page, 'lesson-next').isDisabled(), '"next" is enabled on the last step');

    // Back one step; presenter mode enlarges the lesson.
    await byId(page, 'lesson-prev').click();
    await waitForValue(page, 'lesson-step', (v) => Number(v) === 5);
    // Revisiting a step shows the run it trained, not a fresh one.
    await waitForValue(page, 'run-status', (v) => v === 'done', 30_000);
    await waitForValue(page, 'epoch', equals(EPOCH_CAP));
    const small = await byId(page, 'lesson-step-title').evaluate((el) =>
      parseFloat(getComputedStyle(el).fontSize),
    );
    await byId(page, 'presenter-toggle').click();
    const large = await byId(page, 'lesson-step-title').evaluate((el) =>
      parseFloat(getComputedStyle(el).fontSize),
    );
    assert(large >= small * 1.4, `presenter mode title ${large}px vs ${small}px`);
    assert((await page.locator('.app.presenter').count()) === 1, 'presenter class missing');
    await screenshot(page, 'w-lesson-presenter');
    await byId(page, 'presenter-toggle').click();

    // The preset gallery: ≥ 8 cards; a comparison preset closes the lesson and trains its two runs.
    await byId(page, 'open-presets').click();
    const cards = await page.locator('[data-testid^=preset-card-]').count();
    assert(cards >= 8, `${cards} preset cards`);
    await screenshot(page, 'w-preset-gallery');
    await page.evaluate((n) => (window.basinTest.planEpochCap = n), PRESET_CAP);
    await byId(page, 'preset-card-trades-beta').click();
    await waitForValue(page, 'sequence-status', (v) => v !== 'training' && v !== 'analysing', 60_000);
    assert((await byId(page, 'lesson').count()) === 0, 'the lesson stayed open');
    await waitForValue(page, 'comparison-view', equals(2));
    const differ = (await byId(page, 'comparison-differences').textContent()) ?? '';
    const keys = (await byId(page, 'comparison-differences').getAttribute('data-keys')) ?? '';
    assert(keys.split(' ').includes('trades.beta'), `preset runs differ in: ${keys} (${differ})`);
    assert(!differ.includes('trades.beta'), `the differences are named by their ids: ${differ}`);
    notes.push(`${cards} presets; TRADES β preset compared (${differ.trim()})`);

    // A step's link in a fresh page lands on that step, with its configuration.
    const context = await newContext(browser);
    const fresh = await context.newPage();
    await fresh.goto(stepFourLink);
    await fresh.locator('[data-testid=backend-badge]:not([data-backend=""])').waitFor({ timeout: 60_000 });
    await waitForValue(fresh, 'lesson-step', (v) => Number(v) === 4);
    assert(
      (await byId(fresh, 'lesson').getAttribute('data-step')) === 'at-overfits',
      'fresh page: wrong step',
    );
    assert((await byId(fresh, 'method').inputValue()) === 'pgd-at', 'fresh page: step 4 config not applied');
    assert((await byId(fresh, 'epochs').inputValue()) === '150', 'fresh page: step 4 epochs');
    assert((await byId(fresh, 'banner').count()) === 0, 'fresh page: the link raised a banner');
    await screenshot(fresh, 'w-lesson-link-step-4');
    assert(errors.length === 0, `page errors: ${errors.join(' | ')}`);
    return notes.join('; ');
  },
};
