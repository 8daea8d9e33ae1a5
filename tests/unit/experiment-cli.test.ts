import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { afterAll, describe, expect, it } from 'vitest';
import { parseArgs, runExperiment } from '../../src/cli/experiment';
import { parseBundle } from '../../src/core/bundle-schema';

const dir = mkdtempSync(join(tmpdir(), 'basin-cli-'));

/** Runs the CLI in-process, capturing what it prints. */
async function cli(...argv: string[]) {
  const log: string[] = [];
  const error: string[] = [];
  const code = await runExperiment(argv, { log: (l) => log.push(l), error: (l) => error.push(l) });
  return { code, log, error };
}

describe('npm run experiment', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs examples/moons.json and writes a bundle that validates against docs/run-bundle.schema.json', async () => {
    const out = join(dir, 'moons.json');
    const { code, log, error } = await cli('examples/moons.json', '--out', out, '--snapshots');
    expect(error).toEqual([]);
    expect(code).toBe(0);
    expect(log.filter((l) => l.startsWith('epoch '))).toHaveLength(30);
    console.log(log.slice(-2).join('\n'));

    const bundle = JSON.parse(readFileSync(out, 'utf8'));
    const schema = JSON.parse(readFileSync('docs/run-bundle.schema.json', 'utf8'));
    const validate = new Ajv2020({ allErrors: true }).compile(schema);
    const valid = validate(bundle);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(parseBundle(bundle).ok).toBe(true);
    expect(bundle.backend).toBe('wasm');
    expect(bundle.parameters.snapshots).toHaveLength(31);
    expect(bundle.metrics[29].testAcc).toBeGreaterThanOrEqual(0.97);

    // The schema is not a formality: a bundle missing its parameters does not validate.
    delete bundle.parameters.final;
    expect(validate(bundle)).toBe(false);
  });

  it('rejects a bad config with messages naming the fields, and exits 1', async () => {
    const path = join(dir, 'bad.json');
    writeFileSync(
      path,
      JSON.stringify({ seed: 0, model: { kind: 'mlp', activation: 'sigmoid' }, data: { kind: 'faces' } }),
    );
    const { code, error } = await cli(path, '--out', join(dir, 'never.json'));
    expect(code).toBe(1);
    expect(error).toContain('warning: seed: Seed: 0 is below the smallest allowed value; 1 is used.');
    expect(
      error.some((l) => /^ {2}model\.activation: Activation: “sigmoid” is not one Basin knows/.test(l)),
    ).toBe(true);
    expect(error.some((l) => /^ {2}data\.kind: /.test(l))).toBe(true);

    writeFileSync(path, '{ "seed": 1, ');
    const broken = await cli(path);
    expect(broken.code).toBe(1);
    expect(broken.error[0]).toMatch(/^error: cannot read .*bad\.json: /);
  });

  it('runs the analyses a config requests, with a size guard that says what it left out', async () => {
    const path = join(dir, 'requests.json');
    const out = join(dir, 'requests-run.json');
    writeFileSync(
      path,
      JSON.stringify({
        data: { kind: 'moons', n: 200 },
        model: { kind: 'mlp', hidden: [4] },
        training: { epochs: 2 },
        analyses: [
          { id: 'fgsm-sweep', every: 1 },
          { id: 'robust', settings: { testSize: 10, trainSize: 10, steps: 2 } },
        ],
      }),
    );
    const { code, log, error } = await cli(path, '--out', out, '--max-stored-values', '0');
    expect(error).toEqual([]);
    expect(code).toBe(0);
    expect(log.some((l) => /^size guard: left out 40 numbers of recompute data/.test(l))).toBe(true);
    const bundle = JSON.parse(readFileSync(out, 'utf8'));
    expect(parseBundle(bundle).ok).toBe(true);
    expect(bundle.analyses.map((a: { id: string; epoch: number }) => `${a.id}@${a.epoch}`)).toEqual([
      'fgsm-sweep@1',
      'fgsm-sweep@2',
      'robust@2',
    ]);
    expect(bundle.analyses[2].dropped).toEqual([{ path: 'starts', values: 40 }]);
    expect(bundle.analyses[2].result.starts).toBeNull();
    expect(bundle.recomputeData).toEqual({ maxValues: 0, keptValues: 0, droppedValues: 40 });

    writeFileSync(path, JSON.stringify({ analyses: [{ id: 'lsa', settings: { size: 0 } }] }));
    const bad = await cli(path, '--out', join(dir, 'never.json'));
    expect(bad.code).toBe(1);
    expect(bad.error).toContain('  analyses.0 (lsa): settings.size: Too small: expected number to be >=1');
  });

  it('explains bad arguments', async () => {
    expect(parseArgs(['c.json'])).toEqual({
      ok: true,
      args: {
        configPath: 'c.json',
        out: join('runs', 'c.json'),
        backend: null,
        snapshots: false,
        maxStoredValues: null,
        teachers: null,
      },
    });
    expect(parseArgs(['c.json', '--backend', 'webgl'])).toEqual({
      ok: false,
      error: '--backend: "webgl" is not one of wasm, cpu',
    });
    expect(parseArgs([])).toEqual({ ok: false, error: 'no config file given' });
    expect(parseArgs(['c.json', '--out'])).toEqual({ ok: false, error: '--out needs a value' });
    expect(parseArgs(['c.json', '--max-stored-values', '2.5'])).toEqual({
      ok: false,
      error: '--max-stored-values: "2.5" is not a whole number ≥ 0',
    });
    expect(parseArgs(['c.json', '--max-stored-values', '0'])).toMatchObject({ args: { maxStoredValues: 0 } });
    expect(parseArgs(['c.json', '--teacher-clean', 'a.json'])).toEqual({
      ok: false,
      error: '--teacher-clean and --teacher-adversarial go together (MTARD distils from both)',
    });
    expect(
      parseArgs(['c.json', '--teacher-adversarial', 'b.json', '--teacher-clean', 'a.json']),
    ).toMatchObject({ args: { teachers: { natural: 'a.json', adversarial: 'b.json' } } });
    const { code, error } = await cli('--fast');
    expect(code).toBe(1);
    expect(error[0]).toMatch(/^error: unknown option --fast\nusage: npm run experiment/);
  });
});
