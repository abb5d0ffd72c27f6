import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * `tools/build` bundles the page next to the compiled server, which serves it. For work on the
 * page itself, `npx vite apps/flow-page/web` serves it with hot reload against a running `npm start`.
 */
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  // One bundle for a page served from localhost: React and the chart library make it ~0.6 MB.
  build: { outDir: '../../../dist/apps/flow-page/web', emptyOutDir: true, chunkSizeWarningLimit: 1_000 },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
