import { defineConfig } from 'vitest/config';

/** Tests of a paper's claim (whole trainings compared) run on their own: `npm run test:claims` (mode "claims"). */
const CLAIM_TESTS = 'tests/unit/**/*-claim.test.ts';

export default defineConfig(({ mode }) => ({
  test: {
    environment: 'node',
    // Component tests (*.test.tsx) choose a DOM environment in their first line (happy-dom).
    include: mode === 'claims' ? [CLAIM_TESTS] : ['tests/unit/**/*.test.ts', 'tests/unit/**/*.test.tsx'],
    exclude: mode === 'claims' ? [] : [CLAIM_TESTS],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Load tfjs through Vite like the browser build does: Node's own resolution would load tfjs-core twice
    // (its CJS "main" for the backends, ESM for the deep chained-op/gradient imports), and the ESM copy's
    // Tensor then has no op handler (`t.clone()` fails).
    server: { deps: { inline: [/@tensorflow\//] } },
  },
  environments: {
    // …and resolve them to their ES-module entry ("module"), one copy of tfjs-core for everyone.
    ssr: { resolve: { mainFields: ['module', 'main'] } },
  },
}));
