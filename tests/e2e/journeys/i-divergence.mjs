// Divergence: a learning rate far too large makes the loss NaN; training pauses, the panel explains what to try,
// and one click restores the last finite weights so training can go on.
import { assert, byId, openLab, screenshot, value, waitForValue } from '../lib.mjs';

export default {
  name: 'i. divergence pauses, explains, and restores the last finite weights',
  async run({ browser, url }) {
    const hash =
      '#v1&optimizer.kind=sgd&optimizer.lr=10&optimizer.momentum=0.99&training.batchSize=8&training.epochs=20&model.hidden=64,64,64&model.activation=relu';
    const { page } = await openLab(browser, url, hash);
    await byId(page, 'play').click();
    await waitForValue(page, 'run-status', (v) => v === 'diverged' || v === 'done', 60_000);
    assert((await byId(page, 'run-status').getAttribute('data-value')) === 'diverged', 'did not diverge');
    const text = await byId(page, 'divergence').textContent();
    assert(/learning rate ten times smaller/.test(text), `advice: ${text}`);
    await screenshot(page, 'i-diverged');
    await byId(page, 'restore-finite').click();
    await waitForValue(page, 'run-status', (v) => v === 'paused');
    assert((await byId(page, 'divergence').count()) === 0, 'the divergence panel stayed');
    assert(await byId(page, 'play').isEnabled(), 'cannot train after restoring');
    return `diverged, restored to epoch ${await value(page, 'epoch')}`;
  },
};
