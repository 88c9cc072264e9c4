import { openSqliteStore, type SqliteStore, type Store } from '../../electron/core/db/store';
import { join } from 'node:path';
import type { LookupByPhoneOutput } from '../../shared/contract/schemas/crm';
import type { Settings } from '../../shared/contract/schemas/settings';
import { upsertSupervisor } from '../../electron/core/agents/supervisors';
import { createCore, type Core, type CoreOptions } from '../../electron/core/create-core';
import { newCallContext, type CallContext } from '../../electron/core/dispatch/call-context';
import { createLogger } from '../../electron/core/log';
import { seedDatabaseFile } from '../../electron/core/seed/seed-database';
import type { SipProvisioning } from '../../electron/core/auth/sip-credentials';
import { tempDir } from './temp-dir';

/** Fixed "now" for seeded fixtures, so generated history and tenure are the same on every run. */
export const FIXTURE_ANCHOR = Date.UTC(2026, 10, 1, 12, 0, 0);

export interface SeededCore {
  core: Core<SqliteStore>;
  dbFile: string;
  cleanup(): Promise<void>;
}

/**
 * A real SQLite file with a small seeded demo CRM, opened by a real core. The demo quick start is
 * on (as on a loopback host with the demo line) unless `quickStart: false`: agents sign in by extension.
 */
export async function seededCore(
  customers = 2_000,
  now: () => number = () => FIXTURE_ANCHOR,
  options: { quickStart?: boolean; settings?: Partial<Settings>; sipProvisioning?: SipProvisioning; signInRefusalHoldMs?: number; wrapBoardAggregator?: CoreOptions<Store>['wrapBoardAggregator'] } = {},
): Promise<SeededCore> {
  const tmp = tempDir();
  const dbFile = join(tmp.dir, 'crm.db');
  await seedDatabaseFile(dbFile, { customers, seed: 42, anchor: FIXTURE_ANCHOR });
  const core = await createCore({ store: openSqliteStore(dbFile), now, logger: createLogger('test', 'silent'), quickStart: options.quickStart ?? true, settings: options.settings, sipProvisioning: options.sipProvisioning, signInRefusalHoldMs: options.signInRefusalHoldMs, wrapBoardAggregator: options.wrapBoardAggregator });
  return {
    core,
    dbFile,
    async cleanup() {
      await core.close();
      tmp.cleanup();
    },
  };
}

/**
 * A session signed in as an agent on this core (demo quick start), as a window or socket would have.
 * An earlier context of the same extension is taken over (in-process contexts never close).
 */
export async function signedInContext(core: Core, extension = '9001'): Promise<CallContext> {
  const ctx = newCallContext();
  const r = await core.dispatch('agent.signIn', { name: `Agent ${extension}`, extension, takeOver: true }, ctx);
  if (!r.ok) throw new Error(r.error.message);
  return ctx;
}

export const TEST_SUPERVISOR_PASSWORD = 'correct horse battery';

/** A session signed in as a supervisor (created with a password if new), as a supervisor's window would have. */
export async function supervisorContext(core: Core, extension = '9900', name = 'Sue Supervisor'): Promise<CallContext> {
  await upsertSupervisor(core.connection.db, { name, extension, password: TEST_SUPERVISOR_PASSWORD }, Date.now());
  const ctx = newCallContext();
  const r = await core.dispatch('agent.signIn', { name, extension, password: TEST_SUPERVISOR_PASSWORD, takeOver: true }, ctx);
  if (!r.ok) throw new Error(r.error.message);
  return ctx;
}

/** crm.lookupByPhone through the dispatcher, failing the test on an error envelope. */
export async function lookupPhone(core: Core, ctx: CallContext, phone: string): Promise<LookupByPhoneOutput> {
  const r = await core.dispatch('crm.lookupByPhone', { phone }, ctx);
  if (!r.ok) throw new Error(r.error.message);
  return r.value as LookupByPhoneOutput;
}
