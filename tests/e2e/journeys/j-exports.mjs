// Every chart downloads as PNG and SVG, and the metrics table as CSV; the files are what they claim to be.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RESULTS, assert, byId, checkExport, openLab, screenshot, waitForValue } from '../lib.mjs';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

export default {
  name: 'j. charts export as PNG and SVG, metrics as CSV',
  async run({ browser, url }) {
    const { page } = await openLab(browser, url, '#v1&training.epochs=3');
    await byId(page, 'play').click();
    await waitForValue(page, 'run-status', (v) => v === 'done', 60_000);
    await page.locator('[data-testid=curves-figure]').waitFor();
    // The curves read out the values of the epoch under the pointer.
    const curves = await byId(page, 'curves-figure').boundingBox();
    await page.mouse.move(curves.x + curves.width * 0.95, curves.y + curves.height * 0.3, { steps: 2 });
    const readout = await byId(page, 'curves-hover').textContent({ timeout: 5_000 });
    assert(/epoch 3.*test accuracy: \d/.test(readout), `curves read-out "${readout}"`);
    await page.mouse.move(0, 0);
    const wanted = [
      ['boundary', 'png'],
      ['boundary', 'svg'],
      ['model', 'png'],
      ['model', 'svg'],
      ['curves', 'png'],
      ['curves', 'svg'],
      ['curves', 'csv'],
      ['metrics', 'csv'],
    ];
    const sizes = [];
    for (const [panel, kind] of wanted) {
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: 30_000 }),
        byId(page, `export-${panel}-${kind}`).click(),
      ]);
      const path = join(RESULTS, `j-export-${panel}.${kind}`);
      await download.saveAs(path);
      const bytes = await readFile(path);
      const text = bytes.toString('utf8', 0, 200);
      if (kind === 'png')
        assert(bytes.subarray(0, 4).equals(PNG) && bytes.length > 2000, `${panel}.png is not a PNG`);
      if (kind === 'svg') assert(/<svg[\s>]/.test(bytes.toString('utf8')), `${panel}.svg is not an SVG`);
      if (kind === 'csv') {
        const lines = bytes.toString('utf8').trim().split('\n');
        assert(lines[0].startsWith('epoch,train_loss') && lines.length === 4, `${panel}.csv: ${text}`);
      }
      sizes.push(`${panel}.${kind} ${(bytes.length / 1024).toFixed(0)} KB`);
    }
    // The curves' interactive (Plotly) view, on request: drawn, and it exports too.
    await byId(page, 'curves-view-interactive').check();
    await page.locator('[data-testid=panel-curves] .js-plotly-plot').waitFor({ timeout: 30_000 });
    sizes.push(`curves (Plotly).png ${((await checkExport(page, 'curves', 'png')) / 1024).toFixed(0)} KB`);
    await byId(page, 'curves-view-light').check();
    await byId(page, 'curves-figure').waitFor();

    // The landscape figures (SVG drawn by the page): PNG, SVG, and the grid as CSV.
    await page.locator('[data-testid=landscape2d][data-stage=complete]').waitFor({ timeout: 60_000 });
    for (const [panel, kind] of [
      ['landscape-1d', 'png'],
      ['landscape-1d', 'svg'],
      ['landscape-2d', 'png'],
      ['landscape-2d', 'svg'],
      ['landscape-2d', 'csv'],
    ])
      sizes.push(`${panel}.${kind} ${((await checkExport(page, panel, kind)) / 1024).toFixed(0)} KB`);
    await screenshot(page, 'j-exports');
    return sizes.join(', ');
  },
};
