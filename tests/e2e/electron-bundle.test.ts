import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/app-process';

/** Runs everywhere (no Electron binary needed): the bundles Electron would load are built and well-formed. */
describe('Electron bundles', () => {
  it('build, with a preload that requires nothing but electron (a sandboxed preload cannot load anything else)', () => {
    const build = spawnSync('npm', ['run', 'build:electron', '--silent'], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
    const preload = readFileSync(join(REPO_ROOT, 'build', 'electron', 'preload.cjs'), 'utf8');
    const required = [...preload.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
    expect(preload).toContain('exposeInMainWorld');
    const main = readFileSync(join(REPO_ROOT, 'build', 'electron', 'main.cjs'), 'utf8');
    expect(main).toContain('contextIsolation: true');
    expect(main).toContain('sandbox: true');
    expect(main).toContain('nodeIntegration: false');
  });
});
