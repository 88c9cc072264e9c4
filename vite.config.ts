import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The renderer: one bundle for Electron (file://) and browser mode (served by electron/server). */
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'chrome120',
    // Maps for our own debugging, never referenced by the bundle nor served (the host refuses .map: ADR 0022).
    sourcemap: 'hidden',
  },
  server: {
    host: '127.0.0.1',
    proxy: { '/api': { target: 'ws://127.0.0.1:5174', ws: true } },
  },
});
