import type { Kysely } from 'kysely';
import { notNull } from '../dialect';

/**
 * Team mode (ADR 0069): which server instance is alive, and which agents' desks each one holds.
 * An instance that stops beating (killed, machine gone) is claimed by one survivor, which gives its
 * agents the disconnect grace. Unused on a single SQLite server.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('team_instances')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('started_at', 'bigint', notNull)
    .addColumn('seen_at', 'bigint', notNull)
    .addColumn('stopped_at', 'bigint')
    .execute();
  await db.schema
    .createTable('team_connections')
    .addColumn('instance_id', 'text', notNull)
    .addColumn('agent_id', 'bigint', notNull)
    // Null: the instance holds a connection for the agent now. Set: the agent's last connection went
    // then, and this instance runs its grace (its own loss, or one it took over from a dead instance).
    .addColumn('lost_at', 'bigint')
    .addPrimaryKeyConstraint('team_connections_pk', ['instance_id', 'agent_id'])
    .execute();
  await db.schema.createIndex('team_connections_by_agent').on('team_connections').column('agent_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('team_connections').execute();
  await db.schema.dropTable('team_instances').execute();
}
