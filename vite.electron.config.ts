import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';
import pkg from './package.json' with { type: 'json' };

const entries = {
  main: 'electron/main/main.ts',
  preload: 'electron/preload/preload.ts',
  // The board's worker thread: main finds it next to itself (electron/core/board/aggregate-thread.ts).
  'board-aggregates-worker': 'electron/core/board/aggregate-worker.ts',
} as const;

/**
 * Electron main, preload and the board's worker, each bundled alone to one CommonJS file (`--mode main`,
 * `--mode preload`, `--mode board-aggregates-worker`).
 * Separate builds because a sandboxed preload may require nothing but 'electron': no shared chunks.
 * Main keeps its dependencies external (electron-builder packs node_modules).
 */
export default defineConfig(({ mode }) => {
  const entry = mode === 'preload' || mode === 'board-aggregates-worker' ? mode : 'main';
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
