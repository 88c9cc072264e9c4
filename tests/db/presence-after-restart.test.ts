import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/create-core';
import { newCallContext } from '../../electron/core/dispatch/call-context';
import { openSqliteStore } from '../../electron/core/db/store';
import { createLogger } from '../../electron/core/log';
import { seedDatabaseFile } from '../../electron/core/seed/seed-database';
import type { Settings } from '../../shared/contract/schemas/settings';
import { FIXTURE_ANCHOR } from '../support/seeded-core';
import { tempDir } from '../support/temp-dir';
import { queryRow } from '../support/test-stores';
import { ok } from '../support/dispatch-ok';

// Short clocks so the real timers run in the test: Disconnected after 1 s, Offline 1 s later.
const settings: Partial<Settings> = { sessions: { disconnectGraceS: 1, offlineAfterDisconnectS: 1, idleExpiryMinutes: 60 } };
const tmp = tempDir('frontline-restart-presence-');
const dbFile = join(tmp.dir, 'crm.db');
const open = () => createCore({ store: openSqliteStore(dbFile), now: Date.now, logger: createLogger('test', 'silent'), quickStart: true, settings });
let restarted: Core | undefined;

beforeAll(async () => {
  await seedDatabaseFile(dbFile, { customers: 50, seed: 42, anchor: FIXTURE_ANCHOR });
});
afterAll(async () => {
  await restarted?.close();
  tmp.cleanup();
});

const stateOf = async (core: Core, agentId: number) =>
  (await queryRow<{ state: string }>(core.store, 'SELECT state FROM agent_state_changes WHERE agent_id = ? ORDER BY id DESC LIMIT 1', agentId))?.state;

it('after a restart, an available agent whose desk never comes back goes Disconnected then Offline, while one whose desk resumes stays Available', async () => {
  const before = await open();
  const signIn = async (extension: string) => {
    const ctx = newCallContext('192.0.2.20');
    before.subscribe(ctx, () => undefined);
    const signed = await ok<{ agent: { id: number }; session: { token: string } }>(before.dispatch('agent.signIn', { extension }, ctx));
    await ok(before.dispatch('agent.setState', { state: 'available' }, ctx));
    return signed;
  };
  const gone = await signIn('4301');
  const back = await signIn('4302');
  // The server dies with both desks connected: nobody saw their connections close.
  await before.close();

  restarted = await open();
  const core = restarted;
  const ctx = newCallContext('192.0.2.20');
  core.subscribe(ctx, () => undefined);
  await ok(core.dispatch('agent.resume', { token: back.session.token }, ctx));

  await expect.poll(() => stateOf(core, gone.agent.id), { timeout: 5000 }).toBe('disconnected');
  await expect.poll(() => stateOf(core, gone.agent.id), { timeout: 5000 }).toBe('offline');
  expect(await stateOf(core, back.agent.id)).toBe('available');
});
