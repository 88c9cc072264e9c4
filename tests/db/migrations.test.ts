import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqlite } from '../../electron/core/db/connection';
import { migrateToLatest } from '../../electron/core/db/migrate';
import { migrations } from '../../electron/core/db/migrations';
import { tempDir } from '../support/temp-dir';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

describe('migrations on a real SQLite file', () => {
  it('create every core table, in WAL mode, and are a no-op the second time', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const file = join(tmp.dir, 'm.db');
    const conn = openSqlite(file);
    expect(await migrateToLatest(conn.db)).toEqual(Object.keys(migrations).sort());
    expect(await migrateToLatest(conn.db)).toEqual([]);
    const tables = conn.raw
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'kysely%' AND name NOT LIKE 'sqlite%'")
      .all()
      .map((r) => (r as { name: string }).name)
      .sort();
    expect(tables).toEqual(
      [
        'accounts', 'agent_desks', 'agent_sessions', 'agent_state_changes', 'agents', 'call_events', 'call_holds', 'calls', 'customer_phones', 'customer_tags', 'customers',
        'dispositions', 'events', 'offer_impressions', 'offer_outcomes', 'offers', 'order_lines', 'orders', 'pbx_credentials', 'product_affinities', 'products', 'queues', 'route_decisions', 'routing_policies', 'security_audit', 'settings', 'sla_targets',
        'teams', 'wallboard_tokens', 'wrap_ups',
      ].sort(),
    );
    expect(conn.raw.pragma('journal_mode', { simple: true })).toBe('wal');
    await conn.close();
  });

  it('are named by date and sort in the order they must run', () => {
    const names = Object.keys(migrations);
    expect(names).toEqual([...names].sort());
    for (const n of names) expect(n).toMatch(/^\d{4}-\d{2}-\d{2}T\d{4}-[a-z-]+$/);
  });

  it('use only portable column types (no SQLite-only affinities beyond the id helper)', () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const conn = openSqlite(join(tmp.dir, 'p.db'));
    return migrateToLatest(conn.db).then(async () => {
      const types = new Set<string>();
      for (const { name } of conn.raw.prepare("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'kysely%' AND name NOT LIKE 'sqlite%'").all() as { name: string }[]) {
        for (const col of conn.raw.pragma(`table_info(${name})`) as { type: string }[]) types.add(col.type.toLowerCase());
      }
      expect([...types].sort()).toEqual(['bigint', 'double precision', 'integer', 'text'].filter((t) => types.has(t)));
      for (const t of types) expect(['bigint', 'double precision', 'integer', 'text', 'varchar(255)']).toContain(t);
      await conn.close();
    });
  });
});
