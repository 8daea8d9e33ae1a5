// Fuzz: ≥ 200 generated share links (applied one after another in one page through the address's hash) and
// ≥ 50 generated run bundles (opened through the file input), seeded so every run tries the same cases. For
// each: no uncaught error, the player still there, nothing from the input executed, and either a message in
// plain words (no validator jargon, no repeated lines) or a faithful load. Results per case go to
// test-results/x-fuzz.json. FUZZ_SEED overrides the seed to explore other cases.
import { readFile } from 'node:fs/promises';
import { assert, byId, openLab, screenshot, waitForValue, writeResult } from '../lib.mjs';
import { generateBundles, generateLinks } from '../fuzz-cases.mjs';

const SEED = Number(process.env.FUZZ_SEED ?? 20250611);
const LINKS = 220;
const BUNDLES = 60;

/** Words of the validator's vocabulary or of the code that a message people read must not contain. */
const JARGON =
  /invalid (input|option|discriminator|type|union)|expected (a |an )?(number|int|integer|array|string|object|boolean|one of|\d|")|received (a |an )?(number|string|array|object|boolean|null|undefined)|discriminator|\(root\)|zod|\bundefined\b|(?<!“)\bNaN\b(?!”)|9007199254740991|safe integer|too (big|small):|\[object Object\]/i;
/** A line that starts with a dotted setting path and a colon ("optimizer.lr: …") speaks code, not words. */
const PATH_FIRST = /^\s*[a-z]+[A-Za-z]*(\.[A-Za-z0-9]+)+\s*:/;

async function messageProblems(locator) {
  const text = (await locator.textContent()) ?? '';
  const items = await locator.locator('li').allTextContents();
  const problems = [];
  const jargon = JARGON.exec(text);
  if (jargon) problems.push(`jargon "${jargon[0]}" in: ${text.slice(0, 200)}`);
  const pathFirst = items.find((i) => PATH_FIRST.test(i));
  if (pathFirst) problems.push(`line names a code path: ${pathFirst.slice(0, 120)}`);
  if (new Set(items).size !== items.length)
    problems.push(`repeated lines: ${items.join(' | ').slice(0, 200)}`);
  return { text, problems };
}

/** The text of an element if it is on the page now (never waits for it). */
const textNow = async (locator) => ((await locator.count()) ? await locator.first().textContent() : null);

/** What shows that the lab took a link: the current run, its change note, the link a message quotes. */
const reaction = (page) =>
  page.evaluate(() => ({
    id: document.querySelector('.run-chip.current')?.getAttribute('data-testid') ?? '',
    change: document.querySelector('[data-testid=run-change]')?.textContent ?? '',
    received: document.querySelector('[data-testid=link-received] input')?.value ?? '',
  }));
const status = (page) =>
  byId(page, 'run-status')
    .getAttribute('data-value', { timeout: 2000 })
    .catch(() => null);

async function common(page, errors, errorsBefore) {
  const why = [];
  if (errors.length > errorsBefore)
    why.push(`uncaught: ${errors.slice(errorsBefore).join(' | ').slice(0, 200)}`);
  if (
    !(await byId(page, 'player')
      .isVisible()
      .catch(() => false))
  )
    why.push('the player is gone');
  if (await page.evaluate(() => window.__pwned !== undefined)) why.push('a script from the input ran');
  return why;
}

async function runLink(page, errors, c) {
  const why = [];
  const errorsBefore = errors.length;
  const before = await reaction(page);
  const same = await page.evaluate((h) => {
    const a = document.createElement('a');
    a.href = h;
    const same = a.hash === location.hash || (h === '#' && location.hash === '');
    location.hash = h;
    return same;
  }, c.hash);
  if (!same) {
    // The lab answers a link with a new run, with "continues the same run" (only the epochs differ), or with
    // a message that quotes the link as received.
    const reacted = await page
      .waitForFunction(
        (prev) => {
          const id = document.querySelector('.run-chip.current')?.getAttribute('data-testid') ?? '';
          const s = document.querySelector('[data-testid=run-status]')?.getAttribute('data-value');
          const change = document.querySelector('[data-testid=run-change]')?.textContent ?? '';
          const received = document.querySelector('[data-testid=link-received] input')?.value ?? '';
          return (
            (id !== prev.id && s !== 'creating') ||
            (change !== prev.change && change.startsWith('Continues')) ||
            received !== prev.received
          );
        },
        before,
        { timeout: 20_000, polling: 50 },
      )
      .then(() => true)
      .catch(() => false);
    if (!reacted) why.push('no reaction: the link made no run, no continuation and no message');
  }
  why.push(...(await common(page, errors, errorsBefore)));
  if (why.includes('the player is gone')) return why;
  const s = await status(page);
  if (s === 'failed')
    why.push(`the run failed: ${(await textNow(byId(page, 'run-error'))) ?? ''}`.slice(0, 200));
  if (await byId(page, 'engine-error').count()) why.push('the engine failed');
  const banner = byId(page, 'banner');
  const shown = (await banner.count()) > 0;
  if (shown) {
    const { problems } = await messageProblems(banner);
    why.push(...problems);
  }
  if (c.expect === 'message' && !shown) why.push('no message for a link that needs one');
  if (c.expect === 'clean' && shown)
    why.push(`a message for a clean link: ${(await banner.textContent()).slice(0, 160)}`);
  if (c.expect !== 'message')
    for (const [id, v] of Object.entries(c.fields)) {
      const got = await byId(page, id)
        .inputValue({ timeout: 2000 })
        .catch(() => '(missing)');
      if (got !== v && !(c.expect === 'either' && shown)) why.push(`${id} shows ${got}, the link says ${v}`);
    }
  if (c.expect === 'message')
    for (const [id, v] of Object.entries(c.fields)) {
      const got = await byId(page, id)
        .inputValue({ timeout: 2000 })
        .catch(() => '(missing)');
      if (got !== v) why.push(`${id} shows ${got}, expected ${v}`);
    }
  return why;
}

async function runBundle(page, errors, c, base) {
  const why = [];
  const errorsBefore = errors.length;
  const message = byId(page, 'bundle-message');
  if (await message.count()) await message.getByRole('button', { name: /dismiss/i }).click();
  const before = {
    epoch: await byId(page, 'epoch').getAttribute('data-value'),
    status: await status(page),
    source: await textNow(byId(page, 'run-source')),
  };
  await byId(page, 'bundle-load').setInputFiles({
    name: c.fileName,
    mimeType: 'application/json',
    buffer: Buffer.from(c.content),
  });
  const answered = await page
    .waitForFunction(
      () =>
        /could not be opened|Opened/.test(
          document.querySelector('[data-testid=bundle-message]')?.textContent ?? '',
        ),
      null,
      { timeout: 30_000, polling: 100 },
    )
    .then(() => true)
    .catch(() => false);
  if (!answered) why.push('no reaction to the file');
  why.push(...(await common(page, errors, errorsBefore)));
  if (!answered || why.includes('the player is gone')) return why;
  const { text, problems } = await messageProblems(message);
  why.push(...problems);
  const loaded = /Opened/.test(text);
  if (loaded) {
    if (c.expect === 'message') why.push(`loaded a file that should be refused: ${text.slice(0, 120)}`);
    const settled = await page
      .waitForFunction(
        () =>
          /paused|done|unstable/.test(
            document.querySelector('[data-testid=run-status]')?.getAttribute('data-value') ?? '',
          ),
        null,
        { timeout: 15_000 },
      )
      .then(() => true)
      .catch(() => false);
    if (!settled) why.push(`the loaded run did not settle (status ${await status(page)})`);
    const epoch = Number(await byId(page, 'epoch').getAttribute('data-value'));
    const want = JSON.parse(c.content)?.parameters?.epoch ?? base.parameters.epoch;
    if (epoch !== want) why.push(`loaded at epoch ${epoch}, the file says ${want}`);
    const engineError = await textNow(byId(page, 'run-error'));
    if (engineError) why.push(`engine error after loading: ${engineError}`);
    const failedPanels = await page.locator('[data-testid^=panel-failed-]').count();
    if (failedPanels) why.push(`${failedPanels} panels failed to draw the loaded run`);
  } else {
    if (c.expect === 'clean') why.push(`refused a good file: ${text.slice(0, 160)}`);
    const after = {
      epoch: await byId(page, 'epoch').getAttribute('data-value'),
      status: await status(page),
      source: await textNow(byId(page, 'run-source')),
    };
    if (JSON.stringify(after) !== JSON.stringify(before))
      why.push(`the current run changed: ${JSON.stringify(before)} → ${JSON.stringify(after)}`);
  }
  return why;
}

export default {
  name: `x. fuzz: ${LINKS} generated links and ${BUNDLES} generated bundles: no crash, a plain message or a faithful load`,
  // 280 fresh page loads (links and bundles) at 2–5 s each on a 2-core machine: time for all of them.
  timeoutSec: 2400,
  async run({ browser, url }) {
    const t0 = Date.now();
    let { page, errors } = await openLab(browser, url, '#v1&seed=2');
    const reopen = async (hash) => {
      await page.context().close();
      ({ page, errors } = await openLab(browser, url, hash));
      page.on('dialog', (d) => void d.dismiss());
    };
    page.on('dialog', (d) => void d.dismiss());
    // A second run, so the current run's id shows in the runs bar.
    await page.evaluate(() => (location.hash = '#v1&seed=3'));
    await page.locator('.run-chip.current').waitFor({ timeout: 30_000 });

    const linkResults = [];
    for (const c of generateLinks(SEED, LINKS)) {
      const why = await runLink(page, errors, c).catch((err) => [
        `journey error: ${String(err).slice(0, 200)}`,
      ]);
      linkResults.push({ name: c.name, hash: c.hash.slice(0, 200), why });
      if (why.some((w) => /player is gone|journey error|no reaction/.test(w))) {
        await screenshot(page, `x-fuzz-${c.name}`).catch(() => undefined);
        await reopen('#v1&seed=2');
        await page.evaluate(() => (location.hash = '#v1&seed=3'));
        await page.locator('.run-chip.current').waitFor({ timeout: 30_000 });
      }
    }
    const linkSeconds = (Date.now() - t0) / 1000;

    // The bundles derive from a real one: two epochs of the default moons run.
    await reopen('#v1&seed=5&training.epochs=2');
    await byId(page, 'play').click();
    await waitForValue(page, 'run-status', (v) => v === 'done' || v === 'unstable', 60_000);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      byId(page, 'bundle-download').click(),
    ]);
    const base = JSON.parse(await readFile(await download.path(), 'utf8'));
    const bundleResults = [];
    for (const c of generateBundles(SEED, base, BUNDLES)) {
      const t1 = Date.now();
      const why = await runBundle(page, errors, c, base).catch((err) => [
        `journey error: ${String(err).slice(0, 200)}`,
      ]);
      bundleResults.push({ name: c.name, seconds: (Date.now() - t1) / 1000, why });
      if (why.some((w) => /player is gone|journey error|no reaction/.test(w))) {
        await screenshot(page, `x-fuzz-${c.name}`).catch(() => undefined);
        await reopen('#v1&seed=5&training.epochs=2');
      }
    }
    const seconds = (Date.now() - t0) / 1000;
    const failed = (rs) => rs.filter((r) => r.why.length);
    await writeResult('x-fuzz.json', {
      seed: SEED,
      seconds,
      linkSeconds,
      links: { total: linkResults.length, failed: failed(linkResults) },
      bundles: { total: bundleResults.length, failed: failed(bundleResults) },
    });
    const summary = (rs) =>
      failed(rs)
        .slice(0, 12)
        .map((r) => `${r.name}: ${r.why[0]}`)
        .join('\n      ');
    assert(
      !failed(linkResults).length && !failed(bundleResults).length,
      `${failed(linkResults).length}/${linkResults.length} links and ${failed(bundleResults).length}/${bundleResults.length} bundles failed (test-results/x-fuzz.json):\n      ${summary(linkResults)}\n      ${summary(bundleResults)}`,
    );
    return `${linkResults.length} links (${linkSeconds.toFixed(0)} s) and ${bundleResults.length} bundles, seed ${SEED}, ${seconds.toFixed(0)} s in all`;
  },
};
