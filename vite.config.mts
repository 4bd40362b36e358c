import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer: React, built to dist/renderer with relative paths (loaded from file:// in Electron).
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome140',
    sourcemap: false,
  },
});
