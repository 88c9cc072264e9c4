import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, expect, it } from 'vitest';
import { openPostgresStore } from '../../electron/core/db/store';
import { REPO_ROOT } from '../support/app-process';
import { tempDir } from '../support/temp-dir';
import { describeOnPostgres, freshPostgresDatabase } from '../support/test-stores';

const run = promisify(execFile);
const tmp = tempDir('frontline-queue-cli-');
const databases: { drop(): Promise<void> }[] = [];
afterAll(async () => {
  for (const d of databases) await d.drop();
  tmp.cleanup();
});

describeOnPostgres('npm run queue on a team database', () => {
  it('adds the queue to the PostgreSQL database named by --db postgres://… (and writes no SQLite file named after the URL)', async () => {
    const db = await freshPostgresDatabase();
    databases.push(db);
    const out = await run(join(REPO_ROOT, 'node_modules/.bin/tsx'), [join(REPO_ROOT, 'electron/core/calls/queue-cli.ts'), '--name', 'Escalations', '--db', db.url], { cwd: tmp.dir });
    expect(out.stdout).toMatch(/Queue "Escalations" \(#\d+\) created\./);
    const store = openPostgresStore(db.url, { maxConnections: 1 });
    try {
      const rows = (await sql<{ name: string }>`SELECT name FROM queues WHERE name = 'Escalations'`.execute(store.db)).rows;
      expect(rows).toEqual([{ name: 'Escalations' }]);
    } finally {
      await store.close();
    }
  }, 60_000);
});
