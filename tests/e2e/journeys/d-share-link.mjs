// Change settings in the UI, copy the link, open it in a fresh page: same config, same first-epoch metrics.
import { assert, newContext, byId, openLab, screenshot, value, waitForValue, setting } from '../lib.mjs';

const READOUTS = ['train-loss', 'train-acc', 'test-loss', 'test-acc'];
const readouts = async (page) =>
  Object.fromEntries(await Promise.all(READOUTS.map(async (id) => [id, await value(page, id)])));

async function setNumber(page, id, v) {
  const input = await setting(page, id);
  await input.fill(String(v));
  await input.press('Enter');
}

export default {
  name: 'd. copy a link, open it fresh: same config and same first epoch',
  /** `tag` names this run's screenshot (the sub-path journey runs it again). */
  async run({ browser, url, tag = '' }) {
    const { page } = await openLab(browser, url, '');
    await setNumber(page, 'seed', 7);
    await setNumber(page, 'moons-noise', 0.25);
    await (await setting(page, 'hidden-widths')).fill('12, 8');
    await byId(page, 'hidden-widths').press('Enter');
    await byId(page, 'optimizer').selectOption('sgd');
    await setNumber(page, 'lr', 0.05);
    await page.waitForFunction(() => {
      const text = document.querySelector('[data-testid=panel-model]')?.textContent ?? '';
      return text.includes('2-12-8-2') && text.includes('learning rate 0.05') && text.includes('SGD');
    });
    await waitForValue(page, 'run-status', (v) => v === 'idle');
    await byId(page, 'step').click();
    await waitForValue(page, 'epoch', (v) => Number(v) === 1);
    const first = await readouts(page);
    await byId(page, 'copy-link').click();
    const link = await byId(page, 'share-url').inputValue();
    // A readable link: only what differs from the defaults, short names.
    const hash = new URL(link).hash;
    assert(/^#seed=7&/.test(hash) && hash.includes('lr=0.05') && hash.length < 160, `link ${link}`);

    const context2 = await newContext(browser);
    const fresh = await context2.newPage();
    await fresh.goto(link);
    await fresh.locator('[data-testid=backend-badge]:not([data-backend=""])').waitFor({ timeout: 60_000 });
    assert((await byId(fresh, 'banner').count()) === 0, 'a clean link showed the banner');
    for (const [id, v] of [
      ['seed', '7'],
      ['moons-noise', '0.25'],
      ['lr', '0.05'],
    ])
      assert((await byId(fresh, id).inputValue()) === v, `${id} is ${await byId(fresh, id).inputValue()}`);
    assert((await byId(fresh, 'hidden-widths').inputValue()) === '12, 8', 'hidden widths differ');
    assert((await byId(fresh, 'optimizer').inputValue()) === 'sgd', 'optimiser differs');
    assert((await fresh.evaluate(() => location.hash)) === new URL(link).hash, 'hash differs');
    await byId(fresh, 'step').click();
    await waitForValue(fresh, 'epoch', (v) => Number(v) === 1);
    const again = await readouts(fresh);
    await screenshot(fresh, `d-opened-link${tag}`);
    for (const id of READOUTS) assert(again[id] === first[id], `${id}: ${first[id]} vs ${again[id]}`);
    return `link of ${link.length} chars; epoch-1 test loss ${again['test-loss']} in both pages`;
  },
};
