import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    // Component tests (*.test.tsx) choose a DOM environment in their first line (happy-dom).
    include: ['tests/unit/**/*.test.ts', 'tests/unit/**/*.test.tsx'],
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
});
