// Issue 4 on MNIST: after an epoch on a small subset, PGD (ε = 0.3, the MNIST default) and FGSM triptychs —
// clean / attacked / perturbation, with predictions — render.
import { join } from 'node:path';
import { RESULTS, assert, byId, checkExport, openLab, value, waitForValue, setting } from '../lib.mjs';

async function setNumber(page, id, v) {
  await (await setting(page, id)).fill(String(v));
  await byId(page, id).press('Enter');
}

export default {
  name: 'r. MNIST: clean / adversarial / perturbation triptychs with predictions',
  timeoutSec: 240,
  async run({ browser, url }) {
    const { page, errors } = await openLab(browser, url, '');
    await (await setting(page, 'dataset-kind')).selectOption('mnist');
    await setNumber(page, 'mnist-train', 1000);
    await setNumber(page, 'mnist-test', 200);
    await page.waitForFunction(
      () =>
        /of 200 test digits/.test(document.querySelector('[data-testid=gallery-summary]')?.textContent ?? ''),
      null,
      { timeout: 120_000 },
    );
    await byId(page, 'step').click();
    await waitForValue(page, 'epoch', (v) => Number(v) === 1, 180_000);
    // Switching to MNIST switched the attack defaults (docs/methods/attacks.md#defaults: ε = 0.3).
    assert((await byId(page, 'triptych-epsilon').inputValue()) === '0.3', 'MNIST ε defaults to 0.3');
    await byId(page, 'triptych-run').click();
    await waitForValue(page, 'triptych-summary', (v) => Number(v) >= 0, 90_000);
    assert((await byId(page, 'triptych').count()) === 8, 'eight triptychs');
    const pgd = await value(page, 'triptych-summary');
    const canvases = await page.locator('[data-testid=triptych] canvas').count();
    assert(canvases === 24, `${canvases} images (3 per digit)`);
    await byId(page, 'panel-adversarial-triptychs').screenshot({
      path: join(RESULTS, 'r-triptychs-pgd.png'),
    });

    await byId(page, 'triptych-attack').selectOption('fgsm');
    await setNumber(page, 'triptych-epsilon', 0.1);
    await byId(page, 'triptych-run').click();
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid=triptych-summary]')?.textContent?.startsWith('FGSM, ε = 0.1'),
      null,
      { timeout: 60_000 },
    );
    const fgsm = await value(page, 'triptych-summary');
    await byId(page, 'panel-adversarial-triptychs').screenshot({
      path: join(RESULTS, 'r-triptychs-fgsm.png'),
    });
    for (const kind of ['png', 'svg', 'csv']) await checkExport(page, 'adversarial-triptychs', kind);
    assert(errors.length === 0, `console errors: ${errors.join(' | ')}`);
    return `accuracy on 8 digits: ${(pgd * 100).toFixed(0)}% under PGD ε = 0.3, ${(fgsm * 100).toFixed(0)}% under FGSM ε = 0.1`;
  },
};
