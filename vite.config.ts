import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// `global` is referenced by Plotly's partial bundle (has-hover); see docs/engine-notes.md#plotly.
export default defineConfig({
  plugins: [react()],
  define: { global: 'globalThis' },
  worker: { format: 'es' },
  // The manifest tells scripts/report-size.mjs which chunks the page loads up front.
  build: { target: 'es2022', chunkSizeWarningLimit: 4000, manifest: true },
});
