// Backend conformance in the browser: every case of src/core/conformance (the kernels, every attack, one step
// of every training method, every analysis, on the hard MLP and CNN fixtures) computed on cpu and on WebGL, and
// on cpu and on WebGPU, in a worker of its own (the `?test-hooks` conformance hook), agree to 1e-4 relative
// per numeric field (GPU backends round differently: wider than the unit suite's cpu ↔ wasm 1e-5).
import { assert, openLab, writeResult } from '../lib.mjs';

const RTOL = 1e-4;
const BACKENDS = ['webgl', 'webgpu'];

export default {
  name: 'v. backend conformance: webgl and webgpu compute what cpu computes',
  timeoutSec: 900,
  async run({ browser, url }) {
    const { page, errors } = await openLab(browser, url, '?test-hooks#v1&data.n=60&training.epochs=1');
    const notes = [];
    const all = {};
    for (const backend of BACKENDS) {
      const t0 = Date.now();
      const reports = await page.evaluate(
        ([b, rtol]) => window.basinTest.conformance(b, rtol),
        [backend, RTOL],
      );
      all[backend] = reports;
      const failed = reports.filter((r) => r.error || r.mismatches.length > 0 || r.fields === 0);
      const worst = Math.max(...reports.filter((r) => !r.error).map((r) => r.maxRelative));
      notes.push(
        `${backend}: ${reports.length - failed.length}/${reports.length} cases agree (worst ${worst.toExponential(1)}, ${((Date.now() - t0) / 1000).toFixed(0)} s)`,
      );
      for (const r of failed)
        notes.push(
          `  ✗ ${r.id}: ${r.error ?? r.mismatches.map((m) => `${m.path} rel ${m.relative.toExponential(1)} (${m.worst})`).join('; ')}`,
        );
    }
    await writeResult('v-backend-conformance.json', all);
    const failures = notes.filter((n) => n.startsWith('  ✗'));
    assert(failures.length === 0, `cases differ from cpu:\n${notes.join('\n')}`);
    assert(!errors.some((e) => /Uncaught/i.test(e)), `page errors: ${errors.join('; ')}`);
    return notes.join('; ');
  },
};
