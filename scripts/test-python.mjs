// The outside-TypeScript check of run bundles (npm run test:python): trains the configs in tests/recompute/
// (the default MLP, LSA Model A and three small AW-Nets, requesting the analyses tools/basin_bundle.py recomputes) on the
// wasm and the cpu backend, and runs the PyTorch reader on every bundle. Fails if a bundle cannot be made,
// if the reader is missing (python3 with NumPy and PyTorch), or if any recomputed row differs from the
// bundle's value by more than 1e-4 relative. The bundles in tests/unit/fixtures/ (written by an older Basin)
// must read too.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

const CONFIGS = readdirSync('tests/recompute')
  .filter((f) => f.endsWith('.json'))
  .map((f) => join('tests/recompute', f));
const BACKENDS = ['wasm', 'cpu'];

/** Runs a command, collecting its output; resolves to { code, output }. */
function run(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', (err) => resolve({ code: 127, output: `${output}${err.message}\n` }));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

// The first Python that has NumPy and PyTorch: $PYTHON, python3, or Debian's /usr/bin/python3 (python3-torch),
// which a pyenv or virtualenv python3 on the PATH would hide.
let PYTHON = null;
const tried = [];
for (const candidate of [process.env.PYTHON, 'python3', '/usr/bin/python3'].filter(Boolean)) {
  const probe = await run(candidate, ['-c', 'import numpy, torch; print(torch.__version__)']);
  if (probe.code === 0) {
    PYTHON = candidate;
    console.log(`${candidate}: PyTorch ${probe.output.trim()}`);
    break;
  }
  tried.push(`${candidate}: ${probe.output.trim().split('\n').pop()}`);
}
if (!PYTHON) {
  console.error('test:python needs python3 with NumPy and PyTorch (Debian: apt-get install python3-torch):');
  console.error(tried.join('\n'));
  process.exit(1);
}

const dir = mkdtempSync(join(tmpdir(), 'basin-recompute-'));
const jobs = CONFIGS.flatMap((config) =>
  BACKENDS.map((backend) => ({
    config,
    backend,
    out: join(dir, `${basename(config, '.json')}-${backend}.json`),
  })),
);

/** One bundle: train it, then recompute it in PyTorch. */
async function check({ config, backend, out }) {
  const started = Date.now();
  const made = await run(process.execPath, [
    '--import',
    './scripts/node-esm-resolve.mjs',
    '--import',
    'tsx',
    'src/cli/experiment.ts',
    config,
    '--out',
    out,
    '--backend',
    backend,
  ]);
  if (made.code !== 0) return { ok: false, text: `${config} on ${backend}: the run failed\n${made.output}` };
  const read = await run(PYTHON, ['tools/basin_bundle.py', out]);
  const kb = (statSync(out).size / 1024).toFixed(0);
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  return {
    ok: read.code === 0,
    text: `== ${config} on ${backend} (${kb} KB, ${seconds} s)\n${read.output}`,
  };
}

// Two at a time: the CI machine has two cores.
const results = [];
for (let i = 0; i < jobs.length; i += 2)
  results.push(...(await Promise.all(jobs.slice(i, i + 2).map(check))));
// Bundles written before the recompute data existed still read (what they lack is listed as skipped).
for (const fixture of readdirSync('tests/unit/fixtures').filter((f) => f.endsWith('.json'))) {
  const read = await run(PYTHON, ['tools/basin_bundle.py', join('tests/unit/fixtures', fixture)]);
  results.push({
    ok: read.code === 0,
    text: `== tests/unit/fixtures/${fixture} (older bundle)\n${read.output}`,
  });
}
for (const r of results) console.log(r.text);
rmSync(dir, { recursive: true, force: true });
const failed = results.filter((r) => !r.ok).length;
console.log(
  failed
    ? `test:python: ${failed} of ${results.length} bundles FAILED`
    : `test:python: ${results.length} bundles agree`,
);
process.exit(failed ? 1 : 0);
