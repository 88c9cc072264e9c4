import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findElectronRuntime } from '../../electron/electron-runtime';
import { REPO_ROOT } from '../support/app-process';
import { tempDir } from '../support/temp-dir';

const runtime = findElectronRuntime();

describe('Electron shell', () => {
  it('opens the desktop window with the sandboxed preload and loads the renderer', async (ctx) => {
    if (!runtime.found) ctx.skip(`no Electron runtime here: ${runtime.why}`);
    if (!runtime.found) return;
    const build = spawnSync('npm', ['run', 'build:electron', '--silent'], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
    expect(existsSync(join(REPO_ROOT, 'build', 'electron', 'preload.cjs'))).toBe(true);

    const tmp = tempDir('frontline-electron-');
    const xvfb = spawnSync('which', ['xvfb-run']).status === 0;
    const [cmd, args] = xvfb
      ? ['xvfb-run', ['-a', runtime.binary, '--no-sandbox', REPO_ROOT]]
      : [runtime.binary, ['--no-sandbox', REPO_ROOT]];
    const child = spawn(cmd as string, args as string[], {
      cwd: REPO_ROOT,
      env: { ...process.env, FRONTLINE_SMOKE: '1', FRONTLINE_DB: join(tmp.dir, 'smoke.db') },
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    tmp.cleanup();
    expect(output).toContain('FRONTLINE_SMOKE_OK Frontline');
    expect(code).toBe(0);
  });
});
