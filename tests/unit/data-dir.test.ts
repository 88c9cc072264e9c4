import { describe, expect, it } from 'vitest';
import { dataDirectory, defaultDatabaseFile } from '../../electron/core/data-dir';

describe('one data folder for the desktop app, browser mode and the CLIs', () => {
  it('uses the platform per-user folder when nothing overrides it', () => {
    expect(defaultDatabaseFile({}, 'linux', '/home/ann')).toBe('/home/ann/.local/share/frontline/frontline.db');
    expect(defaultDatabaseFile({ XDG_DATA_HOME: '/data' }, 'linux', '/home/ann')).toBe('/data/frontline/frontline.db');
    expect(dataDirectory({}, 'darwin', '/Users/ann')).toBe('/Users/ann/Library/Application Support/Frontline');
    expect(dataDirectory({ APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' }, 'win32', 'C:\\Users\\ann')).toMatch(/AppData.Roaming.Frontline$/);
  });

  it('honours FRONTLINE_DATA_DIR, and FRONTLINE_DB above it', () => {
    expect(defaultDatabaseFile({ FRONTLINE_DATA_DIR: '/srv/fl' }, 'linux', '/home/ann')).toBe('/srv/fl/frontline.db');
    expect(defaultDatabaseFile({ FRONTLINE_DATA_DIR: '/srv/fl', FRONTLINE_DB: '/tmp/x.db' }, 'linux', '/home/ann')).toBe('/tmp/x.db');
  });

  it('is what the Electron main process and the server both open', async () => {
    const { readFile } = await import('node:fs/promises');
    for (const host of ['electron/main/main.ts', 'electron/server/serve.ts']) {
      const source = await readFile(host, 'utf8');
      expect(source, host).toContain('defaultDatabaseFile()');
      expect(source, host).not.toContain("getPath('userData')");
    }
  });
});
