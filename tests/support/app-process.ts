import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const REPO_ROOT = join(import.meta.dirname, '..', '..');

export interface AppProcess {
  url: string;
  /** The process started (its group is stopped with it). */
  pid: number;
  output: () => string;
  stop(): Promise<void>;
}

/**
 * Runs a command the way a newcomer would (e.g. `npm start`) and waits for
 * "Frontline is serving at <url>". The whole process group is stopped afterwards.
 */
export function startAppProcess(command: string, args: string[], env: Record<string, string>, timeoutMs = 90_000): Promise<AppProcess> {
  const child: ChildProcess = spawn(command, args, {
    cwd: REPO_ROOT,
    env: { ...userShellEnv(), ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    process.kill(-child.pid, 'SIGTERM');
    const timer = setTimeout(() => child.pid !== undefined && process.kill(-child.pid, 'SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`app did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /Frontline is serving at (https?:\/\/\S+)/.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve({ url: match[1], pid: child.pid ?? 0, output: () => output, stop });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`app exited with ${code} before serving:\n${output}`));
    });
  });
}

/**
 * The environment a user's shell gives the command: without the NODE_ENV=test Vitest sets. `npm start`
 * rebuilds the renderer, and Vite under NODE_ENV=test bundles React's development build (0.9 → 1.2 MB,
 * the board page's script time ×4), which every later browser test and benchmark then served.
 */
function userShellEnv(): NodeJS.ProcessEnv {
  const inherited = { ...process.env };
  delete inherited.NODE_ENV;
  return inherited;
}
