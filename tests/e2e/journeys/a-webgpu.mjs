// Issue 2: the built app loads, the badge shows webgpu when a link forces it, and a small moons model trains to
// completion in the worker. Then the WebGPU device is destroyed on purpose mid-run: the run goes on elsewhere.
import { assert, byId, openLab, screenshot, value, waitForValue } from '../lib.mjs';

export default {
  name: 'a. WebGPU: forced by link, trains a small moons model, survives a lost device',
  timeoutSec: 300,
  async run({ browser, url }) {
    // ?test-hooks: the page offers window.basinTest (simulateDeviceLoss).
    const hash = '?test-hooks#v1&backend=webgpu&data.n=120&training.epochs=4&training.batchSize=40';
    const { page, errors } = await openLab(browser, url, hash);
    const badge = byId(page, 'backend-badge');
    assert(
      (await badge.getAttribute('data-backend')) === 'webgpu',
      `badge shows ${await badge.textContent()}`,
    );
    const reason = (await byId(page, 'backend-reason').textContent()).trim();
    await byId(page, 'play').click();
    await waitForValue(page, 'run-status', (v) => v === 'done', 180_000);
    assert((await value(page, 'epoch')) === 4, 'did not train all 4 epochs');
    assert((await badge.getAttribute('data-backend')) === 'webgpu', 'left webgpu while training');
    const acc = await value(page, 'test-acc');
    await screenshot(page, 'a-webgpu-trained');

    // Device loss: reset, train, lose the device after the first epoch; training must finish on a fallback.
    await byId(page, 'reset').click();
    await waitForValue(page, 'epoch', (v) => Number(v) === 0);
    await byId(page, 'play').click();
    await waitForValue(page, 'epoch', (v) => Number(v) >= 1, 120_000);
    assert(
      await page.evaluate(() => window.basinTest.simulateDeviceLoss()),
      'the run was not on a WebGPU device',
    );
    await page.waitForFunction(
      () => document.querySelector('[data-testid=backend-badge]')?.getAttribute('data-backend') !== 'webgpu',
      null,
      { timeout: 60_000 },
    );
    await waitForValue(page, 'run-status', (v) => v === 'done', 120_000);
    assert((await value(page, 'epoch')) === 4, `finished at epoch ${await value(page, 'epoch')}`);
    const notice = await byId(page, 'run-notice').textContent();
    assert(/WebGPU device was lost/.test(notice), `notice: ${notice}`);
    const after = await badge.getAttribute('data-backend');
    const shownErrors = byId(page, 'run-error');
    assert(
      (await shownErrors.count()) === 0,
      `errors shown: ${(await shownErrors.allTextContents()).join('; ')}`,
    );
    await screenshot(page, 'a-webgpu-after-device-loss');
    assert(!errors.some((e) => /Uncaught/i.test(e)), `page errors: ${errors.join('; ')}`);
    return `badge webgpu ("${reason}"), test acc ${(acc * 100).toFixed(1)}% after 4 epochs; device lost → ${after}, run finished`;
  },
};
