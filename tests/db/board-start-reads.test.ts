import { afterEach, describe, expect, it } from 'vitest';
import { openCallIds, openCallsQuery } from '../../electron/core/board/live-calls';
import { fields, inbound, report } from '../support/call-reports';
import { seededCore, signedInContext, type SeededCore } from '../support/seeded-core';
import { queryRows } from '../support/test-stores';

/**
 * ADR 0066: the board's start reads the calls still on agents' desks through the open-calls index,
 * never every call of the history that was never wrapped up (a missed or abandoned call never is:
 * 1.5 million on the 10M-call day, read on the event loop at the first subscribe).
 */
let fx: SeededCore;
afterEach(async () => fx.cleanup());

describe("the board's start", () => {
  it('finds the calls still on desks through the open-calls index (calls_on_desk), not the never-wrapped-up calls of the history', async () => {
    fx = await seededCore(5);
    const query = openCallsQuery(fx.core.connection.db, [1, 2, 3], Date.now() - 24 * 3600_000).compile();
    const plan = (await queryRows<{ detail: string }>(fx.core.store, `EXPLAIN QUERY PLAN ${query.sql}`, ...query.parameters)).map((s) => s.detail).join('\n');
    expect(plan).toContain('calls_on_desk');
    expect(plan).not.toContain('calls_wrap_up_ended');
  });

  it('lists exactly the calls that are live or answered and not yet wrapped up (not one wrapped up, not one missed)', async () => {
    let clock = new Date().setHours(24 + 9, 0, 0, 0);
    fx = await seededCore(5, () => clock);
    const agents = [await signedInContext(fx.core, '6001'), await signedInContext(fx.core, '6002')];
    for (const a of agents) await fx.core.dispatch('agent.setState', { state: 'available' }, a);
    const [a, b] = agents as [(typeof agents)[number], (typeof agents)[number]];
    const wrapped = await report(fx.core, a, 'wrapped', inbound('+442079460002'), clock);
    await report(fx.core, a, 'wrapped', { type: 'answered' }, (clock += 1000));
    await report(fx.core, a, 'wrapped', { type: 'ended', reason: 'remote-hangup' }, (clock += 1000));
    await fx.core.dispatch('wrapUp.submit', { callId: wrapped.callId, fields: fields() }, a);
    const missed = await report(fx.core, b, 'missed', inbound('+442079460003'), (clock += 1000));
    await report(fx.core, b, 'missed', { type: 'ended', reason: 'remote-hangup' }, (clock += 1000));
    const inWrapUp = await report(fx.core, a, 'in-wrap-up', inbound('+442079460004'), (clock += 1000));
    await report(fx.core, a, 'in-wrap-up', { type: 'answered' }, (clock += 1000));
    await report(fx.core, a, 'in-wrap-up', { type: 'ended', reason: 'remote-hangup' }, (clock += 1000));
    const ringing = await report(fx.core, b, 'ringing', inbound('+442079460005'), (clock += 1000));
    const open = await openCallIds(fx.core.connection.db, clock - 24 * 3600_000);
    expect(open.sort((x, y) => x - y)).toEqual([inWrapUp.callId, ringing.callId].sort((x, y) => x - y));
    expect(open).not.toContain(missed.callId);
  });
});
