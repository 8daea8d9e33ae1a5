/**
 * `npm run bench`: timings that do not belong in tests (a test asserts what is true, never how
 * fast it ran). Each area adds a section file exporting `run(log)`, and one line below. `npm run bench -- <name>…` runs only those.
 */
import { useBackend } from '../src/node/backend';
import { benchAttacks } from './attacks';
import * as awnet from './awnet';
import { benchLandscape } from './landscape';
import { benchLessons } from './lessons';
import * as peer from './peer';
import * as training from './training';
import * as ui from './ui';

export interface BenchSection {
  name: string;
  /** Prints its own lines; measures side by side within one process so ratios are fair. */
  run(log: (line: string) => void): Promise<void>;
}

const SECTIONS: BenchSection[] = [
  peer,
  training,
  { name: 'attacks', run: () => benchAttacks().then(() => undefined) },
  { name: 'landscape', run: () => benchLandscape().then(() => undefined) },
  { name: 'lessons', run: () => benchLessons().then(() => undefined) },
  ui,
  awnet,
];

const only = process.argv.slice(2);
const unknown = only.filter((name) => !SECTIONS.some((s) => s.name === name));
if (unknown.length) {
  console.error(
    `unknown bench section(s): ${unknown.join(', ')}; known: ${SECTIONS.map((s) => s.name).join(', ')}`,
  );
  process.exit(1);
}
await useBackend('wasm'); // load both backends before timing anything
console.log(`Basin bench · Node ${process.version} · ${new Date().toISOString()}`);
for (const section of SECTIONS.filter((s) => only.length === 0 || only.includes(s.name))) {
  const started = performance.now();
  console.log(`\n## ${section.name}`);
  await section.run((line) => console.log(line));
  console.log(`(${section.name}: ${((performance.now() - started) / 1000).toFixed(0)} s)`);
}
