// Broken, truncated, future and hostile links: the page never crashes, never runs anything from the link, and a
// banner says what was ignored and what is used instead.
import { assert, byId, openLab, screenshot } from '../lib.mjs';

const LINKS = [
  ['#v1.c=N4IgLgpg', /compressed settings in this link could not be read/],
  [
    '#v1&seed=abc&bogus.field=1&optimizer.lr=1e9',
    /Seed: “abc” is not a number[\s\S]*“bogus\.field” is not a setting/,
  ],
  ['#v7&seed=5', /newer Basin/],
  [
    `#v1&data.kind=%3Cimg%20src%3Dx%20onerror%3D%22window.__pwned%3D1%22%3E&model.activation=%3Cscript%3Ewindow.__pwned%3D2%3C%2Fscript%3E`,
    /Dataset: “<img src=x onerror/,
  ],
  ['#this-is-not-a-basin-link', /not a Basin settings link/],
];

export default {
  name: 'f. garbled links show the banner and run nothing',
  async run({ browser, url }) {
    const notes = [];
    for (const [i, [hash, expected]] of LINKS.entries()) {
      const { page, context, errors } = await openLab(browser, url, hash);
      const banner = byId(page, 'banner');
      await banner.waitFor({ timeout: 10_000 });
      const text = await banner.textContent();
      assert(expected.test(text), `banner for ${hash}: ${text}`);
      assert((await page.evaluate(() => window.__pwned)) === undefined, 'something from the link ran');
      assert(!errors.some((e) => /pageerror|Uncaught/i.test(e)), `page errors: ${errors.join('; ')}`);
      // The lab still works with the repaired config.
      assert(await byId(page, 'step').isEnabled(), 'the lab is not usable');
      if (i === 1 || i === 3) await screenshot(page, `f-garbled-link-${i}`);
      notes.push(text.length);
      await context.close();
    }
    return `${LINKS.length} links, banner shown for each`;
  },
};
