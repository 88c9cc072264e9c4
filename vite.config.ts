import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin, type Rollup, type UserConfig } from 'vite';

type RollupLog = Rollup.RollupLog;

/**
 * Writes `.br` and `.gz` beside every script, style and page of the build, so the server sends
 * compressed bytes without compressing per request (electron/server/static-assets.ts).
 * Brotli at quality 9: within 10 % of 11's size for a tenth of its time.
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'frontline-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = join(config.root, config.build.outDir);
    },
    writeBundle(_options, bundle) {
      for (const name of new Set([...Object.keys(bundle), 'index.html'])) {
        if (!/\.(js|css|html|svg|json)$/.test(name)) continue;
        const file = join(outDir, name);
        const body = readFileSync(file);
        writeFileSync(`${file}.br`, brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }));
        writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
      }
    },
  };
}

/**
 * Rollup's warnings for the renderer build: a dependency's `#__PURE__` annotation Rollup cannot
 * place (zod's, in node_modules) only means that call is not tree-shaken; it is noise to whoever
 * runs `npm start`, and not ours to fix. Every other warning (ours, or a dependency's real problem) is shown.
 */
export function rendererBuildWarning(warning: RollupLog, show: (warning: RollupLog) => void): void {
  if (warning.code === 'INVALID_ANNOTATION' && (warning.id ?? '').includes('/node_modules/')) return;
  show(warning);
}

/** The renderer: one bundle for Electron (file://) and browser mode (served by electron/server). */
const rendererConfig = {
  root: 'renderer',
  base: './',
  plugins: [react(), precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'chrome120',
    // Maps for our own debugging, never referenced by the bundle nor served (the host refuses .map: ADR 0022).
    sourcemap: 'hidden',
    // The desk's one entry chunk is ~0.9 MB (React, sip.js, zod, the i18n tables): loaded once from
    // loopback, the LAN or file://, served precompressed (~0.25 MB brotli); the charts are already
    // split off. Warn only when it grows past 1.2 MB, so `npm start` shows a clean build and its URL.
    chunkSizeWarningLimit: 1200,
    rollupOptions: { onwarn: rendererBuildWarning },
  },
  server: {
    host: '127.0.0.1',
    proxy: { '/api': { target: 'ws://127.0.0.1:5174', ws: true } },
  },
} satisfies UserConfig;

/**
 * A build is always a production build. Vite takes NODE_ENV from the shell when it is set, and with
 * NODE_ENV=test (anything run from inside Vitest) or development it bundled React's development
 * build into renderer/dist (index chunk 0.90 → 1.18 MB; a board tab's script 19 % → 82 % of a core).
 * Vite reads NODE_ENV after it has loaded this file, so setting it here decides the build
 * (its own advice: "set process.env.NODE_ENV in the Vite config"); `npm run dev:renderer` stays a
 * development server. tests/unit/renderer-build-mode.test.ts holds it.
 */
export default defineConfig(({ command }) => {
  if (command === 'build') process.env.NODE_ENV = 'production';
  return rendererConfig;
});
