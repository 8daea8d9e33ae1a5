// The cases of the malformed-input report, each by name: an overflowing bundle no longer blanks the page (and
// the files after it still get their message); a failing panel shows what failed and can be reset while the
// rest works; non-finite values in a figure are gaps with a note; an out-of-range number is the same in the
// form and in a link, and never trains silently with another value; a run that ends far from its best is
// "unstable"; plain links with MNIST or a CNN reach a state that runs; messages are plain sentences, and the
// link as received stays available. Screenshots: test-results/y-*.png.
import { readFile } from 'node:fs/promises';
import { assert, byId, newContext, openLab, screenshot, value, waitForValue } from '../lib.mjs';

const json = (name, data) => ({
  name,
  mimeType: 'application/json',
  buffer: Buffer.from(JSON.stringify(data)),
});

async function openFile(page, file) {
  const message = byId(page, 'bundle-message');
  if (await message.count()) await message.getByRole('button', { name: /dismiss/i }).click();
  await byId(page, 'bundle-load').setInputFiles(file);
  await page.waitForFunction(
    () =>
      /could not be opened|Opened/.test(
        document.querySelector('[data-testid=bundle-message]')?.textContent ?? '',
      ),
    null,
    { timeout: 30_000 },
  );
  return (await message.textContent()) ?? '';
}

async function freshPage(browser, url, hash) {
  const context = await newContext(browser);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url + hash);
  await page.locator('[data-testid=backend-badge]:not([data-backend=""])').waitFor({ timeout: 60_000 });
  return { page, errors };
}

async function bundlesAndPanels(browser, url, notes) {
  // A real run with a 1-D landscape after each epoch, downloaded.
  const { page, errors } = await openLab(
    browser,
    url,
    '?test-hooks#v1&seed=4&data.n=300&training.epochs=2&landscape.every=1&landscape.kind=1d&landscape.resolution=21',
  );
  await byId(page, 'play').click();
  await waitForValue(page, 'run-status', (v) => v === 'done', 90_000);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    byId(page, 'bundle-download').click(),
  ]);
  const base = JSON.parse(await readFile(await download.path(), 'utf8'));
  const before = await value(page, 'test-loss');

  // Every weight 1e38: valid JSON, and a float32 can hold it, but the outputs overflow.
  const overflow = structuredClone(base);
  for (const t of overflow.parameters.final) t.values = t.values.map(() => 1e38);
  const text = await openFile(page, json('overflow.json', overflow));
  assert(/could not be opened/.test(text) && /overflow/.test(text), `1e38 bundle: ${text}`);
  assert(await byId(page, 'player').isVisible(), 'the page went blank');
  assert((await value(page, 'test-loss')) === before, 'the current run changed');
  await screenshot(page, 'y-overflow-refused');
  notes.push('1e38 bundle refused, page intact');

  // The files after it still get their message.
  const cases = [
    [
      'wrong shape',
      (b) => (b.parameters.final[0].shape = [3, 3]),
      /The weights, tensor 1 \(dense0\/kernel\)/,
    ],
    [
      'short values',
      (b) => b.parameters.final[1].values.pop(),
      /The weights, tensor 2 \(dense0\/bias\): 15 values/,
    ],
    ['missing tensor', (b) => b.parameters.final.pop(), /The weights: 5 tensors, but the model has 6/],
  ];
  for (const [name, edit, expected] of cases) {
    const b = structuredClone(base);
    edit(b);
    const t = await openFile(page, json(`${name}.json`, b));
    assert(expected.test(t), `${name}: ${t}`);
  }
  notes.push('later bad files still answered');

  // Non-finite values in a figure's input: a gap and a note. (A bundle writes non-finite numbers as null.)
  const gaps = structuredClone(base);
  const record = gaps.analyses.filter((a) => a.id === 'landscape-1d').at(-1);
  assert(record, 'no 1-D landscape in the bundle');
  const loss = record.result.values[0].loss;
  for (const i of [0, 1, 2]) loss[i] = null;
  const opened = await openFile(page, json('gaps.json', gaps));
  assert(/Opened/.test(opened), `gaps bundle: ${opened}`);
  const note = byId(page, 'panel-landscape-1d').getByTestId('non-finite-note');
  await note.waitFor({ timeout: 20_000 });
  assert(/3 values are not a finite number/.test(await note.textContent()), await note.textContent());
  await byId(page, 'panel-landscape-1d').scrollIntoViewIfNeeded();
  await screenshot(page, 'y-figure-gaps');
  notes.push('NaN in a landscape drawn as a gap with a note');

  // A panel that fails (the test hook makes one fail; real input that broke panels is now refused) says
  // what failed, with a reset button; every other panel and the player keep working.
  await page.evaluate(() => (window.basinTest.failPanel = 'landscape-1d'));
  await byId(page, 'reset').click();
  const failed = byId(page, 'panel-failed-landscape-1d');
  await failed.waitFor({ timeout: 20_000 });
  const failedText = await failed.textContent();
  assert(
    /Loss landscape, 1-D.*could not be drawn/.test(failedText) && /What failed:/.test(failedText),
    failedText,
  );
  await waitForValue(page, 'run-status', (v) => v === 'idle');
  await byId(page, 'step').click();
  await waitForValue(page, 'epoch', (v) => Number(v) === 1);
  assert(
    await byId(page, 'panel-boundary').getByTestId('boundary-canvas').isVisible(),
    'the boundary panel went too',
  );
  await failed.scrollIntoViewIfNeeded();
  await screenshot(page, 'y-panel-failed');
  // "Reset this panel" draws it again (once the cause is gone).
  await failed.getByTestId('panel-reset').click();
  await byId(page, 'panel-failed-landscape-1d').waitFor({ timeout: 5000 }); // the cause is still there
  await page.evaluate(() => (window.basinTest.failPanel = null));
  await byId(page, 'panel-failed-landscape-1d').getByTestId('panel-reset').click();
  await byId(page, 'panel-failed-landscape-1d').waitFor({ state: 'detached', timeout: 10_000 });
  await byId(page, 'landscape1d').waitFor({ timeout: 10_000 });
  assert(!errors.length, `page errors: ${errors.join(' | ')}`);
  notes.push('failing panel contained and reset');
}

