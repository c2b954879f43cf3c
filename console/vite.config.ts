import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Built by `vite build console` (root = this folder). Relative asset URLs: the console works wherever it is served.
export default defineConfig({
  base: './',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 1024 },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
