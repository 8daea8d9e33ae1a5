/**
 * The headless runner: the browser's engine, run to completion in Node, writing a run bundle.
 *
 *   npm run experiment -- <config.json> [--out <run.json>] [--backend wasm|cpu] [--snapshots]
 *                         [--max-stored-values <n>] [--teacher-clean <run.json> --teacher-adversarial <run.json>]
 *
 * The config's `analyses` list runs any registered analysis during or after training (docs/run-bundle.md).
 * The config is parsed strictly (errors name the field; exit code 1). Exit code 0 when every epoch was
 * trained, 1 when the run diverged (its bundle is still written, with the last finite parameters).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkAnalysisRequests } from '../core/analysis/registry';
import { DEFAULT_MAX_STORED_VALUES, buildBundle } from '../core/bundle';
import { finalParamValues, parseBundle } from '../core/bundle-schema';
import { parseConfig } from '../core/config';
import type { EngineEvent } from '../core/events';
import { type LabRun, localHost } from '../core/lab/lab';
import { runPlan } from '../core/lab/plan';
import { type TeacherRun, attachTeacherRuns } from '../core/train/mtard-teachers';
import { NODE_BACKENDS, type NodeBackend } from '../node/backend';
import { nodeLab } from '../node/lab';

const USAGE =
  'usage: npm run experiment -- <config.json> [--out <run.json>] [--backend wasm|cpu] [--snapshots]\n' +
  '                             [--max-stored-values <n>]\n' +
  '                             [--teacher-clean <run.json> --teacher-adversarial <run.json>]\n' +
  '  --out                where to write the run bundle (default: runs/<config name>.json)\n' +
  "  --backend            tfjs backend in Node (default: the config's if wasm/cpu, else wasm)\n" +
  '  --snapshots          also write the parameters after every epoch\n' +
  '  --max-stored-values  size guard: at most n numbers of recompute data (random starts, directions,\n' +
  `                       corruption vectors, …) in the bundle (default ${DEFAULT_MAX_STORED_VALUES})\n` +
  '  --teacher-clean, --teacher-adversarial\n' +
  '                       AW-Net training only: run bundles of a clean and an adversarially trained run\n' +
  "                       with the student's output; the run distils from both (MTARD, docs/methods/awnet.md)";

export interface ExperimentArgs {
  configPath: string;
  out: string;
  backend: NodeBackend | null;
  snapshots: boolean;
  /** null = the bundle's default size guard. */
  maxStoredValues: number | null;
  /** MTARD's teachers as run-bundle paths, or null (the teacher-free loss). */
  teachers: { natural: string; adversarial: string } | null;
}

/** Where the runner reports; tests pass their own to capture the lines. */
export interface Output {
  log: (line: string) => void;
  error: (line: string) => void;
}

export function parseArgs(
  argv: readonly string[],
): { ok: true; args: ExperimentArgs } | { ok: false; error: string } {
  let configPath: string | null = null;
  let out: string | null = null;
  let backend: NodeBackend | null = null;
  let snapshots = false;
  let maxStoredValues: number | null = null;
  const teacher: Partial<Record<'natural' | 'adversarial', string>> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--snapshots') snapshots = true;
    else if (VALUED.includes(arg)) {
      const value = argv[++i];
      if (value === undefined || value.startsWith('--')) return { ok: false, error: `${arg} needs a value` };
      if (arg === '--out') out = value;
      else if (arg === '--teacher-clean') teacher.natural = value;
      else if (arg === '--teacher-adversarial') teacher.adversarial = value;
      else if (arg === '--max-stored-values') {
        maxStoredValues = Number(value);
        if (!Number.isInteger(maxStoredValues) || maxStoredValues < 0)
          return { ok: false, error: `--max-stored-values: "${value}" is not a whole number ≥ 0` };
      } else if ((NODE_BACKENDS as string[]).includes(value)) backend = value as NodeBackend;
      else return { ok: false, error: `--backend: "${value}" is not one of ${NODE_BACKENDS.join(', ')}` };
    } else if (arg.startsWith('--')) return { ok: false, error: `unknown option ${arg}` };
    else if (configPath === null) configPath = arg;
    else return { ok: false, error: `unexpected argument "${arg}" (one config file only)` };
  }
  if (configPath === null) return { ok: false, error: 'no config file given' };
  const { natural, adversarial } = teacher;
  if ((natural === undefined) !== (adversarial === undefined))
    return {
      ok: false,
      error: '--teacher-clean and --teacher-adversarial go together (MTARD distils from both)',
    };
  const teachers = natural !== undefined && adversarial !== undefined ? { natural, adversarial } : null;
  out ??= join('runs', `${basename(configPath, extname(configPath))}.json`);
  return { ok: true, args: { configPath, out, backend, snapshots, maxStoredValues, teachers } };
}

const VALUED = ['--out', '--backend', '--max-stored-values', '--teacher-clean', '--teacher-adversarial'];

/** A run bundle as a teacher, or the sentences saying why the file is not one. */
async function readTeacher(path: string): Promise<TeacherRun | string[]> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    return [`cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`];
  }
  const parsed = parseBundle(json);
  if (!parsed.ok) return parsed.errors.map((e) => `${path}: ${e}`);
  return { name: path, config: parsed.bundle.config, params: finalParamValues(parsed.bundle) };
}

const percent = (x: number) => `${(100 * x).toFixed(1)}%`;

