// MNIST: choose the digits in the UI (the model switches to the CNN), the gallery of test digits renders with
// predictions and confidences, worst first, and updates after an epoch of training.
import { assert, byId, openLab, screenshot, value, waitForValue, setting } from '../lib.mjs';

export default {
  name: 'h. MNIST: the gallery of test digits renders and updates after training',
  timeoutSec: 240,
  async run({ browser, url }) {
    const { page } = await openLab(browser, url, '');
    await (await setting(page, 'dataset-kind')).selectOption('mnist');
    await byId(page, 'mnist-train').fill('2000');
    await byId(page, 'mnist-train').press('Enter');
    await byId(page, 'mnist-test').fill('500');
    await byId(page, 'mnist-test').press('Enter');
    await page.waitForFunction(
      () =>
        /of 500 test digits/.test(document.querySelector('[data-testid=gallery-summary]')?.textContent ?? ''),
      null,
      { timeout: 120_000 },
    );
    const tiles = await byId(page, 'gallery-item').count();
    assert(tiles >= 20, `${tiles} tiles`);
    const model = await byId(page, 'model-description').textContent();
    assert(/CNN/.test(model), `model is ${model}`);
    await byId(page, 'step').click();
    await waitForValue(page, 'epoch', (v) => Number(v) === 1, 180_000);
    await page.waitForFunction(
      () => /^Epoch 1:/.test(document.querySelector('[data-testid=gallery-summary]')?.textContent ?? ''),
      null,
      { timeout: 60_000 },
    );
    const acc = await value(page, 'test-acc');
    const first = await byId(page, 'gallery-item').first().getAttribute('aria-label');
    await screenshot(page, 'h-mnist-gallery');
    assert(acc > 0.7, `test accuracy after one epoch ${acc}`);
    return `${tiles} tiles; after 1 epoch on 2,000 digits: test acc ${(acc * 100).toFixed(1)}%; worst: "${first}"`;
  },
};
