// The presenter view at 1024×768 (a projector), every step of every lesson: each step is run on the stage (a few
// epochs per run through the test hook), the stage shows only panels the step highlights (the one or two it
// names for the stage), every figure's text — SVG, Plotly and HTML — is at least 18 px on screen, the figures
// fit the stage at once (their column does not scroll), none overlaps another or leaves the screen, no table is
// clipped (scrollWidth ≤ clientWidth), the step's text is at least 18 px, the QR code encodes the step's link,
// and a clicker's keys (PageDown, ArrowRight, space; PageUp) move between steps; leaving the stage brings the
// lab back. Screenshots p-presenter-<lesson>-<step>-<theme>.png.
import { assert, byId, openLab, waitForValue } from '../lib.mjs';

const EPOCH_CAP = 3;
const NEXT_KEYS = ['PageDown', 'ArrowRight', ' '];

/** Waits (up to 10 s) until the stage's figures keep their sizes for half a second: the stage fits them by measuring. */
async function settled(page) {
  const sizes = () =>
    page.evaluate(() =>
      [...document.querySelectorAll('.stage-cell')]
        .map((c) => `${c.offsetWidth}×${c.offsetHeight}`)
        .join(' '),
    );
  let last = await sizes();
  for (let waited = 0; waited < 10_000; waited += 500) {
    await page.waitForTimeout(500);
    const now = await sizes();
    if (now === last) return;
    last = now;
  }
}

/** What the stage shows, measured in the page. */
const measure = (page) =>
  page.evaluate(() => {
    const stage = document.querySelector('.lesson.stage');
    const figures = stage.querySelector('[data-testid=stage-figures]');
    const ids = [...figures.querySelectorAll('[data-testid^=panel-]')]
      .map((p) => p.getAttribute('data-testid'))
      .filter((id) => !id.startsWith('panel-failed'))
      .map((id) => id.replace(/^panel-/, ''));
    const clipped = [...stage.querySelectorAll('table')]
      .filter((t) => t.getClientRects().length && t.scrollWidth > t.clientWidth + 1)
      .map((t) => `${t.getAttribute('data-testid') ?? t.className}: ${t.scrollWidth} > ${t.clientWidth}`);
    for (const el of figures.querySelectorAll('.table-scroll, .panel'))
      if (el.scrollWidth > el.clientWidth + 1)
        clipped.push(`${el.className}: ${el.scrollWidth} > ${el.clientWidth}`);
    // Every figure within the screen, and each within its own cell (none runs into the next one).
    const outside = [...figures.querySelectorAll('.panel, svg[role=img], .main-svg')]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return (
          r.width &&
          (r.left < -0.5 || r.top < -0.5 || r.right > innerWidth + 0.5 || r.bottom > innerHeight + 0.5)
        );
      })
      .map((el) => el.closest('[data-testid]')?.getAttribute('data-testid'));
    const boxes = [...figures.querySelectorAll('.stage-cell > .panel, .stage-cell > section')].map((el) => ({
      id: el.getAttribute('data-testid'),
      r: el.getBoundingClientRect(),
    }));
    const overlapping = boxes.flatMap((a, i) =>
      boxes
        .slice(i + 1)
        .filter(
          ({ r }) =>
            r.top < a.r.bottom - 0.5 &&
            a.r.top < r.bottom - 0.5 &&
            r.left < a.r.right - 0.5 &&
            a.r.left < r.right - 0.5,
        )
        .map((b) => `${a.id} × ${b.id}`),
    );
    const small = [...stage.querySelectorAll('.stage-text p, .stage-text li, .stage-text h2, .stage-text h3')]
      .map((el) => parseFloat(getComputedStyle(el).fontSize))
      .filter((px) => px < 18);
    // Figure text as the room reads it: its font size times the figure's on-screen scale (rotated labels too).
    const figureText = [...figures.querySelectorAll('svg text, .main-svg text')]
      .filter((t) => t.getClientRects().length && t.textContent.trim())
      .map((t) => {
        const m = t.getScreenCTM();
        const px = parseFloat(getComputedStyle(t).fontSize) * (m ? Math.hypot(m.a, m.b) : 1);
        const where = t.closest('[data-testid]')?.getAttribute('data-testid');
        return { px, what: `${where} “${t.textContent.trim().slice(0, 20)}”` };
      })
      .sort((a, b) => a.px - b.px);
    // The figures' HTML text (their numbers and notes, tables) too: every visible element with text of its own.
    const smallHtml = [...figures.querySelectorAll('*')]
      .filter(
        (el) =>
          !(el instanceof SVGElement) &&
          el.getClientRects().length &&
          [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim()) &&
          parseFloat(getComputedStyle(el).fontSize) < 18,
      )
      .map(
        (el) =>
          `${el.tagName.toLowerCase()} “${el.textContent.trim().slice(0, 24)}” ${getComputedStyle(el).fontSize}`,
      );
    return {
      ids,
      minFigureText: figureText[0]?.px ?? null,
      smallestText: figureText[0]?.what,
      scroll: { height: figures.scrollHeight, client: figures.clientHeight },
      named: stage.getAttribute('data-panels').split(' '),
      clipped,
      smallHtml,
      outside,
      overlapping,
      small,
      qr: stage.querySelector('[data-testid=qr-code]')?.getAttribute('data-text'),
      href: location.href,
    };
  });

