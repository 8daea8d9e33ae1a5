// Lets Node (tsx) load tfjs from its ES-module sources, as Vite and Vitest do, so the deep imports in
// src/core/tf.ts (gradients, chained ops) and the packages share ONE copy of tfjs-core.
// Usage: tsx --import ./scripts/tfjs-node-esm.mjs <entry.ts>
//
// tfjs 4.22's ESM files (package.json "module") use extensionless relative imports, which Node's resolver
// does not accept (and tsx resolves `./gradients` to the directory rather than gradients.js). This hook
// (1) sends bare `@tensorflow/<pkg>` imports to the package's "module" entry instead of its CommonJS
// bundle, (2) resolves extensionless paths inside @tensorflow packages to their `.js` file, (3) gives
// tfjs-core's Node platform file the `require` it calls (bundlers provide one; Node's ESM scope has none)
// and (4) imports CommonJS `seedrandom` by its default export: Node's namespace object for it lacks the
// generators tfjs reads from it (`seedrandom.alea`), which bundlers' interop provides.
import { existsSync, readFileSync } from 'node:fs';
import { register } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isMainThread } from 'node:worker_threads';

if (isMainThread) register(import.meta.url);

const TFJS = /^@tensorflow\/[^/]+/;
const isTfjsFile = (url) => url?.includes('/node_modules/@tensorflow/');
const hasExtension = (path) => /\.[cm]?js$|\.json$|\.wasm$/.test(path);

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
    if (rest) {
      const target = esmFile(new URL(`.${rest}`, manifest.url).href);
      if (target) return target;
    }
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
