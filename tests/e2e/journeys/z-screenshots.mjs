// The pictures of the README and of link previews, taken from the real lab so they stay current: the default
// moons model trained, its landscapes drawn. Writes test-results/readme-screenshot.png (1440×900) and
// test-results/social-preview.png (1280×640); `npm run screenshots` copies them to docs/screenshot.png and
// public/social-preview.png.
import { join } from 'node:path';
import { RESULTS, assert, byId, openLab, value, waitForValue } from '../lib.mjs';

export default {
  name: 'z. README and social-preview screenshots of the trained default model',
  timeoutSec: 240,
  async run({ browser, url }) {
    const { page, errors } = await openLab(browser, url, '');
    await byId(page, 'play').click();
    await waitForValue(page, 'run-status', (v) => v === 'done', 180_000);
    // The 2-D landscape (under "How flat is the minimum?") computes once it is scrolled to.
    await byId(page, 'landscape2d').scrollIntoViewIfNeeded();
    await page.locator('[data-testid=landscape2d][data-stage=complete]').waitFor({ timeout: 90_000 });
    await page
      .locator('[data-testid=landscape1d-figure], [data-testid=panel-landscape-1d] svg')
      .first()
      .waitFor();
    const acc = await value(page, 'test-acc');
    // The first screen from the player bar down: the boundary, the curves and the 1-D landscape.
    const toPanels = () =>
      page.evaluate(() => {
        const bar = document.querySelector('[data-testid=play]').getBoundingClientRect();
        window.scrollTo(0, window.scrollY + bar.top - 16);
      });
    await page.setViewportSize({ width: 1440, height: 900 });
    await toPanels();
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(RESULTS, 'readme-screenshot.png') });
    await page.setViewportSize({ width: 1280, height: 640 });
    await toPanels();
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(RESULTS, 'social-preview.png') });
    assert(errors.length === 0, `console errors: ${errors.join(' | ')}`);
    return `trained to test accuracy ${(acc * 100).toFixed(1)}%`;
  },
};
