import type { Kysely } from 'kysely';
import { notNull, withId } from '../dialect';

/** Contact centre: teams, agents and their presence history, queues, SLA targets, settings. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await withId(db, db.schema.createTable('teams')).addColumn('name', 'text', (c) => c.notNull().unique()).execute();

  await withId(db, db.schema.createTable('agents'))
    .addColumn('name', 'text', notNull)
    .addColumn('extension', 'text', (c) => c.notNull().unique())
    .addColumn('role', 'text', (c) => c.notNull().defaultTo('agent'))
    .addColumn('team_id', 'bigint', (c) => c.references('teams.id'))
    .addColumn('created_at', 'bigint', notNull)
    .execute();

  // Append-only: every presence change with its time, so time-in-state and occupancy are computable.
  await withId(db, db.schema.createTable('agent_state_changes'))
    .addColumn('agent_id', 'bigint', (c) => c.notNull().references('agents.id'))
    .addColumn('state', 'text', notNull)
    .addColumn('reason', 'text')
    .addColumn('at', 'bigint', notNull)
    .execute();
  await db.schema.createIndex('agent_state_changes_agent_time').on('agent_state_changes').columns(['agent_id', 'at']).execute();

  await withId(db, db.schema.createTable('queues'))
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('team_id', 'bigint', (c) => c.references('teams.id'))
    .addColumn('created_at', 'bigint', notNull)
    .execute();

  await withId(db, db.schema.createTable('sla_targets'))
    .addColumn('scope', 'text', notNull) // 'default' | 'queue' | 'team'
    .addColumn('scope_id', 'bigint')
    .addColumn('metric', 'text', notNull)
    .addColumn('target', 'double precision', notNull)
    .addColumn('amber_band', 'double precision', notNull)
    .addColumn('updated_at', 'bigint', notNull)
    .execute();
  await db.schema
    .createIndex('sla_targets_scope_metric')
    .on('sla_targets')
    .columns(['scope', 'scope_id', 'metric'])
    .unique()
    .execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', notNull)
    .addColumn('updated_at', 'bigint', notNull)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['settings', 'sla_targets', 'queues', 'agent_state_changes', 'agents', 'teams']) {
    await db.schema.dropTable(t).execute();
  }
}
