import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * Cross-origin isolation (SharedArrayBuffer), so tfjs-wasm runs its multi-threaded SIMD build. Static hosts
 * that cannot send headers get them from the service worker public/coi-sw.js (src/app/isolation.ts).
 */
const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

// `global` is referenced by Plotly's partial bundle (has-hover); see docs/engine-notes.md#plotly.
export default defineConfig({
  // Relative URLs everywhere: dist/ works from any sub-path of any static host.
  base: './',
  plugins: [react()],
  define: { global: 'globalThis' },
  worker: {
    format: 'es',
    // No compress pass in the worker: it folds tfjs-wasm's `typeof _scriptDir !== 'undefined' && _scriptDir`
    // to a bare name, and the threaded build re-runs that function's source in its pthread workers, where
    // the name is undefined ("e is not defined"). Names are still mangled and whitespace removed.
    rolldownOptions: { output: { minify: { compress: false, mangle: true } } },
  },
  // `npm run dev` opens the lab in the browser; BROWSER=none (in the environment or .env.local) stops that.
  server: { open: true, headers: ISOLATION_HEADERS },
  preview: { headers: ISOLATION_HEADERS },
  // The manifest tells scripts/report-size.mjs which chunks the page loads up front.
  build: { target: 'es2022', chunkSizeWarningLimit: 4000, manifest: true },
});
