import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// `global` is referenced by Plotly's partial bundle (has-hover); see docs/engine-notes.md#plotly.
export default defineConfig({
  // Relative URLs everywhere: dist/ works from any sub-path of any static host.
  base: './',
  plugins: [react()],
  define: { global: 'globalThis' },
  // `npm run dev` opens the lab in the browser; BROWSER=none (in the environment or .env.local) stops that.
  server: { open: true },
  worker: { format: 'es' },
  // The manifest tells scripts/report-size.mjs which chunks the page loads up front.
  build: { target: 'es2022', chunkSizeWarningLimit: 4000, manifest: true },
});
