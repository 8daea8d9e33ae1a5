// Pause / step / reset: one epoch per step, pause holds, and reset reproduces the first epoch exactly.
import { assert, byId, openLab, screenshot, value, waitForValue } from '../lib.mjs';

const READOUTS = ['train-loss', 'train-acc', 'test-loss', 'test-acc'];
const readouts = async (page) =>
  Object.fromEntries(await Promise.all(READOUTS.map(async (id) => [id, await value(page, id)])));

export default {
  name: 'c. pause, step and reset (reset reproduces epoch 1 exactly)',
  async run({ browser, url }) {
    const { page } = await openLab(browser, url, '#v1&training.epochs=400');
    await byId(page, 'step').click();
    await waitForValue(page, 'epoch', (v) => Number(v) === 1);
    await waitForValue(page, 'run-status', (v) => v === 'paused');
    const first = await readouts(page);
    await byId(page, 'step').click();
    await waitForValue(page, 'epoch', (v) => Number(v) === 2);
    await byId(page, 'play').click();
    await waitForValue(page, 'epoch', (v) => Number(v) >= 6);
    // A DOM click: on a loaded machine that composites in software, Playwright's "stable element" check can wait
    // seconds for animation frames while training runs.
    await byId(page, 'pause').evaluate((button) => button.click());
    await waitForValue(page, 'run-status', (v) => v === 'paused');
    const paused = await value(page, 'epoch');
    await page.waitForTimeout(700);
    assert((await value(page, 'epoch')) === paused, 'training went on after pause');
    await screenshot(page, 'c-paused');
    await byId(page, 'reset').click();
    await waitForValue(page, 'epoch', (v) => Number(v) === 0);
    await byId(page, 'step').click();
    await waitForValue(page, 'epoch', (v) => Number(v) === 1);
    const again = await readouts(page);
    await screenshot(page, 'c-reset-epoch1');
    for (const id of READOUTS)
      assert(again[id] === first[id], `${id}: ${first[id]} before reset, ${again[id]} after`);
    return `paused at epoch ${paused}; epoch 1 after reset: test loss ${again['test-loss']} (identical)`;
  },
};
