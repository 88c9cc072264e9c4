import pg from 'pg';
import { RECORDS_BY_NUMBER } from '../../electron/core/crm/pg-pop-reader';
import { HISTORY_LINES, RECENT_CONTACTS, SOFT_TAGS } from '../../electron/core/crm/pop-record';

interface PlanNode {
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

function relationsOf(node: PlanNode, into: Set<string>): Set<string> {
  if (node['Relation Name'] !== undefined) into.add(node['Relation Name']);
  if (node['Index Name'] !== undefined) into.add(node['Index Name']);
  for (const child of node.Plans ?? []) relationsOf(child, into);
  return into;
}

const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;

/**
 * The screen pop's tables and indexes (read from the plan of the pop's own statement) loaded into
 * PostgreSQL's shared_buffers with pg_prewarm, when they fit. The OS page cache is no place to keep
 * them on this machine: DAMON's proactive reclaim (kdamond) pages out file pages nobody touched
 * for a few seconds, so a pop of a customer nobody asked for lately read from disk (2–3% of pops,
 * 1–20 ms each: the p99). shared_buffers is shared memory, which without swap is never paged out.
 * Returns the line the bench prints: what was loaded, or why not (then the figures include disk reads).
 */
export async function popIntoSharedBuffers(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const now = Date.now();
    const { rows: plan } = await client.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }>({
      text: `EXPLAIN (FORMAT JSON) ${RECORDS_BY_NUMBER}`,
      values: ['+442079460958', 5, HISTORY_LINES, now, RECENT_CONTACTS, now, SOFT_TAGS],
    });
    const names = [...relationsOf((plan[0]?.['QUERY PLAN'][0] as { Plan: PlanNode }).Plan, new Set())];
    const { rows: sizes } = await client.query<{ name: string; bytes: string }>('SELECT n AS name, pg_relation_size(to_regclass(n)) AS bytes FROM unnest($1::text[]) n', [names]);
    const needed = sizes.reduce((sum, r) => sum + Number(r.bytes), 0);
    const { rows: setting } = await client.query<{ bytes: string }>("SELECT setting::bigint * 8192 AS bytes FROM pg_settings WHERE name = 'shared_buffers'");
    const buffers = Number(setting[0]?.bytes ?? 0);
    const what = `the pop's ${names.length} tables and indexes (${mb(needed)})`;
    if (needed > buffers * 0.9) {
      return `NOT cached: shared_buffers (${mb(buffers)}) cannot hold ${what}: pops read from the OS page cache and, for pages reclaimed since, from disk. Set shared_buffers to at least ${mb(needed * 1.2)} (ALTER SYSTEM SET shared_buffers = '…'; restart PostgreSQL).`;
    }
    const available = await client.query("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_prewarm'");
    if (available.rowCount === 0) return `NOT cached: pg_prewarm is not installed (PostgreSQL's contrib); shared_buffers ${mb(buffers)} would hold ${what}.`;
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_prewarm');
    const started = performance.now();
    for (const name of names) await client.query('SELECT pg_prewarm(to_regclass($1))', [name]);
    return `loaded ${what} into shared_buffers (${mb(buffers)}) with pg_prewarm in ${((performance.now() - started) / 1000).toFixed(1)} s`;
  } finally {
    await client.end();
  }
}
