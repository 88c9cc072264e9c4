import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { desktopSettingsFile, loadDesktopTarget } from '../../electron/main/desktop-settings';
import { isFirstRun, saveCoreChoice } from '../../electron/main/first-run';
import { tempDir } from '../support/temp-dir';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
let n = 0;
const dataDir = () => join(tmp.dir, `data-${++n}`);

describe("the desktop's first-run choice (main process)", () => {
  it('is a first run until a choice is saved, unless this run names a server', () => {
    const dir = dataDir();
    expect(isFirstRun(dir, {})).toBe(true);
    expect(isFirstRun(dir, { FRONTLINE_SERVER_URL: 'wss://frontline.example.com/api' })).toBe(false);
    expect(saveCoreChoice(dir, { mode: 'embedded' })).toEqual({ ok: true, restart: false });
    expect(isFirstRun(dir, {})).toBe(false);
    expect(loadDesktopTarget(dir, {})).toEqual({ mode: 'embedded' });
  });

  it('saves a team server (with a pinned certificate) and asks for a restart into it', () => {
    const dir = dataDir();
    const pem = join(tmp.dir, 'server.pem');
    const key = join(tmp.dir, 'server.key');
    const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', pem, '-days', '1', '-subj', '/CN=frontline.example.com']);
    expect(made.status).toBe(0);
    expect(saveCoreChoice(dir, { mode: 'server', url: ' wss://frontline.example.com/api ', pinnedCertificate: pem })).toEqual({ ok: true, restart: true });
    const target = loadDesktopTarget(dir, {});
    expect(target.mode === 'server' ? target.link.url : null).toBe('wss://frontline.example.com/api');
    expect(target.mode === 'server' ? target.link.trust?.pinnedCert : null).toBe(readFileSync(pem, 'utf8'));
  });

  it('refuses a bad choice with the reason and writes nothing', () => {
    const dir = dataDir();
    const notPem = join(tmp.dir, 'not.pem');
    writeFileSync(notPem, 'hello');
    expect(saveCoreChoice(dir, { mode: 'server', url: 'ws://10.0.0.5/api' })).toEqual({ ok: false, problem: expect.stringMatching(/wss:\/\//) });
    expect(saveCoreChoice(dir, { mode: 'server', url: 'wss://frontline.example.com/api', pinnedCertificate: notPem })).toEqual({ ok: false, problem: expect.stringMatching(/not a PEM certificate/) });
    expect(saveCoreChoice(dir, { mode: 'server' })).toEqual({ ok: false, problem: 'unreadable choice' });
    expect(saveCoreChoice(dir, 'embedded')).toEqual({ ok: false, problem: 'unreadable choice' });
    expect(() => readFileSync(desktopSettingsFile(dir))).toThrow(/ENOENT/);
    expect(isFirstRun(dir, {})).toBe(true);
  });
});
