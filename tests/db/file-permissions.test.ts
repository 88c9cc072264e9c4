import { chmodSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqlite } from '../../electron/core/db/connection';
import { migrateToLatest } from '../../electron/core/db/migrate';
import { secureDatabaseFile } from '../../electron/core/db/file-permissions';
import { tempDir } from '../support/temp-dir';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
const mode = (path: string) => statSync(path).mode & 0o777;

describe.skipIf(process.platform === 'win32')('database file permissions', () => {
  it('creates the folder 0700 and the database, its WAL and shared-memory files 0600, whatever the umask', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const folder = join(tmp.dir, 'data', 'frontline');
    const file = join(folder, 'frontline.db');
    const previous = process.umask(0o000);
    try {
      const conn = openSqlite(file);
      await migrateToLatest(conn.db);
      expect(mode(folder)).toBe(0o700);
      for (const f of [file, `${file}-wal`, `${file}-shm`]) expect({ f, mode: mode(f).toString(8) }).toEqual({ f, mode: '600' });
      await conn.close();
    } finally {
      process.umask(previous);
    }
  });

  it('tightens a world-readable database an older version left behind, and its folder when it is the data folder', () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const folder = join(tmp.dir, 'old');
    mkdirSync(folder, { mode: 0o755 });
    chmodSync(folder, 0o755);
    const file = join(folder, 'frontline.db');
    writeFileSync(file, '');
    chmodSync(file, 0o644);
    secureDatabaseFile(file, true);
    expect(mode(file)).toBe(0o600);
    expect(mode(folder)).toBe(0o700);
  });

  it('leaves a shared folder it did not create alone (a --db in /tmp keeps /tmp as it is)', () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    chmodSync(tmp.dir, 0o755);
    secureDatabaseFile(join(tmp.dir, 'x.db'), false);
    expect(mode(tmp.dir)).toBe(0o755);
    expect(mode(join(tmp.dir, 'x.db'))).toBe(0o600);
  });
});
