import { createCore, type Core } from '../../electron/core/create-core';
import { openPostgresStore, openSqliteStore } from '../../electron/core/db/store';
import { newCallContext } from '../../electron/core/dispatch/call-context';
import { createLogger } from '../../electron/core/log';
import { seededRandom } from '../../electron/core/seed/random';
import { formatE164 } from '../../shared/domain/phone';
import { benchDatabase } from './bench-database';
import { benchPostgresAdminUrl, benchPostgresCrm } from './bench-postgres';
import { popIntoSharedBuffers } from './pg-pop-warm';
import { elapsedMs, printLatencyTable } from './stats';

/**
 * `npm run bench -- pg-pop [--samples N ≤ 5000]`: crm.lookupByPhone on the 1M-customer CRM, SQLite and
 * PostgreSQL side by side in one run: two real cores (as the hosts run them, no output check),
 * the same callers, samples alternating between the two so that a noisy moment hits both alike.
 * PostgreSQL reads through its pop reader: one prepared statement, one round trip per pop (ADR 0046). Goal (issue 14): p99 ≤ 2 ms
 * on PostgreSQL. The first run moves the CRM into PostgreSQL (kept for later runs). Each run first loads
 * the pop's tables and indexes into shared_buffers (pg_prewarm) when the server's shared_buffers
 * holds them, and says so (ADR 0052: the OS page cache does not keep them on this machine).
 */
export async function pgPopBench(args: { customers: number; samples: number }): Promise<void> {
  // 5,000 a side at most: the run stays within a few minutes even on a loaded machine.
  const sampleCount = Math.min(args.samples, 5_000);
  const file = await benchDatabase(args.customers);
  const url = await benchPostgresCrm(benchPostgresAdminUrl(), file, args.customers);
  console.log(`PostgreSQL: ${await popIntoSharedBuffers(url)}`);
  const logger = createLogger('bench', 'warn');
  const sqlite = await createCore({ quickStart: true, store: openSqliteStore(file), logger, validateOutput: false });
  const postgres = await createCore({ quickStart: true, store: openPostgresStore(url), logger, validateOutput: false });
  try {
    const count = (sqlite.connection.raw.prepare('SELECT max(id) AS n FROM customers').get() as { n: number }).n;
    // Callers: 90% known customers (random primary numbers, half written in national format), 10% unknown numbers.
    const r = seededRandom(1);
    const primary = sqlite.connection.raw.prepare<[number], { e164: string }>('SELECT e164 FROM customer_phones WHERE customer_id = ? ORDER BY is_primary DESC LIMIT 1');
    const callers: string[] = [];
    for (let i = 0; i < sampleCount; i++) {
      if (r.chance(0.1)) callers.push(`+4479${String(r.int(0, 99_999_999)).padStart(8, '0')}`);
      else {
        const e164 = primary.get(r.int(1, count))?.e164 ?? '+442079460958';
        callers.push(r.chance(0.5) ? e164 : formatE164(e164));
      }
    }
    const contexts = new Map<Core, ReturnType<typeof newCallContext>>();
    for (const core of [sqlite, postgres]) {
      const ctx = newCallContext();
      const signIn = await core.dispatch('agent.signIn', { name: 'Bench', extension: 'bench', takeOver: true }, ctx);
      if (!signIn.ok) throw new Error(signIn.error.message);
      contexts.set(core, ctx);
    }
    const lookup = async (core: Core, phone: string): Promise<number> => {
      const t = process.hrtime.bigint();
      const res = await core.dispatch('crm.lookupByPhone', { phone }, contexts.get(core) as ReturnType<typeof newCallContext>);
      const ms = elapsedMs(t);
      if (!res.ok) throw new Error(res.error.message);
      return ms;
    };
    const samples = { sqlite: [] as number[], postgres: [] as number[] };
    const warmUp = Math.min(1_000, sampleCount);
    for (let i = 0; i < warmUp + sampleCount; i++) {
      const phone = callers[i % callers.length] as string;
      // Alternate which goes first, so neither always gets the warmer cache line.
      const order = i % 2 === 0 ? (['sqlite', 'postgres'] as const) : (['postgres', 'sqlite'] as const);
      for (const kind of order) {
        const ms = await lookup(kind === 'sqlite' ? sqlite : postgres, phone);
        if (i >= warmUp) samples[kind].push(ms);
      }
    }
    const customers = (await postgres.connection.db.selectFrom('customers').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    printLatencyTable(`crm.lookupByPhone, in-process as hosts run it, ${count} customers in SQLite / ${customers} in PostgreSQL, alternating (goal: PostgreSQL p99 ≤ 2 ms)`, [
      { label: 'SQLite (better-sqlite3, WAL)', samplesMs: samples.sqlite },
      { label: 'PostgreSQL 15 (pg, 1 statement)', samplesMs: samples.postgres },
    ]);
  } finally {
    await postgres.close();
    await sqlite.close();
  }
}
