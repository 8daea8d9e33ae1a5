// The first screen is the picture: at 1024×768 (a projector) and 1440×900, after one Play and without scrolling,
// the decision boundary, the training curves and a 1-D weight landscape (computed by itself after training)
// lie inside the viewport; Play comes before any setting; the header stays on one row and does not move
// while the page loads and trains. Screenshots p-first-<size>-<theme>.png.
import { assert, byId, openLab, waitForValue } from '../lib.mjs';

const SIZES = [
  [1024, 768],
  [1440, 900],
];

/** Bounding boxes of the three pictures and of the header's buttons. */
const measure = (page) =>
  page.evaluate(() => {
    const box = (sel) => {
      const r = document.querySelector(sel)?.getBoundingClientRect();
      return r ? { left: r.left, top: r.top, right: r.right, bottom: r.bottom } : null;
    };
    return {
      scrollY: window.scrollY,
      width: window.innerWidth,
      height: window.innerHeight,
      boundary: box('[data-testid=panel-boundary] .boundary-figure'),
      curves: box('[data-testid=curves-figure]'),
      landscape: box('[data-testid=landscape1d] .landscape-figure svg'),
      play: box('[data-testid=play]'),
      /** The player's read-outs and buttons, each of which must lie inside the player's box. */
      player: box('[data-testid=player]'),
      playerParts: [
        ...document.querySelectorAll('[data-testid=player] .readout, [data-testid=player] button'),
      ].map((el) => ({ name: el.textContent.trim().slice(0, 20), right: el.getBoundingClientRect().right })),
      settings: box('#settings-title'),
      header: box('header.top'),
      buttons: [...document.querySelectorAll('header.top button, header.top .button')].map((b) => {
        const r = b.getBoundingClientRect();
        return [Math.round(r.left), Math.round(r.top)];
      }),
    };
  });

const inside = (b, m) => b && b.left >= 0 && b.top >= 0 && b.right <= m.width && b.bottom <= m.height;

export default {
  name: 'p. picture first: boundary, curves and landscape on the first screen at 1024×768 and 1440×900',
  timeoutSec: 240,
  async run({ browser, url }) {
    const notes = [];
    for (const [width, height] of SIZES) {
      const { page, errors } = await openLab(browser, url, '#seed=3&epochs=12', {
        viewport: { width, height },
      });
      const early = await measure(page);
      await byId(page, 'play').click();
      await waitForValue(page, 'run-status', (v) => v === 'done', 120_000);
      // The 1-D landscape computes by itself once training is done (its panel is on screen).
      await page.waitForFunction(
        () => document.querySelector('[data-testid=landscape1d]')?.getAttribute('data-stage') === 'complete',
        null,
        { timeout: 60_000 },
      );
      await page.waitForTimeout(800);
      const m = await measure(page);
      assert(m.scrollY === 0, `the page scrolled (${m.scrollY})`);
      for (const part of ['boundary', 'curves', 'landscape'])
        assert(
          inside(m[part], m),
          `${width}×${height}: the ${part} is not inside the first screen: ${JSON.stringify(m[part])}`,
        );
      assert(m.play.top < m.settings.top, 'Play does not come before the settings');
      const cut = m.playerParts.filter((p) => p.right > m.player.right + 0.5);
      assert(!cut.length, `${width}×${height}: past the player's right edge: ${JSON.stringify(cut)}`);
      assert(
        m.header.bottom - m.header.top < 48,
        `the header takes ${m.header.bottom - m.header.top}px (two rows?)`,
      );
      const row = new Set(m.buttons.map(([, top]) => top));
      assert(row.size === 1, `the header's buttons are on ${row.size} rows`);
      assert(
        JSON.stringify(early.buttons) === JSON.stringify(m.buttons),
        `the header's buttons moved after load: ${JSON.stringify(early.buttons)} → ${JSON.stringify(m.buttons)}`,
      );
      const badge = (await byId(page, 'backend-badge').textContent()) ?? '';
      assert(/^Running on /.test(badge), `backend said as “${badge}”`);
      for (const theme of ['light', 'dark']) {
        if ((await page.evaluate(() => document.documentElement.dataset.theme)) !== theme)
          await byId(page, 'theme-toggle').click();
        await page.waitForTimeout(500);
        await page.screenshot({ path: `test-results/p-first-${width}-${theme}.png` });
      }
      assert(errors.length === 0, `page errors: ${errors.join(' | ')}`);
      notes.push(`${width}×${height}: landscape bottom ${Math.round(m.landscape.bottom)} px`);
      await page.context().close();
    }
    return notes.join('; ');
  },
};
