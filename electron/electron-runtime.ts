import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type ElectronRuntime = { found: true; binary: string } | { found: false; why: string };

/**
 * Where the Electron binary is, without requiring the 'electron' package (its index.js tries
 * to download the binary when missing, which cannot work on a closed network).
 */
export function findElectronRuntime(env: NodeJS.ProcessEnv = process.env): ElectronRuntime {
  if (env.FRONTLINE_ELECTRON === 'off') return { found: false, why: 'FRONTLINE_ELECTRON=off' };
  let packageDir: string;
  try {
    packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { found: false, why: 'the electron package is not installed' };
  }
  const pathFile = join(packageDir, 'path.txt');
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : 'electron';
  const distDir = env.ELECTRON_OVERRIDE_DIST_PATH ?? join(packageDir, 'dist');
  const binary = join(distDir, executable);
  if (!existsSync(binary)) {
    return { found: false, why: `no Electron binary at ${binary} (it is downloaded separately and cannot be fetched on this network)` };
  }
  return { found: true, binary };
}
