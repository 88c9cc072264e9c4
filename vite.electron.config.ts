import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';
import pkg from './package.json' with { type: 'json' };

/** Electron main and preload, bundled to CommonJS. Dependencies stay external (packed by electron-builder). */
export default defineConfig({
  build: {
    ssr: true,
    outDir: 'build/electron',
    emptyOutDir: true,
    target: 'node20',
    sourcemap: true,
    rollupOptions: {
      input: { main: 'electron/main/main.ts', preload: 'electron/preload/preload.ts' },
      output: { format: 'cjs', entryFileNames: '[name].cjs' },
      external: ['electron', ...Object.keys(pkg.dependencies), ...builtinModules, ...builtinModules.map((m) => `node:${m}`)],
    },
  },
});