async function waitForStepDone(page) {
  await page.waitForFunction(
    () =>
      !document.querySelector('[data-testid=lesson-run]')?.disabled &&
      !document.querySelector('[data-testid=stage-status]'),
    null,
    { timeout: 150_000, polling: 250 },
  );
}

export default {
  name: 'p. presenter view: every lesson step on one 1024×768 stage, its figures, nothing clipped, QR, clicker keys',
  timeoutSec: 600,
  async run({ browser, url }) {
    const { page, errors } = await openLab(browser, url, '?test-hooks', {
      viewport: { width: 1024, height: 768 },
    });
    await page.evaluate((cap) => (window.basinTest.planEpochCap = cap), EPOCH_CAP);
    await byId(page, 'open-lesson').click();
    await byId(page, 'lesson-choice-awp-in-6-steps').click();
    const lessons = ((await byId(page, 'lesson').getAttribute('data-lessons')) ?? '')
      .split(' ')
      .filter(Boolean);
    assert(lessons.length >= 1, 'no lessons listed');
    const notes = [];
    for (const lesson of lessons) {
      await page.evaluate((id) => (location.hash = `#lesson=${id}`), lesson);
      await waitForValue(page, 'lesson-step', (v) => Number(v) === 1);
      if (!(await page.locator('.lesson.stage').count())) await byId(page, 'presenter-toggle').click();
      await page.locator('.lesson.stage').waitFor();
      const count = await page.locator('.lesson-dot').count();
      for (let i = 1; i <= count; i++) {
        await waitForValue(page, 'lesson-step', new Function('v', `return Number(v) === ${i}`));
        const step = await byId(page, 'lesson').getAttribute('data-step');
        const t0 = Date.now();
        if (!(await byId(page, 'lesson-run').isDisabled())) {
          await byId(page, 'lesson-run').click();
          await page.waitForTimeout(500);
          await waitForStepDone(page);
        }
        await page.waitForTimeout(1500); // the last redraws
        await settled(page);
        const m = await measure(page);
        assert(m.ids.length >= 1, `${lesson}/${step}: the stage shows no figure`);
        const unexpected = m.ids.filter((id) => !m.named.includes(id));
        assert(
          !unexpected.length,
          `${lesson}/${step}: the stage shows panels it does not highlight: ${unexpected}`,
        );
        assert(!m.clipped.length, `${lesson}/${step}: clipped: ${m.clipped.join('; ')}`);
        assert(!m.smallHtml.length, `${lesson}/${step}: figure text below 18 px: ${m.smallHtml.join('; ')}`);
        assert(!m.outside.length, `${lesson}/${step}: outside the screen: ${m.outside}`);
        assert(!m.overlapping.length, `${lesson}/${step}: figures overlap: ${m.overlapping}`);
        assert(!m.small.length, `${lesson}/${step}: text below 18 px (${m.small.join(', ')})`);
        // Every figure's text at projector size, and the figures all on the one screen at once.
        assert(
          m.minFigureText !== null && m.minFigureText >= 17.95,
          `${lesson}/${step}: figure text ${m.minFigureText?.toFixed(1)} px < 18 (${m.smallestText})`,
        );
        assert(
          m.scroll.height <= m.scroll.client + 1,
          `${lesson}/${step}: the figures scroll (${m.scroll.height} > ${m.scroll.client} px)`,
        );
        assert(m.qr === m.href, `${lesson}/${step}: the QR code holds ${m.qr}, the page is ${m.href}`);
        const themes = i === 1 ? ['light', 'dark'] : ['light'];
        for (const theme of themes) {
          if ((await page.evaluate(() => document.documentElement.dataset.theme)) !== theme)
            await byId(page, 'theme-toggle').click();
          await page.waitForTimeout(300);
          await page.screenshot({ path: `test-results/p-presenter-${lesson}-${i}-${theme}.png` });
        }
        if ((await page.evaluate(() => document.documentElement.dataset.theme)) !== 'light')
          await byId(page, 'theme-toggle').click();
        notes.push(
          `${i}: ${m.ids.join('+')} text ≥ ${m.minFigureText?.toFixed(1)} px, ${m.scroll.height}/${m.scroll.client} px (${((Date.now() - t0) / 1000).toFixed(0)} s)`,
        );
        if (i < count) {
          await page.locator('body').focus();
          await page.keyboard.press(NEXT_KEYS[(i - 1) % NEXT_KEYS.length]);
        }
      }
      await page.keyboard.press('PageUp');
      await waitForValue(page, 'lesson-step', new Function('v', `return Number(v) === ${count - 1}`));
    }
    // Leaving the stage brings the whole lab back.
    await byId(page, 'presenter-toggle').click();
    await byId(page, 'open-presets').waitFor({ timeout: 10_000 });
    assert((await page.locator('.lesson.stage').count()) === 0, 'the stage stayed');
    assert(errors.length === 0, `page errors: ${errors.join(' | ')}`);
    return `${lessons.join(', ')}: ${notes.join('; ')}`;
  },
};
