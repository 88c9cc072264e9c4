import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './app-process';

/** Where `npm run build:renderer` writes the renderer. */
export const RENDERER_DIST = join(REPO_ROOT, 'renderer', 'dist');

/**
 * The development builds of libraries (React's `react.development.js`, `react-dom-client.development.js`,
 * …) bundled into a renderer build, read from its hidden source maps' `sources`. Empty for a
 * production build. A development build runs the board page's script at 4× the CPU (82 % of a core
 * against 19 %), so a browser test or benchmark served one measures the wrong thing.
 */
export function developmentSources(dist: string): string[] {
  return bundledLibraryBuilds(dist).filter((source) => source.endsWith('.development.js'));
}

/** Every library file with a development or production flavour (`*.development.js`, `*.production.js`) in the build's hidden source maps. */
export function bundledLibraryBuilds(dist: string): string[] {
  const assets = join(dist, 'assets');
  if (!existsSync(assets)) return [];
  const found: string[] = [];
  for (const file of readdirSync(assets).filter((f) => f.endsWith('.js.map'))) {
    const map = JSON.parse(readFileSync(join(assets, file), 'utf8')) as { sources?: string[] };
    for (const source of map.sources ?? []) if (/\.(development|production)\.js$/.test(source)) found.push(source.replace(/^.*node_modules\//, ''));
  }
  return found;
}

/** The renderer build to serve: throws, saying how to fix it, unless it is there and a production build. */
export function productionRendererDist(dist = RENDERER_DIST): string {
  if (!existsSync(join(dist, 'index.html'))) throw new Error('renderer build missing: npm run build:renderer');
  const dev = developmentSources(dist);
  if (dev.length > 0) throw new Error(`renderer/dist is a development build (${dev.slice(0, 3).join(', ')}…): rebuild it with npm run build:renderer`);
  return dist;
}
