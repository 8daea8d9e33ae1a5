/**
 * Node ESM hooks so `tsx` scripts (bench, headless runner) load tfjs the way Vite and Vitest do: from its
 * ES-module sources (package.json "module"), as ONE copy of tfjs-core.
 * Usage: node --import ./scripts/node-esm-resolve.mjs --import tsx bench/run.ts
 *
 * src/core/tf.ts deep-imports tfjs-core's `dist/` ES modules (gradients, chained ops), which are written with
 * extensionless and directory specifiers (`./gradients` meaning `./gradients.js` next to a `gradients/`
 * folder) that Node's resolver rejects. Resolving only those would load tfjs-core twice (its CommonJS bundle
 * for bare imports, its ES modules for deep ones), which works but made cpu-backend CNN training ~3× slower
 * per CPU-second (measured with bench/training.ts). So the hooks:
 * 1. send bare `@tensorflow/<pkg>` imports to the package's "module" entry instead of its CommonJS bundle;
 * 2. resolve extensionless paths inside @tensorflow packages to their `.js` file;
 * 3. give tfjs-core's Node platform file the `require` it calls (bundlers provide one; ESM scope has none);
 * 4. import CommonJS `seedrandom` by its default export: Node's namespace object for it lacks the generators
 *    tfjs reads from it (`seedrandom.alea`), which bundlers' interop provides.
 */
import { existsSync, readFileSync } from 'node:fs';
import { register } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isMainThread } from 'node:worker_threads';

// This file is both the --import entry (main thread) and the hooks module (loader thread).
if (isMainThread) register(import.meta.url);

const TFJS = /^@tensorflow\/[^/]+/;
const isTfjsFile = (url) => typeof url === 'string' && url.includes('/node_modules/@tensorflow/');
const hasExtension = (path) => /\.([cm]?js|json|wasm)$/.test(path);

function esmFile(url) {
  const path = fileURLToPath(url);
  if (hasExtension(path) || !existsSync(`${path}.js`)) return null;
  return { url: pathToFileURL(`${path}.js`).href, format: 'module', shortCircuit: true };
}

export async function resolve(specifier, context, nextResolve) {
  const pkg = TFJS.exec(specifier)?.[0];
  if (pkg) {
    const manifest = await nextResolve(`${pkg}/package.json`, context);
    const { module } = JSON.parse(readFileSync(fileURLToPath(manifest.url), 'utf8'));
    const rest = specifier.slice(pkg.length);
    if (!rest && module)
      return { url: new URL(module, manifest.url).href, format: 'module', shortCircuit: true };
    const target = rest && esmFile(new URL(`.${rest}`, manifest.url).href);
    if (target) return target;
  } else if (specifier.startsWith('.') && isTfjsFile(context.parentURL)) {
    const target = esmFile(new URL(specifier, context.parentURL).href);
    if (target) return target;
  }
  return nextResolve(specifier, context);
}

const NEEDS_REQUIRE = /\/@tensorflow\/tfjs-core\/dist\/platforms\/platform_node\.js$/;
const CJS_NAMESPACE_IMPORT = /import \* as (\w+) from '(seedrandom)';/g;

export async function load(url, context, nextLoad) {
  const result = await nextLoad(url, context);
  if (!isTfjsFile(url) || result.format !== 'module') return result;
  let source = String(result.source);
  if (NEEDS_REQUIRE.test(url))
    source =
      "import { createRequire as __basinCreateRequire } from 'node:module';\n" +
      'const require = __basinCreateRequire(import.meta.url);\n' +
      source;
  source = source.replace(CJS_NAMESPACE_IMPORT, "import $1 from '$2';");
  return { ...result, source };
}
