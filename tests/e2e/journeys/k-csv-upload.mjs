// Bring your own data: a CSV of 2-D points trains like moons; a broken CSV is explained and changes nothing.
import { assert, byId, openLab, screenshot, value, waitForValue, setting } from '../lib.mjs';

function rings(n) {
  const rows = ['x1,x2,label'];
  for (let i = 0; i < n; i++) {
    const label = i % 2;
    const r = label ? 2 : 0.8;
    const t = (i * 2.399963) % (2 * Math.PI);
    rows.push(
      `${(r * Math.cos(t) + 0.1 * Math.sin(7 * i)).toFixed(4)},${(r * Math.sin(t) + 0.1 * Math.cos(5 * i)).toFixed(4)},${label}`,
    );
  }
  return rows.join('\n');
}

export default {
  name: 'k. CSV upload: own points train; a broken file is explained',
  async run({ browser, url }) {
    const { page } = await openLab(browser, url, '#v1&training.epochs=40');
    const upload = await setting(page, 'csv-upload');
    await upload.setInputFiles({
      name: 'broken.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('x1,x2,label\n1,2,0\n3,abc,1\n0,1,1\n2,2,0\n1,1,1\n'),
    });
    await byId(page, 'csv-errors').waitFor();
    const problems = await byId(page, 'csv-errors').textContent();
    assert(/abc|number/i.test(problems), `errors: ${problems}`);
    assert((await byId(page, 'dataset-kind').inputValue()) === 'moons', 'a broken file changed the data');

    await upload.setInputFiles({ name: 'rings.csv', mimeType: 'text/csv', buffer: Buffer.from(rings(400)) });
    await page.waitForFunction(
      () =>
        /rings\.csv/.test(
          document.querySelector('[data-testid=boundary-summary]')?.closest('section')?.textContent ?? '',
        ) || document.querySelector('[data-testid=dataset-kind]')?.value === 'csv',
    );
    assert((await byId(page, 'csv-errors').count()) === 0, 'errors stayed');
    await waitForValue(page, 'run-status', (v) => v === 'idle');
    await byId(page, 'play').click();
    await waitForValue(page, 'run-status', (v) => v === 'done', 120_000);
    const acc = await value(page, 'test-acc');
    await screenshot(page, 'k-csv-rings');
    assert(acc >= 0.9, `test accuracy on the rings ${acc}`);
    assert((await page.evaluate(() => location.hash)).startsWith('#v1.c='), 'the points are not in the link');
    return `broken file explained ("${problems.trim().slice(0, 80)}…"); rings: test acc ${(acc * 100).toFixed(1)}%`;
  },
};
