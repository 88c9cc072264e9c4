import { chmodSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { desktopSettingsFile, loadDesktopTarget, saveDesktopTarget } from '../../electron/main/desktop-settings';
import { tempDir } from '../support/temp-dir';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const pemFile = join(tmp.dir, 'server.pem');
writeFileSync(pemFile, PEM);
let n = 0;
const freshDir = () => join(tmp.dir, `data-${++n}`);

describe('desktop settings: where the core is (ADR 0031)', () => {
  it('is the embedded core when nothing is set', () => {
    expect(loadDesktopTarget(freshDir(), {})).toEqual({ mode: 'embedded' });
  });

  it('saves a team server with a pinned certificate and reads it back with the PEM, in a file only this user reads', () => {
    const dir = freshDir();
    saveDesktopTarget(dir, { server: { url: 'wss://frontline.example.com/api', pinnedCertificate: pemFile } });
    expect(loadDesktopTarget(dir, {})).toEqual({ mode: 'server', link: { url: 'wss://frontline.example.com/api', trust: { pinnedCert: PEM } } });
    expect(statSync(desktopSettingsFile(dir)).mode & 0o777).toBe(0o600);
    saveDesktopTarget(dir, { server: null });
    expect(loadDesktopTarget(dir, {})).toEqual({ mode: 'embedded' });
  });

  it('lets FRONTLINE_SERVER_URL with a CA override the file for one run', () => {
    expect(loadDesktopTarget(freshDir(), { FRONTLINE_SERVER_URL: 'wss://10.0.0.5:5174/api', FRONTLINE_SERVER_CA: pemFile })).toEqual({
      mode: 'server',
      link: { url: 'wss://10.0.0.5:5174/api', trust: { ca: PEM } },
    });
  });

  it('refuses what it cannot use with the reason, and never falls back to a private core', () => {
    const dir = freshDir();
    expect(() => saveDesktopTarget(dir, { server: { url: 'ws://frontline.example.com/api' } })).toThrow(/wss:\/\//);
    expect(() => saveDesktopTarget(dir, { server: { url: 'wss://f.example.com/api', ca: pemFile, pinnedCertificate: pemFile } })).toThrow(/not both/);
    expect(() => saveDesktopTarget(dir, { server: { url: 'wss://f.example.com/api', pinnedCertificate: join(tmp.dir, 'missing.pem') } })).toThrow(/cannot read the team server's pinned certificate/);
    const notPem = join(tmp.dir, 'not.pem');
    writeFileSync(notPem, 'hello');
    expect(() => saveDesktopTarget(dir, { server: { url: 'wss://f.example.com/api', ca: notPem } })).toThrow(/not a PEM certificate/);
    const broken = freshDir();
    mkdirSync(broken);
    writeFileSync(desktopSettingsFile(broken), '{"server": ');
    expect(() => loadDesktopTarget(broken, {})).toThrow(/not valid JSON/);
    writeFileSync(desktopSettingsFile(broken), '{"server": {"url": "wss://f.example.com/api", "pin": "x"}}');
    expect(() => loadDesktopTarget(broken, {})).toThrow(/server/);
    chmodSync(desktopSettingsFile(broken), 0o000);
    if (process.getuid?.() !== 0) expect(() => loadDesktopTarget(broken, {})).toThrow(/cannot read/);
  });
});
