import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronRuntime } from './electron-runtime';
import { serve } from './server/serve';
import { startFailureText } from './server/start-refusal';

/**
 * `npm start`: the desktop app where the Electron runtime exists, otherwise the same app
 * in browser mode on 127.0.0.1 with the demo line, so the main job always runs.
 */
async function main(): Promise<void> {
  const runtime = findElectronRuntime();
  if (runtime.found) {
    const root = join(dirname(fileURLToPath(import.meta.url)), '..');
    const child = spawn(runtime.binary, [root, ...process.argv.slice(2)], { stdio: 'inherit' });
    child.on('exit', (code) => process.exit(code ?? 0));
    return;
  }
  console.log(`Electron runtime not available: ${runtime.why}.`);
  console.log('Starting Frontline in browser mode instead (same app, demo line, served on 127.0.0.1).');
  await serve(process.argv.slice(2));
}

main().catch((error: unknown) => {
  console.error(startFailureText('Frontline', error));
  process.exit(1);
});
