// Writes docs/run-bundle.schema.json from the zod schema in src/core/bundle-schema.ts.
// Run after changing the bundle or the config schema: npm run schema
// (tests/unit/bundle.test.ts fails while the file is out of date.)
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { runBundleJsonSchema } from '../src/core/bundle-schema';

const out = fileURLToPath(new URL('../docs/run-bundle.schema.json', import.meta.url));
const options = (await prettier.resolveConfig(out)) ?? {};
writeFileSync(
  out,
  await prettier.format(JSON.stringify(runBundleJsonSchema()), { ...options, parser: 'json' }),
);
console.log(`wrote ${out}`);
