// Download a trained run as a bundle, open it in a fresh page: same model, metrics and boundary, nothing retrained.
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { RESULTS, assert, byId, openLab, screenshot, value, waitForValue } from '../lib.mjs';

const READOUTS = ['train-loss', 'train-acc', 'test-loss', 'test-acc'];
const readouts = async (page) =>
  Object.fromEntries(await Promise.all(READOUTS.map(async (id) => [id, await value(page, id)])));

export default {
  name: 'e. download a run bundle, drop it on a fresh page: shown without retraining',
  async run({ browser, url }) {
    const { page } = await openLab(browser, url, '#v1&seed=5&training.epochs=6');
    await byId(page, 'play').click();
    await waitForValue(page, 'run-status', (v) => v === 'done', 120_000);
    await page.waitForFunction(() =>
      /Epoch 6:/.test(document.querySelector('[data-testid=boundary-summary]')?.textContent ?? ''),
    );
    const trained = await readouts(page);
    const boundary = await byId(page, 'boundary-summary').textContent();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      byId(page, 'bundle-download').click(),
    ]);
    const path = join(RESULTS, 'e-run-bundle.json');
    await download.saveAs(path);
    const bundle = JSON.parse(await readFile(path, 'utf8'));
    assert(bundle.format === 'basin-run' && bundle.metrics.length === 6, 'unexpected bundle content');

    const { page: fresh } = await openLab(browser, url, '');
    // Drag and drop the file onto the page (the file picker is exercised by journey g).
    const text = await readFile(path, 'utf8');
    const dataTransfer = await fresh.evaluateHandle((json) => {
      const dt = new DataTransfer();
      dt.items.add(new File([json], 'e-run-bundle.json', { type: 'application/json' }));
      return dt;
    }, text);
    await fresh.dispatchEvent('main', 'dragover', { dataTransfer });
    await fresh.dispatchEvent('main', 'drop', { dataTransfer });
    await byId(fresh, 'run-source').waitFor({ timeout: 30_000 });
    await waitForValue(fresh, 'run-status', (v) => v === 'done');
    await fresh.waitForFunction(() =>
      /Epoch 6:/.test(document.querySelector('[data-testid=boundary-summary]')?.textContent ?? ''),
    );
    const loaded = await readouts(fresh);
    for (const id of READOUTS)
      assert(loaded[id] === trained[id], `${id}: ${trained[id]} trained, ${loaded[id]} loaded`);
    assert((await value(fresh, 'epoch')) === 6, 'epoch counter');
    assert((await byId(fresh, 'seed').inputValue()) === '5', 'config not restored');
    const loadedBoundary = await byId(fresh, 'boundary-summary').textContent();
    assert(loadedBoundary === boundary, `boundary differs:\n${boundary}\n${loadedBoundary}`);
    assert(
      (await byId(fresh, 'bundle-message').textContent()).includes('Nothing was retrained'),
      'no confirmation',
    );
    await screenshot(fresh, 'e-bundle-loaded');
    return `bundle of ${(JSON.stringify(bundle).length / 1024).toFixed(0)} KB; metrics and boundary identical after loading`;
  },
};
