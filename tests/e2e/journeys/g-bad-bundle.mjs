// Bad bundles (not JSON, not a bundle, from a newer Basin, over 50 MB, or parameters that do not fit their
// model) each get a clear message, and the current run stays exactly as it was.
import { join } from 'node:path';
import { open, readFile, writeFile } from 'node:fs/promises';
import { RESULTS, assert, byId, openLab, screenshot, value, waitForValue } from '../lib.mjs';

const json = (name, data) => ({
  name,
  mimeType: 'application/json',
  buffer: Buffer.from(typeof data === 'string' ? data : JSON.stringify(data)),
});

export default {
  name: 'g. bad bundles get a message and leave the current run untouched',
  async run({ browser, url }) {
    const { page } = await openLab(browser, url, '');
    await byId(page, 'step').click();
    await waitForValue(page, 'epoch', (v) => Number(v) === 1);
    const before = { acc: await value(page, 'test-acc'), loss: await value(page, 'test-loss') };

    const big = join(RESULTS, 'g-oversized.json');
    const handle = await open(big, 'w');
    await handle.truncate(51 * 1024 * 1024);
    await handle.close();

    // A real bundle whose config names a different model than its parameters.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      byId(page, 'bundle-download').click(),
    ]);
    const real = JSON.parse(await readFile(await download.path(), 'utf8'));
    const mismatched = { ...real, config: { ...real.config, model: { ...real.config.model, hidden: [8] } } };
    const mismatchPath = join(RESULTS, 'g-mismatched.json');
    await writeFile(mismatchPath, JSON.stringify(mismatched));

    const cases = [
      [json('broken.json', '{"format": "basin-run", "version": 1, "config": '), /not JSON/],
      [json('other.json', { hello: 'world' }), /not a Basin run bundle/],
      [json('future.json', { format: 'basin-run', version: 99 }), /newer Basin/],
      [json('fields.json', { format: 'basin-run', version: 1, config: {} }), /parameters|metrics|data|model/],
      [big, /50\.0 MB/],
      [mismatchPath, /do not fit the model/],
    ];
    for (const [file, expected] of cases) {
      await byId(page, 'bundle-load').setInputFiles(file);
      const message = byId(page, 'bundle-message');
      await message.waitFor({ timeout: 30_000 });
      await page.waitForFunction(() =>
        /could not be opened/.test(document.querySelector('[data-testid=bundle-message]')?.textContent ?? ''),
      );
      const text = await message.textContent();
      assert(expected.test(text), `message for ${typeof file === 'string' ? file : file.name}: ${text}`);
      assert((await value(page, 'epoch')) === 1, 'the current run changed');
      assert(
        (await value(page, 'test-acc')) === before.acc && (await value(page, 'test-loss')) === before.loss,
        'metrics changed',
      );
      if (file === big) await screenshot(page, 'g-bad-bundle-oversized');
      await message.getByRole('button', { name: /dismiss/i }).click();
    }
    await screenshot(page, 'g-after-bad-bundles');
    assert(await byId(page, 'step').isEnabled(), 'the current run cannot go on');
    return `${cases.length} bad files refused with a message; run unchanged`;
  },
};
