import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCallContext } from '../../electron/core/dispatch/call-context';
import { LIVE_REPORT_WINDOW_MS } from '../../shared/domain/report-time';
import { inbound, report } from '../support/call-reports';
import { seededCore, type SeededCore } from '../support/seeded-core';
import { queryRow } from '../support/test-stores';

// The core's clock is this variable: the test moves time, the desks' reports claim times (ADR 0057).
let clock = Date.now();
let fx: SeededCore;
beforeAll(async () => {
  fx = await seededCore(50, () => clock);
});
afterAll(() => fx.cleanup());

async function desk(extension: string) {
  const ctx = newCallContext('192.0.2.20');
  const r = await fx.core.dispatch('agent.signIn', { extension }, ctx);
  if (!r.ok) throw new Error(r.error.message);
  await fx.core.dispatch('agent.setState', { state: 'available' }, ctx);
  return { ctx, token: (r.value as { session: { token: string } }).session.token };
}
const answeredAt = async (callId: number) => (await queryRow<{ answered_at: number }>(fx.core.store, 'SELECT answered_at FROM calls WHERE id = ?', callId))?.answered_at;
const endedAt = async (callId: number) => (await queryRow<{ ended_at: number }>(fx.core.store, 'SELECT ended_at FROM calls WHERE id = ?', callId))?.ended_at;
const rebasedAudit = (callId: number) =>
  queryRow<{ detail: string }>(fx.core.store, "SELECT detail FROM security_audit WHERE kind = 'calls.reportRebased' AND detail LIKE ?", `%"call":${callId},%`);

describe("call-report times from the desk's clock", () => {
  it("re-bases an 'answered' a connected desk claims long before it sent it (FRT cannot be shaped) and audits both times", async () => {
    const { ctx } = await desk('4301');
    clock += 60_000;
    const offeredAt = clock;
    const { callId } = await report(fx.core, ctx, 'shaped-1', inbound('+442079460958'), offeredAt);
    clock += 20_000;
    // Answered 20 s after the offer, claimed 1 ms after it, over a connection that was up all along.
    await report(fx.core, ctx, 'shaped-1', { type: 'answered' }, offeredAt + 1);
    expect(await answeredAt(callId)).toBe(clock - LIVE_REPORT_WINDOW_MS);
    const audited = JSON.parse((await rebasedAudit(callId))?.detail ?? '{}') as Record<string, unknown>;
    expect(audited).toMatchObject({ event: 'answered', reportedAt: offeredAt + 1, at: clock - LIVE_REPORT_WINDOW_MS, reason: 'late-while-connected' });
  });

  it('keeps the time of a report replayed from the outbox for what happened while the desk was offline', async () => {
    const { ctx, token } = await desk('4302');
    clock += 60_000;
    const { callId } = await report(fx.core, ctx, 'replayed-1', inbound('+442079460958'), clock);
    await report(fx.core, ctx, 'replayed-1', { type: 'answered' }, clock);
    clock += 10_000;
    fx.core.connectionClosed(ctx); // the network goes; the call carries on
    const hungUpAt = clock + 30_000; // the caller hangs up while the desk is offline
    clock += 90_000;
    const back = newCallContext('192.0.2.20');
    const resumed = await fx.core.dispatch('agent.resume', { token, liveCallKeys: ['replayed-1'] }, back);
    expect(resumed.ok).toBe(true);
    clock += 1_000;
    await report(fx.core, back, 'replayed-1', { type: 'ended', reason: 'remote-hangup' }, hungUpAt);
    expect(await endedAt(callId)).toBe(hungUpAt);
    expect(await rebasedAudit(callId)).toBeUndefined();
  });

  it('keeps the time of a replay when the desk reconnected before its old socket was seen to close (silent since it was last heard from)', async () => {
    const { ctx, token } = await desk('4303');
    clock += 60_000;
    const { callId } = await report(fx.core, ctx, 'zombie-1', inbound('+442079460958'), clock);
    await report(fx.core, ctx, 'zombie-1', { type: 'answered' }, clock);
    ctx.heardAt = clock; // what the WebSocket host notes; then the desk's network goes, the server sees nothing yet
    const hungUpAt = clock + 20_000;
    clock += 60_000;
    const back = newCallContext('192.0.2.20');
    expect((await fx.core.dispatch('agent.resume', { token, liveCallKeys: ['zombie-1'] }, back)).ok).toBe(true);
    await report(fx.core, back, 'zombie-1', { type: 'ended', reason: 'remote-hangup' }, hungUpAt);
    expect(await endedAt(callId)).toBe(hungUpAt);
  });
});
