// The methods reader: no help text shows a raw file path; the reader (and KaTeX) loads only when asked for;
// a panel's "How to read this" and the method menu open their pages at the right section; every page renders
// with its math typeset; Escape closes it; links between pages work. Screenshots of the AWP update rule
// beside the lab, light and dark, at 1440×900 and 1024×768.
import { assert, byId, openLab, RESULTS } from '../lib.mjs';
import { join } from 'node:path';

/** Raw citations ("docs/methods/awp.md#…") in the page's text or attributes: the lab must show none. */
const rawCitations = (page) =>
  page.evaluate(() => {
    const hits = [];
    const re = /docs\/[\w/-]+\.md/;
    for (const el of document.querySelectorAll('body *')) {
      for (const a of el.attributes) if (re.test(a.value)) hits.push(`${el.tagName}[${a.name}]: ${a.value}`);
      for (const n of el.childNodes) if (n.nodeType === 3 && re.test(n.textContent)) hits.push(n.textContent);
    }
    return hits;
  });

/** The open page once rendered: its id, KaTeX count, KaTeX errors, and $ left untypeset in the text. */
async function readerState(page) {
  await page.locator('[data-testid=docs-body][data-ready]').waitFor({ timeout: 30_000 });
  return page.evaluate(() => {
    const body = document.querySelector('[data-testid=docs-body] article');
    const clone = body.cloneNode(true);
    clone.querySelectorAll('annotation').forEach((a) => a.remove());
    return {
      page: document.querySelector('[data-testid=docs]').dataset.page,
      katex: body.querySelectorAll('.katex').length,
      display: body.querySelectorAll('.katex-display').length,
      errors: body.querySelectorAll('.katex-error').length,
      dollars: (clone.textContent.match(/\$/g) ?? []).length,
      headings: [...body.querySelectorAll('h2[id]')].map((h) => h.id),
    };
  });
}

/** Whether the element with this id is at the top of the reader's scroll box. */
const atTop = (page, id) =>
  page.evaluate((anchor) => {
    const box = document.querySelector('[data-testid=docs-body]').getBoundingClientRect();
    const h = document.getElementById(anchor)?.getBoundingClientRect();
    return !!h && Math.abs(h.top - box.top) < 40;
  }, id);

export default {
  name: 'm. methods reader: pages open from panels and methods, math typeset, links work',
  timeoutSec: 180,
  async run({ browser, url }) {
    const { page, errors } = await openLab(browser, url, '');
    const loadedChunks = () =>
      page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name.split('/').pop()));
    assert(!(await loadedChunks()).some((n) => /DocsPanel|katex/i.test(n)), 'the reader loaded up front');
    const raw = await rawCitations(page);
    assert(raw.length === 0, `raw citations in the lab: ${raw.slice(0, 3).join(' | ')}`);

    // A panel's "How to read this" → its page, at its section.
    const panel = byId(page, 'panel-landscape-1d');
    await panel.locator('summary', { hasText: 'How to read this' }).click();
    await panel.locator('[data-testid=doc-link][data-doc="landscapes#1-d-curves"]').click();
    let s = await readerState(page);
    assert(s.page === 'landscapes' && s.katex > 10 && s.errors === 0, `landscapes: ${JSON.stringify(s)}`);
    assert(await atTop(page, '1-d-curves'), 'the reader did not scroll to "1-D curves"');
    assert(
      (await loadedChunks()).some((n) => /^DocsPanel/.test(n)),
      'the reader chunk was not loaded lazily',
    );

    // Every page renders, with all its math typeset.
    const pages = await byId(page, 'docs-page')
      .locator('option')
      .evaluateAll((os) => os.map((o) => o.value));
    const counts = [];
    for (const id of pages) {
      await byId(page, 'docs-page').selectOption(id);
      await page.waitForFunction((p) => document.querySelector('[data-testid=docs]')?.dataset.page === p, id);
      s = await readerState(page);
      assert(s.page === id && s.errors === 0 && s.dollars === 0, `${id}: ${JSON.stringify(s)}`);
      assert(s.headings.length > 0, `${id} has no sections`);
      counts.push(`${id} ${s.katex}`);
    }

    // Escape closes the reader.
    await page.keyboard.press('Escape');
    await byId(page, 'docs').waitFor({ state: 'detached', timeout: 5_000 });

    // The method menu → its page: AWP's update rule, beside the lab, in both themes and two window sizes.
    await byId(page, 'method').selectOption('awp-at');
    const shots = [];
    for (const theme of ['light', 'dark']) {
      if (await byId(page, 'docs').count()) await page.keyboard.press('Escape');
      const current = await page.evaluate(() => document.documentElement.dataset.theme);
      if (current !== theme) await byId(page, 'theme-toggle').click();
      await byId(page, 'method-doc').getByTestId('doc-link').click();
      await page.waitForFunction(() => document.querySelector('[data-testid=docs]')?.dataset.page === 'awp');
      s = await readerState(page);
      assert(s.display >= 5 && s.errors === 0, `awp: ${JSON.stringify(s)}`);
      for (const [w, h] of [
        [1440, 900],
        [1024, 768],
      ]) {
        await page.setViewportSize({ width: w, height: h });
        await page.waitForTimeout(300);
        assert(await atTop(page, 'the-update'), `${w}×${h}: the reader is not at "The update"`);
        const name = `m-methods-awp-${w}x${h}-${theme}.png`;
        await page.screenshot({ path: join(RESULTS, name) });
        shots.push(name);
      }
      await page.setViewportSize({ width: 1440, height: 1000 });
    }

    // A link inside a page goes to another page and section.
    await page.locator('[data-testid=docs-body] a.doc-internal[data-doc-page=attacks]').first().click();
    await page.waitForFunction(
      () => document.querySelector('[data-testid=docs]')?.dataset.page === 'attacks',
    );
    await readerState(page);
    assert(await atTop(page, 'pgd-l-inf'), 'the link did not land on "PGD (L-inf)"');
    assert(errors.length === 0, `console errors: ${errors.join(' | ')}`);
    return `KaTeX elements per page: ${counts.join(', ')}; ${shots.length} screenshots`;
  },
};
