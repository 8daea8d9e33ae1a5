// Accessibility: axe-core (injected from node_modules) finds no serious or critical WCAG 2.1 A/AA violation on
// the lab, the comparison view and the lesson's presenter view, in the light and the dark theme; the
// keyboard reaches Play within 5 Tab presses (through the skip link), the figures by the second skip link;
// the status of a run is announced through a polite live region; the disabled Play looks disabled in both
// themes. Results: test-results/z-axe.json; screenshots z-*.png.
import { fileURLToPath } from 'node:url';
import { assert, byId, openLab, screenshot, waitForValue, writeResult } from '../lib.mjs';

const AXE = fileURLToPath(import.meta.resolve('axe-core/axe.min.js'));

async function axe(page, view, theme, results) {
  if ((await page.evaluate(() => document.documentElement.dataset.theme)) !== theme)
    await byId(page, 'theme-toggle').click();
  await page.waitForTimeout(300);
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  const found = await page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.length,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }));
  });
  const severe = found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  results.push({ view, theme, violations: found });
  await screenshot(page, `z-${view}-${theme}`);
  return severe.map(
    (v) => `${view}/${theme}: ${v.id} (${v.impact}, ${v.nodes}×) ${v.help} — ${v.targets.join(', ')}`,
  );
}

export default {
  name: 'z. accessibility: axe on lab, comparison and presenter views (light, dark), keyboard, live status',
  timeoutSec: 240,
  async run({ browser, url }) {
    const { page } = await openLab(browser, url, '?test-hooks#v1&seed=6&data.n=300&training.epochs=3');
    await page.evaluate(() => (window.basinTest.planEpochCap = 2));

    // Keyboard: from the top of the page, Tab reaches "Skip to the player"; Enter puts the focus on Play.
    await page.evaluate(() => document.activeElement?.blur());
    let tabs = 0;
    let onPlay = false;
    while (tabs < 5 && !onPlay) {
      await page.keyboard.press('Tab');
      tabs++;
      const at = await page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
      if (at === 'skip-player') await page.keyboard.press('Enter');
      onPlay = (await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))) === 'play';
    }
    assert(onPlay, `Play not reached within 5 Tab presses`);
    await screenshot(page, 'z-focus-play');
    // Space on the focused Play trains; the live region says when it finished.
    await page.keyboard.press('Enter');
    await waitForValue(page, 'run-status', (v) => v === 'done', 60_000);
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid=live-status] p')].some((p) =>
        /^Training finished after 3 epochs; test accuracy \d/.test(p.textContent),
      ),
    );
    const live = await byId(page, 'live-status').evaluate((el) => [
      el.getAttribute('aria-live'),
      el.getAttribute('role'),
    ]);
    assert(live[0] === 'polite' && live[1] === 'status', `live region ${live}`);
    // The second skip link moves the focus to the figures.
    await byId(page, 'skip-player').focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    assert((await page.evaluate(() => document.activeElement?.id)) === 'lab-panels', 'figures skip link');

    // Every control the Tab key reaches shows where the focus is (an outline or a ring).
    await byId(page, 'skip-player').focus();
    const walked = [];
    for (let i = 0; i < 400; i++) {
      await page.keyboard.press('Tab');
      const at = await page.evaluate(() => {
        const el = document.activeElement;
        if (!el || el === document.body) return null;
        const s = getComputedStyle(el);
        const shown = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
        // A visually hidden file input shows its focus on the label around it (:focus-within).
        const label = el.closest('label.button');
        const viaLabel = label && getComputedStyle(label).outlineStyle !== 'none';
        return { id: el.getAttribute('data-testid') ?? el.id ?? el.tagName, shown: shown || !!viaLabel };
      });
      if (!at || at.id === 'skip-player') break;
      walked.push(at);
    }
    const unseen = walked.filter((w) => !w.shown).map((w) => w.id);
    assert(walked.length > 30, `only ${walked.length} controls reached by Tab`);
    assert(!unseen.length, `focus not visible on: ${unseen.slice(0, 10).join(', ')}`);

    // Disabled Play looks disabled: not the accent colour, in both themes.
    const looks = {};
    for (const theme of ['light', 'dark']) {
      if ((await page.evaluate(() => document.documentElement.dataset.theme)) !== theme)
        await byId(page, 'theme-toggle').click();
      looks[theme] = await page.evaluate(() => {
        const play = document.querySelector('[data-testid=play]');
        const accent = getComputedStyle(document.documentElement).getPropertyValue('--accent').trim();
        const bg = getComputedStyle(play).backgroundColor;
        const probe = document.createElement('span');
        probe.style.color = accent;
        document.body.append(probe);
        const accentRgb = getComputedStyle(probe).color;
        probe.remove();
        return { disabled: play.disabled, bg, accentRgb };
      });
      assert(looks[theme].disabled, 'Play should be disabled after the run finished');
      assert(looks[theme].bg !== looks[theme].accentRgb, `${theme}: the disabled Play has the accent colour`);
    }
    await byId(page, 'player').screenshot({ path: 'test-results/z-disabled-play-dark.png' });

    const results = [];
    const severe = [];
    for (const theme of ['light', 'dark']) severe.push(...(await axe(page, 'lab', theme, results)));

    // The comparison view: a second run, both compared.
    await byId(page, 'regenerate').click();
    await waitForValue(page, 'run-status', (v) => v === 'idle');
    await byId(page, 'play').click();
    await waitForValue(page, 'run-status', (v) => v === 'done', 60_000);
    for (const box of await page.locator('[data-testid^=compare-toggle-]').all()) await box.check();
    await waitForValue(page, 'comparison-view', (v) => Number(v) === 2);
    await byId(page, 'comparison-view').scrollIntoViewIfNeeded();
    for (const theme of ['light', 'dark']) severe.push(...(await axe(page, 'comparison', theme, results)));

    // The lesson in presenter mode.
    await byId(page, 'open-lesson').click();
    await byId(page, 'lesson-choice-awp-in-6-steps').click();
    await waitForValue(page, 'lesson-step', (v) => Number(v) === 1);
    await byId(page, 'presenter-toggle').click();
    await page.locator('.app.presenter').waitFor();
    for (const theme of ['light', 'dark']) severe.push(...(await axe(page, 'presenter', theme, results)));
    // A clicker's PageDown moves to the next step, even with the focus on a button.
    await byId(page, 'presenter-toggle').focus();
    await page.keyboard.press('PageDown');
    await waitForValue(page, 'lesson-step', (v) => Number(v) === 2);
    await page.keyboard.press('PageUp');
    await waitForValue(page, 'lesson-step', (v) => Number(v) === 1);

    await writeResult('z-axe.json', { tabsToPlay: tabs, tabStops: walked.length, looks, results });
    assert(!severe.length, `serious/critical axe violations:\n      ${severe.join('\n      ')}`);
    const minor = results.flatMap((r) =>
      r.violations.map((v) => `${r.view}/${r.theme}: ${v.id} (${v.impact})`),
    );
    return `Play after ${tabs} Tab press(es); ${walked.length} Tab stops, focus visible on each; axe: 0 serious/critical in 6 views${minor.length ? `; minor: ${minor.join(', ')}` : ''}`;
  },
};
