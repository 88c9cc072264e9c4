import { expect, it } from 'vitest';
import type { Core } from '../../electron/core/create-core';
import { newCallContext, type CallContext } from '../../electron/core/dispatch/call-context';
import type { Settings } from '../../shared/contract/schemas/settings';
import { ok } from '../support/dispatch-ok';
import { describeOnPostgres, queryRow, queryRows, testStores } from '../support/test-stores';

const stores = testStores();

// Short clocks so the real timers run in the test: Disconnected 1 s after the connection went, Offline 1 s later.
const settings: Partial<Settings> = { sessions: { disconnectGraceS: 1, offlineAfterDisconnectS: 1, idleExpiryMinutes: 60 } };
/** The survivors beat this often; an instance silent for five beats is dead. */
const BEAT_MS = 200;

function connect(core: Core): CallContext {
  const ctx = newCallContext('192.0.2.30');
  core.subscribe(ctx, () => undefined);
  return ctx;
}

const changesOf = (core: Core, agentId: number) =>
  queryRows<{ state: string }>(core.store, 'SELECT state FROM agent_state_changes WHERE agent_id = ? ORDER BY id', agentId).then((rows) => rows.map((r) => r.state));
const stateOf = async (core: Core, agentId: number) =>
  (await queryRow<{ state: string }>(core.store, 'SELECT state FROM agent_state_changes WHERE agent_id = ? ORDER BY id DESC LIMIT 1', agentId))?.state;

describeOnPostgres('an instance that dies holding desks', () => {
  it("gives its agents the disconnect grace on exactly one survivor: one that never comes back goes Disconnected then Offline once, one that resumes elsewhere stays Available", async () => {
    // The doomed instance never beats (as if killed at start: its row goes stale); two survivors beat.
    const doomed = await stores.seededCore('postgres', { customers: 30 }, { now: Date.now, settings });
    const survivors = [
      await stores.coreOnSameData('postgres', { now: Date.now, settings, teamSweepMs: BEAT_MS }),
      await stores.coreOnSameData('postgres', { now: Date.now, settings, teamSweepMs: BEAT_MS }),
    ];
    const available = async (extension: string) => {
      const ctx = connect(doomed);
      const signed = await ok<{ agent: { id: number }; session: { token: string } }>(doomed.dispatch('agent.signIn', { extension }, ctx));
      await ok(doomed.dispatch('agent.setState', { state: 'available' }, ctx));
      return signed;
    };
    const gone = await available('4401');
    const back = await available('4402');
    // Its desk reconnects to a survivor at once (its old connection still open on the dead instance, as after a kill).
    await ok(survivors[0]!.dispatch('agent.resume', { token: back.session.token }, connect(survivors[0]!)));

    const core = survivors[1]!;
    await expect.poll(() => stateOf(core, gone.agent.id), { timeout: 20_000, interval: 50 }).toBe('disconnected');
    await expect.poll(() => stateOf(core, gone.agent.id), { timeout: 20_000, interval: 50 }).toBe('offline');
    // The dead instance was claimed by one survivor: nothing of it is left, and nobody runs a grace any more.
    await expect.poll(() => queryRows(core.store, 'SELECT agent_id FROM team_connections WHERE lost_at IS NOT NULL'), { timeout: 5_000 }).toEqual([]);
    expect(await queryRows(core.store, 'SELECT id FROM team_instances WHERE stopped_at IS NOT NULL OR seen_at < ?', Date.now() - 5 * BEAT_MS)).toEqual([]);
    // Once across the team: one Disconnected, one Offline, though two survivors looked.
    expect(await changesOf(core, gone.agent.id)).toEqual(['break', 'available', 'disconnected', 'offline']);
    // The desk that resumed elsewhere was never taken for lost: still Available past the grace.
    expect(await changesOf(core, back.agent.id)).not.toContain('disconnected');
    expect(await stateOf(core, back.agent.id)).toBe('available');
  }, 90_000);

  it('hands the grace an instance was running for a lost desk to a survivor when that instance stops', async () => {
    const first = await stores.seededCore('postgres', { customers: 30 }, { now: Date.now, settings: { sessions: { disconnectGraceS: 600, offlineAfterDisconnectS: 1, idleExpiryMinutes: 60 } } });
    const survivor = await stores.coreOnSameData('postgres', { now: Date.now, settings, teamSweepMs: BEAT_MS });
    const ctx = connect(first);
    const signed = await ok<{ agent: { id: number } }>(first.dispatch('agent.signIn', { extension: '4403' }, ctx));
    await ok(first.dispatch('agent.setState', { state: 'available' }, ctx));
    // The desk's connection goes; its grace starts on `first`, which then stops before it ends.
    first.connectionClosed(ctx);
    await first.close();
    await expect.poll(() => stateOf(survivor, signed.agent.id), { timeout: 20_000, interval: 50 }).toBe('offline');
    expect(await changesOf(survivor, signed.agent.id)).toEqual(['break', 'available', 'disconnected', 'offline']);
  }, 90_000);
});