function epochLine(e: Extract<EngineEvent, { type: 'epoch' }>, epochs: number): string {
  const m = e.metrics;
  const width = String(epochs).length;
  return (
    `epoch ${String(m.epoch).padStart(width)}/${epochs}  ` +
    `train loss ${m.trainLoss.toFixed(4)} acc ${percent(m.trainAcc)}  ` +
    `test loss ${m.testLoss.toFixed(4)} acc ${percent(m.testAcc)}  ` +
    `(${Math.round(m.examplesPerSec).toLocaleString('en')} examples/s)`
  );
}

/** Runs one experiment from command-line arguments; resolves to the process exit code. */
export async function runExperiment(argv: readonly string[], output: Output = console): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    output.log(USAGE);
    return 0;
  }
  const parsedArgs = parseArgs(argv);
  if (!parsedArgs.ok) {
    output.error(`error: ${parsedArgs.error}\n${USAGE}`);
    return 1;
  }
  const args = parsedArgs.args;
  let json: unknown;
  try {
    json = JSON.parse(await readFile(args.configPath, 'utf8'));
  } catch (err) {
    output.error(
      `error: cannot read ${args.configPath}: ${err instanceof Error ? err.message : String(err)}`,
    );
    return 1;
  }
  const parsed = parseConfig(json, 'strict');
  for (const n of parsed.notes) if (!n.error) output.error(`warning: ${n.path}: ${n.message}`);
  if (!parsed.ok) {
    output.error(`error: ${args.configPath} is not a valid experiment config:`);
    for (const n of parsed.notes) if (n.error) output.error(`  ${n.path || '(whole file)'}: ${n.message}`);
    return 1;
  }
  const config = parsed.config;
  const badRequests = checkAnalysisRequests(config);
  if (badRequests.length) {
    output.error(`error: ${args.configPath} requests analyses with invalid settings:`);
    for (const e of badRequests) output.error(`  ${e}`);
    return 1;
  }
  if (args.snapshots) config.training.snapshots = true;
  const backend: NodeBackend =
    args.backend ?? (config.backend === 'cpu' || config.backend === 'wasm' ? config.backend : 'wasm');
  const lab = nodeLab(backend);
  const epochs = config.training.epochs;
  let failure: string | null = null;
  const onEvent = (e: EngineEvent) => {
    if (e.type === 'started')
      output.log(
        `${e.model.description}, ${e.model.paramCount} parameters, on ${e.dataset}, backend ${e.backend}`,
      );
    else if (e.type === 'epoch') output.log(epochLine(e, epochs));
    else if (e.type === 'diverged') failure = `diverged in epoch ${e.epoch}: ${e.reason}`;
    else if (e.type === 'error') failure = `error: ${e.message}`;
  };
  const teachers = args.teachers;
  let detachTeachers = () => {};
  /** MTARD's teachers attach to the created run before it trains. */
  const prepare = async ({ runner }: LabRun) => {
    if (!teachers) return;
    const runs = await Promise.all([teachers.natural, teachers.adversarial].map(readTeacher));
    const [natural, adversarial] = runs;
    const attached =
      Array.isArray(natural) || Array.isArray(adversarial)
        ? { ok: false as const, errors: runs.flatMap((r) => (Array.isArray(r) ? r : [])) }
        : attachTeacherRuns(runner.trainer, natural, adversarial);
    if (!attached.ok) throw new TeachersRejected(attached.errors);
    detachTeachers = attached.detach;
    output.log(`distilling from ${teachers.natural} (clean) and ${teachers.adversarial} (adversarial)`);
  };
  const name = basename(args.configPath, extname(args.configPath));
  try {
    const [{ runner }] = await runPlan(
      localHost(lab, onEvent, { prepare, allowUnfinished: true }),
      { title: name, runs: [{ label: name, config }], analyses: [] },
      new AbortController().signal,
    );
    if (failure) output.error(failure);
    const bundle = await buildBundle(runner, {
      includeSnapshots: args.snapshots,
      maxStoredValues: args.maxStoredValues ?? undefined,
    });
    const text = JSON.stringify(bundle);
    await mkdir(dirname(args.out), { recursive: true });
    await writeFile(args.out, text);
    const last = runner.history[runner.history.length - 1];
    output.log(
      `wrote ${args.out} (${(text.length / 1024).toFixed(0)} KB; ${runner.history.length} epochs` +
        (last ? `, test accuracy ${percent(last.testAcc)}` : '') +
        (bundle.analyses.length ? `; ${bundle.analyses.length} analyses` : '') +
        ')',
    );
    const dropped = bundle.recomputeData?.droppedValues ?? 0;
    if (dropped > 0)
      output.log(
        `size guard: left out ${dropped.toLocaleString('en')} numbers of recompute data (listed in each ` +
          `analysis' "dropped"); raise --max-stored-values to keep them`,
      );
    return runner.state === 'done' ? 0 : 1;
  } catch (err) {
    if (!(err instanceof TeachersRejected)) throw err;
    output.error('error: the MTARD teachers cannot be used:');
    for (const e of err.errors) output.error(`  ${e}`);
    return 1;
  } finally {
    detachTeachers();
    await lab.end();
  }
}

/** The teachers given on the command line do not fit the run. */
class TeachersRejected extends Error {
  constructor(readonly errors: string[]) {
    super(errors.join('\n'));
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runExperiment(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (err) => {
      console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
      process.exitCode = 1;
    },
  );
}