async function fieldsAndLinks(browser, url, notes) {
  // Learning rate 100 typed in the form: red, Play blocked while it stands; on Enter, 10 with a note.
  const { page } = await openLab(browser, url, '#v1&seed=3&data.n=200&training.epochs=3');
  const lr = byId(page, 'lr');
  await lr.fill('100');
  await byId(page, 'play-blocked').waitFor({ timeout: 5000 });
  assert(await byId(page, 'play').isDisabled(), 'Play is enabled with learning rate 100 on screen');
  await screenshot(page, 'y-field-blocked');
  await lr.press('Enter');
  const note = (await page.getByTestId('field-note').textContent()) ?? '';
  assert(note === 'Learning rate: 100 is above the largest allowed value; 10 is used.', `note: ${note}`);
  assert((await lr.inputValue()) === '10', `field shows ${await lr.inputValue()}`);
  await page.waitForFunction(() =>
    (document.querySelector('[data-testid=panel-model]')?.textContent ?? '').includes('learning rate 10'),
  );
  await waitForValue(page, 'run-status', (v) => v === 'idle');
  await byId(page, 'step').click();
  await waitForValue(page, 'epoch', (v) => Number(v) === 1);
  await screenshot(page, 'y-field-clamped');
  // Text that is not a number cannot be repaired: it blocks Play with the reason, until fixed.
  await lr.fill('');
  await lr.press('Tab');
  const blocked = (await byId(page, 'play-blocked').textContent()) ?? '';
  assert(/Learning rate: empty is not a number/.test(blocked), `blocked: ${blocked}`);
  assert(await byId(page, 'step').isDisabled(), 'Step is enabled with an empty learning rate');
  await lr.fill('0.01');
  await lr.press('Enter');
  await byId(page, 'play-blocked').waitFor({ state: 'detached', timeout: 5000 });

  // The same value in a link: the same rule, the same sentence.
  const { page: linked } = await freshPage(browser, url, '#v1&optimizer.lr=100');
  const banner = (await byId(linked, 'banner').textContent()) ?? '';
  assert(banner.includes(note), `link banner: ${banner}`);
  assert((await byId(linked, 'lr').inputValue()) === '10', 'the link field is not 10');
  notes.push('lr 100 → 10 with the same sentence in form and link; empty field blocks Play');

  // Plain links that used to break the engine.
  const { page: mnist } = await freshPage(browser, url, '#v1&data.kind=mnist');
  await waitForValue(mnist, 'run-status', (v) => v === 'idle', 60_000);
  assert((await byId(mnist, 'banner').count()) === 0, 'a clean MNIST link raised a banner');
  assert((await byId(mnist, 'model-preset').inputValue()) === 'cnn-fast', 'MNIST link: model is not the CNN');
  assert(await byId(mnist, 'play').isEnabled(), 'MNIST link: Play disabled');
  const { page: cnn } = await freshPage(browser, url, '#v1&model.kind=cnn');
  await waitForValue(cnn, 'run-status', (v) => v === 'idle', 60_000);
  assert((await byId(cnn, 'dataset-kind').inputValue()) === 'mnist', 'CNN link: data is not MNIST');
  assert(
    /A CNN reads images/.test(await byId(cnn, 'banner').textContent()),
    'CNN link: no word of the repair',
  );
  const { page: moons } = await freshPage(browser, url, '#v1&data.kind=moons&model.kind=cnn');
  await waitForValue(moons, 'run-status', (v) => v === 'idle', 60_000);
  assert((await byId(moons, 'model-preset').inputValue()) === 'mlp-fast', 'CNN on moons: not repaired');
  await screenshot(moons, 'y-link-repaired');
  notes.push('MNIST / CNN links run');

  // Validator language, duplicates, and the link as received.
  const hash = '#v1&data.kind=foo&seed=Infinity&training.epochs=1e308&seed=2';
  const { page: messy } = await freshPage(browser, url, hash);
  const items = await byId(messy, 'banner').locator('li').allTextContents();
  assert(
    JSON.stringify(items) ===
      JSON.stringify([
        '“seed” appears more than once; the last value is used.',
        'Epochs: 1e+308 is above the largest allowed value; 1000 is used.',
        'Dataset: “foo” is not one Basin knows (two moons, MNIST digits, your own points); two moons is used.',
      ]),
    `banner items: ${JSON.stringify(items)}`,
  );
  assert((await messy.evaluate(() => location.hash)) !== hash, 'the address was not rewritten');
  await byId(messy, 'link-received').locator('summary').click();
  const received = await byId(messy, 'link-received').locator('input').inputValue();
  assert(received === url + hash, `received ${received}`);
  await screenshot(messy, 'y-link-received');
  notes.push('plain, de-duplicated banner; link as received kept');
}

