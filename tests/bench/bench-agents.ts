import type { Core } from '../../electron/core/create-core';
import type { SqliteStore } from '../../electron/core/db/store';
import { signedInContext } from '../support/seeded-core';

/**
 * Agents an earlier benchmark left signed in (and available) on the shared benchmark file are not
 * registered at this run's PBX: the router would offer them calls nobody can ring. Sign them out.
 */
export async function signOutAgentsExcept(core: Core<SqliteStore>, keep: ReadonlySet<string>): Promise<void> {
  const rows = core.connection.raw.prepare("SELECT extension FROM agents WHERE active = 1 AND role <> 'supervisor'").all() as { extension: string }[];
  for (const { extension } of rows) {
    if (!keep.has(extension)) await core.dispatch('agent.setState', { state: 'offline' }, await signedInContext(core, extension));
  }
  await core.settled();
}
