import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { join } from 'node:path';
import { LiteralLimitsPlugin } from '../../electron/core/db/literal-limits';
import { withStatementCache } from '../../electron/core/db/statement-cache';
import { tempDir } from '../support/temp-dir';
import { elapsedMs, printLatencyTable, type Row } from './stats';

interface Db {
  agent_state_changes: { id: number; agent_id: number; state: string; reason: string | null; at: number };
}

/**
 * Why LIMIT goes into the SQL as a literal (electron/core/db/literal-limits.ts): the desk's
 * "presence now" query, as Kysely builds it, on a real file of 200,000 presence changes for 60
 * agents, with the limit bound (Kysely's default) and written in (our plugin), alternating.
 */
export async function sqliteLimitBench({ samples }: { samples: number }): Promise<void> {
  const dir = tempDir('frontline-bench-limit-');
  const raw = new SqliteDatabase(join(dir.dir, 'limit.db'));
  try {
    raw.pragma('journal_mode = WAL');
    raw.exec(`CREATE TABLE agent_state_changes (id INTEGER PRIMARY KEY AUTOINCREMENT, agent_id INTEGER NOT NULL, state TEXT NOT NULL, reason TEXT, at INTEGER NOT NULL);
      CREATE INDEX agent_state_changes_agent_time ON agent_state_changes (agent_id, at);`);
    const insert = raw.prepare('INSERT INTO agent_state_changes (agent_id, state, reason, at) VALUES (?, ?, NULL, ?)');
    raw.transaction(() => {
      for (let i = 0; i < 200_000; i++) insert.run(1 + (i % 60), i % 3 === 0 ? 'available' : 'on-call', 1_700_000_000_000 + i * 1000);
    })();
    const database = withStatementCache(raw);
    const bound = new Kysely<Db>({ dialect: new SqliteDialect({ database }) });
    const literal = new Kysely<Db>({ dialect: new SqliteDialect({ database }), plugins: [new LiteralLimitsPlugin()] });
    const presenceNow = (db: Kysely<Db>, agentId: number) =>
      db.selectFrom('agent_state_changes').select(['state', 'reason', 'at']).where('agent_id', '=', agentId).orderBy('at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
    const rows: Row[] = [
      { label: 'LIMIT ? (bound, prepared again each time)', samplesMs: [] },
      { label: 'LIMIT 1 (literal, LiteralLimitsPlugin)', samplesMs: [] },
    ];
    const n = Math.min(samples, 20_000);
    for (let i = 0; i < n + 500; i++) {
      for (const [k, db] of [bound, literal].entries()) {
        const start = process.hrtime.bigint();
        await presenceNow(db, 1 + (i % 60));
        if (i >= 500) rows[k]?.samplesMs.push(elapsedMs(start));
      }
    }
    printLatencyTable(`Presence-now query through Kysely, 200,000 changes / 60 agents, ${n} each after 500 warm-up`, rows);
  } finally {
    raw.close();
    dir.cleanup();
  }
}
