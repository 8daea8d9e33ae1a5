// `auto` chooses by measuring: with software GPU adapters admitted as candidates (a test hook; this machine has
// no GPU), the worker times one training step and one landscape row of the run's model on wasm and then on
// each GPU backend within its 300 ms budget, picks the fastest it measured, and the badge lists what it
// measured, what it left out and why, and how long the probe took.
import { assert, byId, openLab, waitForValue } from '../lib.mjs';

export default {
  name: 'a. auto: the measured backend probe picks the fastest and says why',
  timeoutSec: 300,
  async run({ browser, url }) {
    const hash = '?test-hooks&measure-software-gpus#v1&data.n=200&model.hidden=100,100,100&training.epochs=2';
    const { page, context, errors } = await openLab(browser, url, hash);
    const badge = byId(page, 'backend-badge');
    const backend = await badge.getAttribute('data-backend');
    const reason = (await byId(page, 'backend-reason').textContent()).trim();
    const m =
      /^auto: measured one training step \+ one landscape row: (.+?)(?:; not measured: (.+))? \(probe (\d+) ms\)/.exec(
        reason,
      );
    assert(m, `the badge does not report a measured choice: ${reason}`);
    const timings = m[1].split(', ').map((entry) => {
      const t = /^(\w+) ([\d.]+) \+ ([\d.]+) ms$/.exec(entry);
      assert(t, `unreadable timing "${entry}" in: ${reason}`);
      return { name: t[1], score: Number(t[2]) + Number(t[3]) };
    });
    const left = m[2] ? m[2].split(', ').map((entry) => entry.split(':')[0]) : [];
    assert(timings[0].name === 'wasm', `wasm is measured first: ${reason}`);
    const gpus = await page.evaluate(async () => {
      const names = [];
      if (navigator.gpu && (await navigator.gpu.requestAdapter())) names.push('webgpu');
      if (new OffscreenCanvas(1, 1).getContext('webgl2')) names.push('webgl');
      return names;
    });
    for (const name of gpus)
      assert(
        timings.some((t) => t.name === name) || left.includes(name),
        `${name} is neither measured nor said to be left out: ${reason}`,
      );
    const fastest = timings.reduce((a, b) => (b.score < a.score ? b : a));
    assert(backend === fastest.name, `runs on ${backend}, but ${fastest.name} measured fastest: ${reason}`);
    const probeMs = Number(m[3]);
    await byId(page, 'play').click();
    await waitForValue(page, 'run-status', (v) => v === 'done', 120_000);
    assert(errors.length === 0, `page errors: ${errors.join(' | ')}`);
    await context.close();
    return `${backend} chosen in ${probeMs} ms (GPUs here: ${gpus.join(', ') || 'none'}): ${reason}`;
  },
};
