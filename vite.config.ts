import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The production renderer ships no source maps (the host refuses *.map requests as well).
export default defineConfig({
  root: 'src-renderer',
  base: './',
  plugins: [react()],
  build: { outDir: '../dist/renderer', emptyOutDir: true, sourcemap: false, target: 'chrome120' },
});
