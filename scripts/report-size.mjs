// Prints the JavaScript a first visit downloads before the lab can start (the entry chunk and its static
// imports, gzipped) and every chunk loaded later (Plotly, the engine worker, …). Fails if the initial JS is
// 1 MB gzipped or more. Reads dist/.vite/manifest.json (vite.config.ts: build.manifest).
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const DIST = resolve(import.meta.dirname, '..', 'dist');
const LIMIT = 1024 * 1024;
const manifestPath = join(DIST, '.vite', 'manifest.json');
if (!existsSync(manifestPath)) {
  console.error(`report-size: ${manifestPath} is missing (run vite build with build.manifest on)`);
  process.exit(1);
}
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
const gz = (file) => gzipSync(readFileSync(join(DIST, file)), { level: 9 }).length;
const raw = (file) => readFileSync(join(DIST, file)).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

// The initial set: every entry chunk and, recursively, its static imports (and their CSS).
const initial = new Set();
const visit = (key) => {
  const chunk = manifest[key];
  if (!chunk || initial.has(chunk.file)) return;
  initial.add(chunk.file);
  for (const css of chunk.css ?? []) initial.add(css);
  for (const imp of chunk.imports ?? []) visit(imp);
};
for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key);

const assets = readdirSync(join(DIST, 'assets')).map((f) => `assets/${f}`);
const rows = (files) => files.map((f) => ({ file: f, raw: raw(f), gz: gz(f) })).sort((a, b) => b.gz - a.gz);
const initialRows = rows([...initial]);
const initialJs = initialRows.filter((r) => r.file.endsWith('.js'));
const total = initialJs.reduce((a, r) => a + r.gz, 0);
const lazyRows = rows(assets.filter((f) => !initial.has(f) && /\.(js|css|wasm)$/.test(f)));

console.log('\nInitial load (entry chunk + static imports):');
for (const r of initialRows)
  console.log(`  ${r.file.padEnd(48)} ${kb(r.raw).padStart(11)}  gz ${kb(r.gz).padStart(10)}`);
console.log(`  initial JavaScript, gzipped: ${kb(total)} (limit ${kb(LIMIT)})`);
console.log(
  '\nNot in the initial load (lazy chunks; the engine worker, which starts in parallel; wasm binaries, of which one is fetched):',
);
for (const r of lazyRows)
  console.log(`  ${r.file.padEnd(48)} ${kb(r.raw).padStart(11)}  gz ${kb(r.gz).padStart(10)}`);
if (total >= LIMIT) {
  console.error(
    `\nreport-size: the initial JavaScript is ${kb(total)} gzipped, over the ${kb(LIMIT)} budget.`,
  );
  process.exit(1);
}
