/**
 * The layering of docs/architecture.md#layers, enforced: ESLint rejects an import that breaks it (each rule is
 * run on a snippet at a path of the layer it guards, so the rules cannot silently stop matching), and the
 * modules and folders of src/core import each other without a cycle.
 */
import { build } from 'esbuild';
import { ESLint } from 'eslint';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = normalize(join(__dirname, '../..'));
const eslint = new ESLint({ cwd: ROOT });

/** The messages of the import rules (or of `rule`) for `code` linted as if it were the file `path`. */
async function importProblems(path: string, code: string, rule = 'no-restricted-imports'): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, path) });
  return result.messages.filter((m) => m.ruleId?.endsWith(rule)).map((m) => m.message);
}

describe('lint keeps the layers apart', () => {
  const cases: { path: string; code: string; breaks: boolean; why: string }[] = [
    {
      path: 'src/app/panels/Example.tsx',
      code: "import * as tf from '@tensorflow/tfjs-core';\nexport const n = tf.scalar(1);\n",
      breaks: true,
      why: 'the app loads tfjs',
    },
    {
      path: 'src/app/panels/Example.tsx',
      code: "import * as tf from '../../core/tf';\nexport const n = tf.scalar(1);\n",
      breaks: true,
      why: "the app loads the core's tfjs entry",
    },
    {
      path: 'src/app/panels/Example.tsx',
      code: "import { METHODS } from '../../core/train/registry';\nexport const m = METHODS;\n",
      breaks: true,
      why: "the app loads the engine's registry",
    },
    {
      path: 'src/app/panels/Example.tsx',
      code: "import { METHOD_CARD } from '../../core/train/cards';\nexport const m = METHOD_CARD;\n",
      breaks: false,
      why: 'the app reads the cards',
    },
    {
      path: 'src/app/panels/Example.tsx',
      code: "import type { TrainingMethod } from '../../core/train/method';\nexport type M = TrainingMethod;\n",
      breaks: false,
      why: 'the app uses engine types',
    },
    {
      path: 'src/core/analysis/example.ts',
      code: "import { PANELS } from '../../app/panels/registry';\nexport const p = PANELS;\n",
      breaks: true,
      why: 'the core imports the app',
    },
    {
      path: 'src/core/analysis/example.ts',
      code: "import type { EngineApi } from '../../worker/protocol';\nexport type A = EngineApi;\n",
      breaks: true,
      why: 'the core imports the worker',
    },
    {
      path: 'src/core/analysis/example.ts',
      code: "import { useState } from 'react';\nexport const u = useState;\n",
      breaks: true,
      why: 'the core imports React',
    },
    {
      path: 'src/core/train/methods/example.ts',
      code: "import * as tf from '../../tf';\nexport const n = () => tf.scalar(1);\n",
      breaks: true,
      why: 'a card loads tfjs',
    },
    {
      path: 'src/core/train/methods/example.ts',
      code: "import { minimize } from '../method';\nexport const m = minimize;\n",
      breaks: true,
      why: 'a card loads an engine module',
    },
    {
      path: 'src/core/train/methods/example.ts',
      code: "import type * as tf from '../../tf';\nimport type { MethodCard } from '../card';\nimport { PGD_BY_NORM } from '../../attacks/attack-ids';\nexport type T = [tf.Tensor, MethodCard, typeof PGD_BY_NORM];\n",
      breaks: false,
      why: 'a card imports types, and values from the tfjs-free modules',
    },
  ];
  for (const c of cases)
    it(`${c.breaks ? 'fails' : 'passes'} when ${c.why}`, async () => {
      const problems = await importProblems(c.path, c.code);
      if (c.breaks) expect(problems.length, c.code).toBeGreaterThan(0);
      else expect(problems, c.code).toEqual([]);
    });
});

describe('lint keeps method ids in their cards', () => {
  const code =
    "export const a = { training: { method: 'pgd-at' } };\n" +
    "export const b = (c: { training: { method: string } }) => c.training.method === 'awp-at';\n";
  it('fails on a method id written outside its card', async () => {
    for (const path of ['src/core/presets/example.ts', 'src/app/panels/Example.tsx', 'bench/example.ts'])
      expect(await importProblems(path, code, 'no-restricted-syntax'), path).toHaveLength(2);
  });
  it('passes on references to the card, on labels, and in the card itself and the tests', async () => {
    const ok =
      "import { pgdAt } from '../train/methods/pgd-at';\n" +
      "export const a = { label: 'standard', training: { method: pgdAt.id } };\n";
    expect(await importProblems('src/core/presets/example.ts', ok, 'no-restricted-syntax')).toEqual([]);
    expect(await importProblems('tests/unit/example.test.ts', code, 'no-restricted-syntax')).toEqual([]);
    const card = "const id = 'pgd-at';\nexport const c = { id, method: 'pgd-at' };\n";
    expect(await importProblems('src/core/train/methods/pgd-at.ts', card, 'no-restricted-syntax')).toEqual(
      [],
    );
  });
});

