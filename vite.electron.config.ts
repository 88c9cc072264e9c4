import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';
import pkg from './package.json' with { type: 'json' };

const entries = { main: 'electron/main/main.ts', preload: 'electron/preload/preload.ts' } as const;

/**
 * Electron main and preload, each bundled alone to one CommonJS file (`--mode main` / `--mode preload`).
 * Separate builds because a sandboxed preload may require nothing but 'electron': no shared chunks.
 * Main keeps its dependencies external (electron-builder packs node_modules).
 */
export default defineConfig(({ mode }) => {
  const entry = mode === 'preload' ? 'preload' : 'main';
  return {
    build: {
      ssr: true,
      outDir: 'build/electron',
      emptyOutDir: entry === 'main',
      target: 'node20',
      sourcemap: true,
      rollupOptions: {
        input: { [entry]: entries[entry] },
        output: { format: 'cjs', entryFileNames: '[name].cjs', inlineDynamicImports: true },
        external: ['electron', ...Object.keys(pkg.dependencies), ...builtinModules, ...builtinModules.map((m) => `node:${m}`)],
      },
    },
  };
});
