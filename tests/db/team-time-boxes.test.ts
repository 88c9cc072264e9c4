import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { newCallContext } from '../../electron/core/dispatch/call-context';
import { inbound, report } from '../support/call-reports';
import { FIXTURE_ANCHOR } from '../support/seeded-core';
import { describeOnPostgres, queryRows, testStores } from '../support/test-stores';

/**
 * Team mode (ADR 0037): after-call time boxes end exactly once across instances sharing one
 * PostgreSQL database — also when the instance that armed a box is gone, and when every instance
 * sweeps the same due box at once.
 */
const T0 = FIXTURE_ANCHOR;
const stores = testStores();
const ACW = { acw: { mode: 'time-boxed' as const, timeBoxS: 60, extendS: 30 } };

describeOnPostgres('time boxes across instances', () => {
  it('end once, by a surviving instance, when the instance that armed them is gone; three sweeping instances never end one twice', async () => {
    let clock = T0;
    const now = () => clock;
    // The instance the agent worked on: it arms the box, then goes away before the deadline.
    const first = await stores.seededCore('postgres', { customers: 20, seed: 7 }, { now, settings: ACW });
    const ctx = newCallContext();
    const signIn = await first.dispatch('agent.signIn', { name: 'Team Agent', extension: '7001' }, ctx);
    if (!signIn.ok) throw new Error(signIn.error.message);
    await first.dispatch('agent.setState', { state: 'available' }, ctx);
    const { callId } = await report(first, ctx, 'call-a', inbound('+442079460001'), T0 + 1_000);
    await report(first, ctx, 'call-a', { type: 'answered' }, T0 + 3_000);
    await report(first, ctx, 'call-a', { type: 'ended', reason: 'remote-hangup' }, T0 + 30_000);
    await first.close();

    // Three other instances sweep every 20 ms; then the deadline passes.
    const others = await Promise.all([1, 2, 3].map(() => stores.coreOnSameData('postgres', { now, settings: ACW, teamSweepMs: 20 })));
    await sleep(200);
    const [early] = await queryRows<{ wrap_up_ended_at: number | null; wrap_up_deadline: number }>(others[0]!.store, 'SELECT wrap_up_ended_at, wrap_up_deadline FROM calls WHERE id = ?', callId);
    expect(early?.wrap_up_ended_at, 'not ended before its deadline').toBeNull();
    expect(early?.wrap_up_deadline).toBeLessThan(T0 + 95_000);
    clock = T0 + 95_000;
    for (let i = 0; i < 100; i++) {
      const [row] = await queryRows<{ wrap_up_ended_at: number | null }>(others[0]!.store, 'SELECT wrap_up_ended_at FROM calls WHERE id = ?', callId);
      if (row?.wrap_up_ended_at != null) break;
      await sleep(20);
    }
    await sleep(200); // every sweeper has had its turns at the (already ended) box
    const ended = await queryRows<{ n: number }>(others[0]!.store, "SELECT count(*) AS n FROM events WHERE type = 'wrapUp.ended' AND call_id = ?", callId);
    const [call] = await queryRows<{ wrap_up_ended_at: number }>(others[0]!.store, 'SELECT wrap_up_ended_at FROM calls WHERE id = ?', callId);
    expect(call?.wrap_up_ended_at, 'ended at its deadline, not when a sweep found it').toBe(early?.wrap_up_deadline);
    expect(Number(ended[0]?.n), 'one wrapUp.ended event').toBe(1);
    const closedBy = await queryRows<{ closed_by: string }>(others[0]!.store, 'SELECT closed_by FROM wrap_ups WHERE call_id = ?', callId);
    expect(closedBy.map((r) => r.closed_by)).toEqual(['timeout']);
  });
});
