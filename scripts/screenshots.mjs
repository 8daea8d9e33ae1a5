// Regenerates the README's picture (docs/screenshot.png) and the link-preview image
// (public/social-preview.png) from the built lab: runs the browser journey "z-screenshots" (which `npm test`
// also runs) and copies its two screenshots into place. Needs a fresh dist/ (`npm run screenshots` builds it).
import { spawnSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const run = spawnSync(process.execPath, [join(root, 'tests/e2e/run.mjs'), 'z-screenshots'], {
  cwd: root,
  stdio: 'inherit',
});
if (run.status !== 0) process.exit(run.status ?? 1);
for (const [from, to] of [
  ['readme-screenshot.png', 'docs/screenshot.png'],
  ['social-preview.png', 'public/social-preview.png'],
]) {
  copyFileSync(join(root, 'test-results', from), join(root, to));
  console.log(`screenshots: wrote ${to}`);
}
