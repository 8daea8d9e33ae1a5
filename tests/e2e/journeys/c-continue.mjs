// Continue training: "+10 epochs" and a higher Epochs setting train the same run on from its weights (its
// history goes on, no new run chip); a change that invalidates the run (the seed) starts a new one, and the
// player says which happened.
import { assert, byId, openLab, screenshot, value, waitForValue } from '../lib.mjs';

const chips = (page) => page.locator('[data-testid^=run-chip-]').count();

export default {
  name: 'c. continue training: +10 epochs and more Epochs continue the run; a new seed starts a new one',
  async run({ browser, url }) {
    const { page, errors } = await openLab(browser, url, '#v1&training.epochs=5');
    await byId(page, 'play').click();
    await waitForValue(page, 'run-status', (v) => v === 'done');
    const runs = await chips(page);
    const lossAt5 = await value(page, 'train-loss');
    await byId(page, 'more-epochs').click();
    await waitForValue(page, 'epoch', (v) => Number(v) === 15);
    await waitForValue(page, 'run-status', (v) => v === 'done');
    assert((await chips(page)) === runs, 'a new run was started by +10 epochs');
    assert((await value(page, 'train-loss')) !== lossAt5, 'the loss did not move after 10 more epochs');
    const note = (await byId(page, 'run-change').textContent()) ?? '';
    assert(/from epoch 5 to 15/.test(note), `the player says: ${note}`);
    // Epochs in the form: 15 → 20 continues too.
    const epochs = byId(page, 'epochs');
    await epochs.fill('20');
    await epochs.press('Enter');
    await waitForValue(page, 'run-status', (v) => v === 'paused');
    await byId(page, 'play').click();
    await waitForValue(page, 'epoch', (v) => Number(v) === 20);
    assert((await chips(page)) === runs, 'a new run was started by raising Epochs');
    await screenshot(page, 'c-continued');
    // A new seed invalidates the run: a new run at epoch 0, and the player names the reason.
    await byId(page, 'regenerate').click();
    await waitForValue(page, 'epoch', (v) => Number(v) === 0);
    await page.waitForFunction(() =>
      /Seed/.test(document.querySelector('[data-testid=run-change]')?.textContent ?? ''),
    );
    assert((await chips(page)) > runs, 'no new run for a new seed');
    assert(errors.length === 0, `console errors: ${errors.join('; ')}`);
    return `5 → 15 (+10) → 20 (Epochs) in one run; new seed: "${await byId(page, 'run-change').textContent()}"`;
  },
};