/** Value imports between the modules of src/core (type-only imports are erased and cannot cycle). */
function coreImports(): Map<string, Set<string>> {
  const core = join(ROOT, 'src/core');
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (path.endsWith('.ts')) files.push(path);
    }
  };
  walk(core);
  const edges = new Map(files.map((f) => [relative(core, f), new Set<string>()]));
  for (const file of files) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022);
    for (const st of source.statements) {
      if (!(ts.isImportDeclaration(st) || ts.isExportDeclaration(st)) || !st.moduleSpecifier) continue;
      const spec = (st.moduleSpecifier as ts.StringLiteral).text;
      if (!spec.startsWith('.')) continue;
      const clause = ts.isImportDeclaration(st) ? st.importClause : undefined;
      const typeOnly = ts.isImportDeclaration(st)
        ? !!clause &&
          (clause.isTypeOnly ||
            (!clause.name &&
              !!clause.namedBindings &&
              ts.isNamedImports(clause.namedBindings) &&
              clause.namedBindings.elements.every((e) => e.isTypeOnly)))
        : st.isTypeOnly;
      const target = relative(core, normalize(join(dirname(file), spec)) + '.ts');
      if (!typeOnly && edges.has(target)) edges.get(relative(core, file))!.add(target);
    }
  }
  return edges;
}

/** The strongly connected components with more than one node (Tarjan). */
function cycles(edges: Map<string, Set<string>>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const out: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        component.push(w);
      } while (w !== v);
      if (component.length > 1) out.push(component.sort());
    }
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
  return out;
}

describe('src/core imports itself without cycles', () => {
  const modules = coreImports();

  it('no module imports itself back', () => {
    expect(cycles(modules)).toEqual([]);
  });

  it('no folder imports itself back (train → analysis → attacks → objectives → models)', () => {
    const folder = (path: string) => (path.includes('/') ? path.split('/')[0] : null);
    const folders = new Map<string, Set<string>>();
    for (const [from, targets] of modules) {
      const a = folder(from);
      if (!a) continue;
      for (const to of targets) {
        const b = folder(to);
        if (b && b !== a) folders.set(a, (folders.get(a) ?? new Set()).add(b));
      }
    }
    expect(folders.get('train')).toContain('analysis');
    expect(cycles(folders)).toEqual([]);
    for (const low of ['analysis', 'attacks', 'objectives', 'models'])
      expect([...(folders.get(low) ?? [])], low).not.toContain('train');
  });

  it('the check sees a cycle when there is one', () => {
    const withCycle = new Map(modules);
    withCycle.set('objectives/loss.ts', new Set(['train/trainer.ts']));
    expect(cycles(withCycle).length).toBeGreaterThan(0);
  });
});

describe('the main thread never loads tfjs', () => {
  it("the app's entry, bundled as the browser loads it (the worker is a separate entry), imports no tfjs", async () => {
    const tfjs: string[] = [];
    const result = await build({
      entryPoints: [join(ROOT, 'src/app/main.tsx')],
      bundle: true,
      write: false,
      metafile: true,
      format: 'esm',
      platform: 'browser',
      logLevel: 'silent',
      loader: { '.css': 'empty', '.svg': 'empty', '.png': 'empty' },
      plugins: [
        {
          name: 'find-tfjs',
          setup(b) {
            b.onResolve({ filter: /^@tensorflow\// }, (a) => {
              tfjs.push(`${relative(ROOT, a.importer)} → ${a.path}`);
              return { path: a.path, external: true };
            });
            // Markdown loaded as text and third-party packages: not ours to follow.
            b.onResolve({ filter: /\?raw$|^[^./]/ }, (a) => ({ path: a.path, external: true }));
          },
        },
      ],
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((p) => p.endsWith('src/core/train/cards.ts'))).toBe(true);
    expect(tfjs).toEqual([]);
  }, 60_000);
});
