import { execFile } from 'node:child_process';
import { mkdirSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import SqliteDatabase from 'better-sqlite3';
import { openSqlite } from '../../electron/core/db/connection';
import { startWalCheckpointer } from '../../electron/core/db/wal-checkpointer';
import { tempDir } from '../support/temp-dir';

const autocheckpoint = (raw: ReturnType<typeof openSqlite>['raw']): number => raw.pragma('wal_autocheckpoint', { simple: true }) as number;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('WAL checkpoints off the event loop', () => {
  it('once the WAL has grown, a worker copies it back into the file and commits no longer do it themselves every 1000 pages', async () => {
    const tmp = tempDir('frontline-wal-');
    const file = join(tmp.dir, 'wal.db');
    const connection = openSqlite(file);
    try {
      const { raw } = connection;
      expect(autocheckpoint(raw)).toBe(1000);
      raw.exec('CREATE TABLE blob (id INTEGER PRIMARY KEY, b BLOB)');
      const insert = raw.prepare('INSERT INTO blob (b) VALUES (?)');
      const write = (n: number) => {
        for (let i = 0; i < n; i++) insert.run(Buffer.alloc(4000, i % 251));
      };
      write(1500); // ~6 MB of WAL in small commits
      for (let waited = 0; autocheckpoint(raw) === 1000 && waited < 8_000; waited += 100) await sleep(100);
      expect(autocheckpoint(raw)).toBe(20_000);
      // From now on only the worker copies pages back: the database file grows while this thread just commits.
      const before = statSync(file).size;
      write(1500);
      for (let waited = 0; statSync(file).size < before + 5_000_000 && waited < 8_000; waited += 100) await sleep(100);
      expect(statSync(file).size).toBeGreaterThan(before + 5_000_000);
    } finally {
      await connection.close();
    }
    const again = openSqlite(file);
    try {
      expect((again.raw.prepare('SELECT count(*) AS n FROM blob').get() as { n: number }).n).toBe(3000);
    } finally {
      await again.close();
      tmp.cleanup();
    }
  });

  it('closing the connection as the last thing a process does returns (the worker is waited for, not left to end the process mid-close)', async () => {
    const tmp = tempDir('frontline-wal-');
    try {
      const run = promisify(execFile);
      const script = join(__dirname, '../support/wal-close-last.ts');
      // Node ends a process whose top-level await can no longer settle with exit code 13, which execFile rejects.
      const { stdout } = await run(process.execPath, ['--import', 'tsx', script, join(tmp.dir, 'last.db')], { timeout: 30_000 });
      expect(stdout.trim().split('\n')).toEqual(['worker started: true', 'closed']);
    } finally {
      tmp.cleanup();
    }
  });

  it('a connection closed directly (not through close()) is left alone when the file\'s WAL grows later: no timer throws and ends the process', async () => {
    const tmp = tempDir('frontline-wal-');
    try {
      const run = promisify(execFile);
      const script = join(__dirname, '../support/wal-closed-elsewhere.ts');
      // Before the fix the once-a-second look at the WAL started the worker and set a pragma on the closed handle: TypeError, exit code 1.
      const { stdout } = await run(process.execPath, ['--import', 'tsx', script, join(tmp.dir, 'elsewhere.db')], { timeout: 30_000 });
      expect(stdout.trim()).toBe('survived');
    } finally {
      tmp.cleanup();
    }
  });

  it('a database opened through a symbolic link gets the worker too (SQLite writes its WAL beside the real file, not the link)', async () => {
    const tmp = tempDir('frontline-wal-link-');
    mkdirSync(join(tmp.dir, 'real'));
    mkdirSync(join(tmp.dir, 'linked'));
    const real = join(tmp.dir, 'real', 'crm.db');
    await openSqlite(real).close();
    const link = join(tmp.dir, 'linked', 'crm.db');
    symlinkSync(real, link);
    const connection = openSqlite(link);
    try {
      const { raw } = connection;
      raw.exec('CREATE TABLE blob (id INTEGER PRIMARY KEY, b BLOB)');
      const insert = raw.prepare('INSERT INTO blob (b) VALUES (?)');
      for (let i = 0; i < 900; i++) insert.run(Buffer.alloc(4000, i % 251)); // ~3.6 MB of WAL, under the in-thread 1000 pages
      expect(statSync(`${real}-wal`).size).toBeGreaterThan(2 * 1024 * 1024);
      for (let waited = 0; autocheckpoint(raw) === 1000 && waited < 8_000; waited += 100) await sleep(100);
      expect(autocheckpoint(raw)).toBe(20_000);
    } finally {
      await connection.close();
      tmp.cleanup();
    }
  });

  it('a database the size of a working centre’s gets the worker with the connection: commits stop checkpointing before the event loop ever turns', async () => {
    const tmp = tempDir('frontline-wal-big-');
    const file = join(tmp.dir, 'big.db');
    const raw = new SqliteDatabase(file);
    raw.pragma('journal_mode = WAL');
    raw.exec('CREATE TABLE blob (id INTEGER PRIMARY KEY, b BLOB)');
    // Here "big" is any file: the real threshold (64 MB) would cost this test a 64 MB write.
    const checkpointer = startWalCheckpointer(raw, file, undefined, { startWithFileBytes: 1 });
    try {
      expect(autocheckpoint(raw)).toBe(20_000);
      const before = statSync(file).size;
      const insert = raw.prepare('INSERT INTO blob (b) VALUES (?)');
      // 1500 commits in a row without yielding (as a loop of decisions that only awaits promises); the worker copies the WAL back on its own thread.
      for (let i = 0; i < 1500; i++) insert.run(Buffer.alloc(4000, i % 251));
      for (let waited = 0; statSync(file).size < before + 5_000_000 && waited < 8_000; waited += 100) await sleep(100);
      expect(statSync(file).size).toBeGreaterThan(before + 5_000_000);
    } finally {
      await checkpointer.close();
      raw.close();
      tmp.cleanup();
    }
  });
});
