// The lessons "Flat or sharp?" (every step at its full epochs: the two moons runs train in seconds) and "Why
// does robustness cost accuracy?" (runs capped at a few epochs through the test hook: AW-Net attacks every
// batch through its router) at 1024×768, opened by their links: each step runs to "done", the panels it
// names are highlighted, and the lesson box and every highlighted panel are screenshotted in the light and
// the dark theme.
import {
  assert,
  byId,
  checkLessonHighlights,
  openLab,
  screenshot,
  assertEpochsClimbed,
  startEpochWatch,
  stopEpochWatch,
  waitForValue,
} from '../lib.mjs';

const LESSONS = [
  {
    id: 'flat-or-sharp',
    steps: ['batch-size', 'filter-normalisation', 'line-or-plane', 'pca-trajectory', 'sharpness-numbers'],
    cap: null,
    /** The steps that train runs (the others reuse them). */
    trains: ['batch-size'],
  },
  { id: 'robustness-cost', steps: ['filters-shrink', 'awnet'], cap: 4, trains: ['filters-shrink', 'awnet'] },
];

/** A predicate for waitForValue (which sends its source to the page: no closures). */
const equals = (n) => new Function('v', `return Number(v) === ${n}`);

/** The step's lesson box and highlighted panels, one PNG each, in the current theme. */
async function shoot(page, name) {
  await byId(page, 'lesson').screenshot({ path: `test-results/${name}-lesson.png` });
  const panels = page.locator('[data-highlighted]');
  for (let k = 0; k < (await panels.count()); k++) {
    const panel = panels.nth(k);
    await panel.scrollIntoViewIfNeeded();
    const id = (await panel.getAttribute('data-testid')).replace(/^panel-/, '');
    await panel.screenshot({ path: `test-results/${name}-${id}.png` });
  }
}

export default {
  name: 'w. lessons "Flat or sharp?" and "Why does robustness cost accuracy?" at 1024×768, light and dark',
  timeoutSec: 300,
  async run({ browser, url }) {
    const notes = [];
    for (const lesson of LESSONS) {
      const { page, errors } = await openLab(browser, url, `?test-hooks#lesson=${lesson.id}`, {
        viewport: { width: 1024, height: 768 },
      });
      if (lesson.cap) await page.evaluate((cap) => (window.basinTest.planEpochCap = cap), lesson.cap);
      await waitForValue(page, 'lesson-step', (v) => Number(v) === 1);
      for (const [i, stepId] of lesson.steps.entries()) {
        const hash = await page.evaluate(() => location.hash);
        assert(hash === `#lesson=${lesson.id}&step=${stepId}`, `${lesson.id} step ${i + 1}: hash ${hash}`);
        await waitForValue(page, 'run-status', (v) => v === 'idle' || v === 'done');
        const t0 = Date.now();
        await startEpochWatch(page);
        await byId(page, 'lesson-run').click();
        await waitForValue(page, 'sequence-status', (v) => v !== 'training' && v !== 'analysing', 120_000);
        // A step that trains shows its epochs climbing while it computes, not one jump at the end.
        const epochs = await stopEpochWatch(page);
        if (lesson.trains.includes(stepId)) assertEpochsClimbed(epochs, `${lesson.id} step ${i + 1}`);
        const phase = await byId(page, 'sequence-status').getAttribute('data-value');
        assert(
          phase === 'done',
          `${lesson.id} step ${i + 1}: ${await byId(page, 'sequence-status').textContent()}`,
        );
        await page.waitForTimeout(1500); // the last redraws
        const shown = await checkLessonHighlights(page, `${lesson.id} step ${i + 1}`);
        notes.push(
          `${lesson.id} ${i + 1}: ${((Date.now() - t0) / 1000).toFixed(0)} s, epochs seen ${epochs.length}, ${shown.join('+')}`,
        );
        const name = `w-${lesson.id}-${i + 1}`;
        await shoot(page, `${name}-light`);
        await byId(page, 'theme-toggle').click();
        await page.waitForTimeout(800);
        await shoot(page, `${name}-dark`);
        await byId(page, 'theme-toggle').click();
        if (i < lesson.steps.length - 1) {
          await byId(page, 'lesson-next').click();
          await waitForValue(page, 'lesson-step', equals(i + 2));
        }
      }
      await screenshot(page, `w-${lesson.id}-last-step`);
      assert(errors.length === 0, `${lesson.id}: page errors: ${errors.join(' | ')}`);
    }
    return notes.join('; ');
  },
};
