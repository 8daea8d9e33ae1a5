// Links made for teaching: a readable link (#seed=…&epochs=…) and a compressed link of the same run train to the
// same numbers; `hide=` hides the settings and a panel it names; the exercise dialog builds such a link;
// `?embed=<panel>` renders that one panel and no page around it. Screenshots p-links-*.png.
import LZString from 'lz-string';
import { assert, byId, newContext, openLab, screenshot, value, waitForValue } from '../lib.mjs';

const READOUTS = ['train-loss', 'train-acc', 'test-loss', 'test-acc'];
const RUN = { seed: 3, training: { epochs: 3 }, data: { n: 300 } };
const READABLE = '#seed=3&epochs=3&points=300';
const COMPRESSED = `#v1.c=${LZString.compressToEncodedURIComponent(JSON.stringify(RUN))}`;

async function train(browser, url, hash) {
  const { page, errors } = await openLab(browser, url, hash, { viewport: { width: 1024, height: 768 } });
  assert((await byId(page, 'banner').count()) === 0, `${hash.slice(0, 40)} raised a banner`);
  await byId(page, 'play').click();
  await waitForValue(page, 'run-status', (v) => v === 'done', 120_000);
  const numbers = Object.fromEntries(
    await Promise.all(READOUTS.map(async (id) => [id, await value(page, id)])),
  );
  return { page, errors, numbers, hash: await page.evaluate(() => location.hash) };
}

export default {
  name: 'p. teaching links: readable = compressed, hide=, the exercise dialog, ?embed',
  timeoutSec: 300,
  async run({ browser, url }) {
    // Readable and compressed: the same run, the same numbers; the page rewrites both to the readable form.
    const a = await train(browser, url, READABLE);
    const b = await train(browser, url, COMPRESSED);
    for (const id of READOUTS)
      assert(a.numbers[id] === b.numbers[id], `${id}: ${a.numbers[id]} vs ${b.numbers[id]}`);
    assert(a.hash === b.hash, `the two pages show ${a.hash} and ${b.hash}`);
    assert(!a.hash.startsWith('#v1'), `the address is not readable: ${a.hash}`);

    // hide=: the settings and the 1-D landscape are gone, the rest is there.
    const { page: hidden, errors } = await openLab(browser, url, `${READABLE}&hide=settings,landscape-1d`, {
      viewport: { width: 1024, height: 768 },
    });
    assert(
      !(await hidden.locator('section.settings').isVisible()),
      'hide=settings left the settings visible',
    );
    assert((await byId(hidden, 'panel-landscape-1d').count()) === 0, 'hide=landscape-1d left the panel');
    assert((await byId(hidden, 'panel-curves').count()) === 1, 'the curves went too');
    assert(
      (await hidden.evaluate(() => location.hash)).endsWith('&hide=settings,landscape-1d'),
      'hide= was dropped',
    );
    await screenshot(hidden, 'p-links-hidden');

    // The exercise dialog builds such a link.
    const { page: teacher } = await openLab(browser, url, READABLE, {
      viewport: { width: 1440, height: 900 },
    });
    await byId(teacher, 'open-exercise').click();
    await byId(teacher, 'hide-settings').check();
    await byId(teacher, 'hide-metrics').check();
    const exercise = await byId(teacher, 'exercise-url').inputValue();
    assert(exercise.includes('hide=settings,metrics'), `exercise link ${exercise}`);
    await screenshot(teacher, 'p-links-exercise-dialog');
    await byId(teacher, 'exercise-embed').check();
    await byId(teacher, 'exercise-embed-panel').selectOption('curves');
    const embedLink = await byId(teacher, 'exercise-url').inputValue();
    assert(new URL(embedLink).searchParams.get('embed') === 'curves', `embed link ${embedLink}`);
    const student = await (await newContext(browser)).newPage();
    await student.goto(exercise);
    await student.locator('[data-testid=backend-badge]:not([data-backend=""])').waitFor({ timeout: 60_000 });
    assert(!(await student.locator('section.settings').isVisible()), 'the exercise link shows the settings');
    assert((await byId(student, 'panel-metrics').count()) === 0, 'the exercise link shows the metrics');

    // ?embed=curves: one panel, Play, no header or settings.
    const frame = await (await newContext(browser, { viewport: { width: 640, height: 520 } })).newPage();
    await frame.goto(embedLink);
    await byId(frame, 'embed').waitFor({ timeout: 60_000 });
    await waitForValue(frame, 'run-status', (v) => v === 'idle', 60_000);
    assert((await frame.locator('section.panel').count()) === 1, 'the embed shows more than one panel');
    assert((await byId(frame, 'panel-curves').count()) === 1, 'the embed does not show the curves');
    assert(
      (await frame.locator('header.top, section.settings').count()) === 0,
      'the embed has the page around it',
    );
    await byId(frame, 'play').click();
    await waitForValue(frame, 'run-status', (v) => v === 'done', 120_000);
    assert(
      (await value(frame, 'test-loss')) === a.numbers['test-loss'],
      'the embedded run gave other numbers',
    );
    await frame.screenshot({ path: 'test-results/p-links-embed.png' });
    assert(!a.errors.length && !b.errors.length && !errors.length, 'page errors');
    return `readable ${READABLE} and compressed (${COMPRESSED.length} chars): test loss ${a.numbers['test-loss']} both`;
  },
};
