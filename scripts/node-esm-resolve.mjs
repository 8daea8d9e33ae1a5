/**
 * Node ESM resolve hook so `tsx` scripts (bench, headless runner) can load tfjs-core's deep `dist/` imports,
 * which are ES modules written with extensionless and directory specifiers (`./gradients` meaning
 * `./gradients.js` next to a `gradients/` folder). Node's ESM resolver rejects those
 * (ERR_UNSUPPORTED_DIR_IMPORT / ERR_MODULE_NOT_FOUND); Vite and Vitest resolve them themselves.
 * Usage: node --import ./scripts/node-esm-resolve.mjs --import tsx bench/run.ts
 */
import { register } from 'node:module';

const hook = `
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (err) {
    const relative = specifier.startsWith('./') || specifier.startsWith('../');
    if (!relative || specifier.endsWith('.js')) throw err;
    if (err.code === 'ERR_UNSUPPORTED_DIR_IMPORT') {
      try {
        return await next(specifier + '.js', context);
      } catch {
        return next(specifier + '/index.js', context);
      }
    }
    if (err.code === 'ERR_MODULE_NOT_FOUND') return next(specifier + '.js', context);
    throw err;
  }
}`;

register('data:text/javascript,' + encodeURIComponent(hook));