async function unstable(browser, url, notes) {
  // SGD at learning rate 10 swings the loss far above where it started: "unstable", not "finished".
  const { page } = await openLab(
    browser,
    url,
    '#v1&seed=1&backend=cpu&data.n=400&optimizer.kind=sgd&optimizer.lr=10&optimizer.momentum=0.9&training.epochs=8',
  );
  await byId(page, 'play').click();
  await waitForValue(page, 'run-status', (v) => v !== 'running' && v !== 'idle', 90_000);
  const status = await byId(page, 'run-status').getAttribute('data-value');
  assert(status === 'unstable', `status ${status}`);
  const text = (await byId(page, 'unstable').textContent()) ?? '';
  assert(/try a smaller learning rate/.test(text), text);
  const live = await byId(page, 'live-status').locator('p').allTextContents();
  assert(
    live.some((l) => /^Training ended unstable: /.test(l)),
    `live region: ${live}`,
  );
  await screenshot(page, 'y-unstable');
  notes.push(`unstable after 8 epochs at test loss ${await value(page, 'test-loss')}`);
}

export default {
  name: 'y. named regressions: overflowing bundle, failing panel, gaps, one rule for numbers, unstable runs, links',
  timeoutSec: 300,
  async run({ browser, url }) {
    const notes = [];
    await bundlesAndPanels(browser, url, notes);
    await fieldsAndLinks(browser, url, notes);
    await unstable(browser, url, notes);
    return notes.join('; ');
  },
};
