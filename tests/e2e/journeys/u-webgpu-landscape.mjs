// WebGPU landscapes: the same small moons run (same seed, one epoch) on webgpu and on cpu, then the same
// 2-D landscape (25×25, train split): on webgpu it is evaluated batched over weights (many grid points per
// dispatch), on cpu point by point (the fused MLP evaluator). The two grids, read from the panel's CSV
// download, must agree to 1e-4 in loss (and in accuracy up to one example), on SwiftShader's WebGPU.
import { readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import {
  RESULTS,
  assert,
  byId,
  checkExport,
  computeFreshLandscape2d,
  openLab,
  waitForValue,
  writeResult,
} from '../lib.mjs';

const HASH = (backend) => `#v1&seed=5&backend=${backend}&data.n=200&training.epochs=1&training.batchSize=40`;

/** Trains, computes the 2-D landscape, and returns the grid (from its CSV) with the panel's summary. */
async function landscapeOn(browser, url, backend) {
  const { page, errors, context } = await openLab(browser, url, HASH(backend));
  const shown = await byId(page, 'backend-badge').getAttribute('data-backend');
  assert(shown === backend, `asked for ${backend}, the badge shows ${shown}`);
  await byId(page, 'play').click();
  await waitForValue(page, 'run-status', (v) => v === 'done', 240_000);
  await byId(page, 'landscape2d').scrollIntoViewIfNeeded();
  const summary = await computeFreshLandscape2d(page, 25);
  await checkExport(page, 'landscape-2d', 'csv');
  const path = join(RESULTS, `u-landscape-${backend}.csv`);
  await rename(join(RESULTS, 'export-landscape-2d.csv'), path);
  const [header, ...rows] = (await readFile(path, 'utf8')).trim().split('\n');
  await context.close();
  return { header, rows: rows.map((r) => r.split(',').map(Number)), summary, errors };
}

export default {
  name: 'u. WebGPU landscape, batched over weights, equals cpu to 1e-4',
  timeoutSec: 900,
  async run({ browser, url }) {
    const gpu = await landscapeOn(browser, url, 'webgpu');
    const cpu = await landscapeOn(browser, url, 'cpu');
    assert(/webgpu, batched,/.test(gpu.summary), `webgpu summary: ${gpu.summary}`);
    assert(/cpu, fused,/.test(cpu.summary), `cpu summary: ${cpu.summary}`);
    assert(
      gpu.header === cpu.header && /train_loss/.test(gpu.header),
      `headers ${gpu.header} / ${cpu.header}`,
    );
    assert(
      gpu.rows.length === 625 && cpu.rows.length === 625,
      `${gpu.rows.length} / ${cpu.rows.length} rows`,
    );
    let dLoss = 0;
    let dAcc = 0;
    gpu.rows.forEach((g, i) => {
      const c = cpu.rows[i];
      assert(g[0] === c[0] && g[1] === c[1], `row ${i}: (α, β) differ`);
      dLoss = Math.max(dLoss, Math.abs(g[2] - c[2]));
      dAcc = Math.max(dAcc, Math.abs(g[3] - c[3]));
    });
    const seconds = (s) => Number(/([\d.]+) s\./.exec(s)?.[1]);
    await writeResult('webgpu-landscape.json', {
      points: 625,
      maxAbsLossDiff: dLoss,
      maxAbsAccDiff: dAcc,
      webgpuSeconds: seconds(gpu.summary),
      cpuSeconds: seconds(cpu.summary),
    });
    assert(dLoss <= 1e-4, `max |loss webgpu − cpu| = ${dLoss}`);
    assert(dAcc <= 1 / 140 + 1e-6, `max |accuracy webgpu − cpu| = ${dAcc}`);
    const errors = [...gpu.errors, ...cpu.errors];
    assert(errors.length === 0, `page errors: ${errors.join(' | ')}`);
    return (
      `625 points: max |Δloss| ${dLoss.toExponential(1)}, max |Δacc| ${dAcc}; webgpu (batched) ` +
      `${seconds(gpu.summary)} s, cpu (fused) ${seconds(cpu.summary)} s (SwiftShader: not a GPU speed)`
    );
  },
};
