import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Core } from '../../electron/core/create-core';
import type { CallContext } from '../../electron/core/dispatch/call-context';
import type { WrapUp } from '../../shared/contract/schemas/wrap-up';
import { fields, inbound, report } from '../support/call-reports';
import { FIXTURE_ANCHOR, signedInContext, supervisorContext } from '../support/seeded-core';
import { describeOnEachStore, queryRow, queryRows, testStores } from '../support/test-stores';

const T0 = FIXTURE_ANCHOR;
const stores = testStores();
let clock = T0;
let fx: { core: Core };
let ctx: CallContext;

async function row(callId: number) {
  return (await queryRow(fx.core.store, 'SELECT * FROM calls WHERE id = ?', callId)) as Record<string, number | string | null>;
}
async function timeline(callId: number): Promise<string[]> {
  return (await queryRows<{ type: string }>(fx.core.store, 'SELECT type FROM call_events WHERE call_id = ? ORDER BY id', callId)).map((e) => e.type);
}
const one = (text: string, ...params: unknown[]) => queryRow(fx.core.store, text, ...params);
const all = (text: string, ...params: unknown[]) => queryRows(fx.core.store, text, ...params);

describeOnEachStore('call records', (kind) => {
  beforeEach(async () => {
    clock = T0;
    fx = { core: await stores.seededCore(kind, { customers: 30 }, { now: () => clock }) };
    ctx = await signedInContext(fx.core, '7001');
    await fx.core.dispatch('agent.setState', { state: 'available' }, ctx);
  });
  async function at<T>(t: number, f: () => Promise<T>): Promise<T> {
    clock = t;
    return f();
  }

  describe('call write path', () => {
    it('stores every timestamp as it happens and moves presence ringing → on call → wrap-up → available', async () => {
      const offered = await at(T0 + 1000, () => report(fx.core, ctx, 'c1', inbound('+442079460958', { waitedMs: 12_000 }), T0 + 1000));
      expect(offered.status.state).toBe('ringing');
      expect(await row(offered.callId)).toMatchObject({ offered_at: T0 + 1000, queued_at: T0 + 1000 - 12_000, answered_at: null });
      expect((await at(T0 + 5000, () => report(fx.core, ctx, 'c1', { type: 'answered' }, T0 + 5000))).status.state).toBe('on-call');
      await at(T0 + 20_000, () => report(fx.core, ctx, 'c1', { type: 'hold-started' }, T0 + 20_000));
      await at(T0 + 30_000, () => report(fx.core, ctx, 'c1', { type: 'hold-ended' }, T0 + 30_000));
      const ended = await at(T0 + 65_000, () => report(fx.core, ctx, 'c1', { type: 'ended', reason: 'remote-hangup' }, T0 + 65_000));
      expect(ended.status.state).toBe('wrap-up');
      expect(await row(ended.callId)).toMatchObject({ answered_at: T0 + 5000, ended_at: T0 + 65_000, wrap_up_deadline: T0 + 65_000 + 60_000, wrap_up_ended_at: null });
      const holds = (await all('SELECT started_at, ended_at FROM call_holds WHERE call_id = ?', ended.callId));
      expect(holds).toEqual([{ started_at: T0 + 20_000, ended_at: T0 + 30_000 }]);

      const submitted = await at(T0 + 80_000, () => fx.core.dispatch('wrapUp.submit', { callId: ended.callId, fields: fields({ notes: 'sorted', tags: ['prefers email'] }) }, ctx));
      expect(submitted).toMatchObject({ ok: true, value: { status: { state: 'available' }, wrapUp: { submitted: true, endedAt: T0 + 80_000 } } });
      expect((await row(ended.callId)).wrap_up_ended_at).toBe(T0 + 80_000);
      expect(await timeline(ended.callId)).toEqual(['offered', 'answered', 'hold-started', 'hold-ended', 'ended', 'wrap-up-submitted', 'wrap-up-ended']);
    });

    it('applies a replayed report once and answers with the same call', async () => {
      const first = await report(fx.core, ctx, 'c1', inbound('+442079460958'), T0, { eventId: 'replayed-event-1' });
      const again = await report(fx.core, ctx, 'c1', inbound('+442079460958'), T0, { eventId: 'replayed-event-1' });
      expect(again).toMatchObject({ callId: first.callId, applied: false });
      expect(await timeline(first.callId)).toEqual(['offered']);
    });

    it('refuses impossible orders with CONFLICT and keeps the record as it was', async () => {
      const { callId } = await report(fx.core, ctx, 'c1', inbound('+442079460958'), T0);
      const hold = await fx.core.dispatch('calls.report', { callKey: 'c1', eventId: 'hold-before-answer', at: T0, event: { type: 'hold-started' } }, ctx);
      expect(hold.ok ? null : hold.error.code).toBe('CONFLICT');
      const unknown = await fx.core.dispatch('calls.report', { callKey: 'nope', eventId: 'unknown-call-1', at: T0, event: { type: 'answered' } }, ctx);
      expect(unknown.ok ? null : unknown.error.code).toBe('NOT_FOUND');
      expect(await timeline(callId)).toEqual(['offered']);
    });

    it('keeps a report time in order and never in the server future', async () => {
      const { callId } = await at(T0 + 10_000, () => report(fx.core, ctx, 'c1', inbound('+442079460958'), T0 + 10_000));
      await at(T0 + 12_000, () => report(fx.core, ctx, 'c1', { type: 'answered' }, T0 + 9_000));
      expect((await row(callId)).answered_at).toBe(T0 + 10_000);
      await at(T0 + 20_000, () => report(fx.core, ctx, 'c1', { type: 'ended', reason: 'local-hangup' }, T0 + 3_600_000));
      expect((await row(callId)).ended_at).toBe(T0 + 20_000);
    });

    it('records a caller cancel while ringing as abandoned and returns the agent to available', async () => {
      const { callId } = await report(fx.core, ctx, 'c1', inbound('+442079460958'), T0);
      const r = await at(T0 + 4000, () => report(fx.core, ctx, 'c1', { type: 'ended', reason: 'caller-cancelled' }, T0 + 4000));
      expect(r.status.state).toBe('available');
      expect(await row(callId)).toMatchObject({ abandoned_at: T0 + 4000, end_reason: 'caller-cancelled', answered_at: null });
    });

    it('keeps missed and declined apart, and puts the agent on a break after two misses in a row', async () => {
      await report(fx.core, ctx, 'd1', inbound('+442079460958'), T0);
      const declined = await report(fx.core, ctx, 'd1', { type: 'ended', reason: 'declined' }, T0 + 1000);
      expect(declined.status.state).toBe('available');
      await report(fx.core, ctx, 'm1', inbound('+442079460959'), T0 + 2000);
      expect((await report(fx.core, ctx, 'm1', { type: 'ended', reason: 'missed' }, T0 + 20_000)).status.state).toBe('available');
      await report(fx.core, ctx, 'm2', inbound('+442079460960'), T0 + 30_000);
      const second = await report(fx.core, ctx, 'm2', { type: 'ended', reason: 'missed' }, T0 + 50_000);
      expect(second.status).toMatchObject({ state: 'break', reason: 'Missed calls' });
      const reasons = (await all("SELECT end_reason FROM calls WHERE client_key IN ('d1','m1','m2') ORDER BY id"));
      expect(reasons).toEqual([{ end_reason: 'declined' }, { end_reason: 'missed' }, { end_reason: 'missed' }]);
    });

    it('keeps the agent on call while a second call rings (call waiting), and applies the next state after wrap-up', async () => {
      await report(fx.core, ctx, 'a', inbound('+442079460958'), T0);
      await report(fx.core, ctx, 'a', { type: 'answered' }, T0 + 1000);
      expect((await report(fx.core, ctx, 'b', inbound('+442079460959'), T0 + 2000)).status.state).toBe('on-call');
      const next = await fx.core.dispatch('agent.setNextState', { state: 'break', reason: 'Lunch' }, ctx);
      expect(next).toMatchObject({ ok: true, value: { state: 'on-call' } });
      await report(fx.core, ctx, 'b', { type: 'ended', reason: 'declined' }, T0 + 3000);
      const ended = await report(fx.core, ctx, 'a', { type: 'ended', reason: 'local-hangup' }, T0 + 9000);
      expect(ended.status.state).toBe('wrap-up');
      const done = await fx.core.dispatch('wrapUp.submit', { callId: ended.callId, fields: fields() }, ctx);
      expect(done).toMatchObject({ ok: true, value: { status: { state: 'break', reason: 'Lunch' } } });
    });

    it('applies a wrap-up submit resent with the same requestId once, answering with the submitted wrap-up', async () => {
      await report(fx.core, ctx, 'r1', inbound('+442079460958', { customerId: 1 }), T0);
      await report(fx.core, ctx, 'r1', { type: 'answered' }, T0 + 1000);
      const { callId } = await report(fx.core, ctx, 'r1', { type: 'ended', reason: 'remote-hangup' }, T0 + 5000);
      const submit = { callId, fields: fields({ notes: 'refund sent', tags: ['prefers email'] }), requestId: 'submit-r1-0001' };
      const first = await at(T0 + 9000, () => fx.core.dispatch('wrapUp.submit', submit, ctx));
      expect(first).toMatchObject({ ok: true, value: { status: { state: 'available' }, wrapUp: { submitted: true, endedAt: T0 + 9000 } } });
      const eventsBefore = await all('SELECT id FROM events');
      // The answer was lost (the instance died after commit); the desk sends the same submit again.
      const again = await at(T0 + 12_000, () => fx.core.dispatch('wrapUp.submit', submit, ctx));
      expect(again).toMatchObject({ ok: true, value: { status: { state: 'available' }, wrapUp: { submitted: true, endedAt: T0 + 9000, fields: { notes: 'refund sent' } } } });
      expect(await timeline(callId)).toEqual(['offered', 'answered', 'ended', 'wrap-up-submitted', 'wrap-up-ended']);
      expect(await all('SELECT id FROM events')).toEqual(eventsBefore);
      expect(await all('SELECT tag FROM customer_tags WHERE call_id = ?', callId)).toEqual([{ tag: 'prefers email' }]);
      expect(await all('SELECT submitted_at FROM wrap_ups WHERE call_id = ?', callId)).toEqual([{ submitted_at: T0 + 9000 }]);
    });

    it('refuses a wrap-up submit that reuses a requestId with other fields, and keeps the first', async () => {
      await report(fx.core, ctx, 'r2', inbound('+442079460958'), T0);
      await report(fx.core, ctx, 'r2', { type: 'answered' }, T0 + 1000);
      const { callId } = await report(fx.core, ctx, 'r2', { type: 'ended', reason: 'remote-hangup' }, T0 + 5000);
      expect(await fx.core.dispatch('wrapUp.submit', { callId, fields: fields({ notes: 'first' }), requestId: 'submit-r2-0001' }, ctx)).toMatchObject({ ok: true });
      const eventsBefore = await all('SELECT id FROM events');
      const reused = await fx.core.dispatch('wrapUp.submit', { callId, fields: fields({ notes: 'second' }), requestId: 'submit-r2-0001' }, ctx);
      expect(reused).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('requestId was already used') } });
      expect(await all('SELECT id FROM events')).toEqual(eventsBefore);
      expect(await fx.core.dispatch('wrapUp.get', { callId }, ctx)).toMatchObject({ ok: true, value: { fields: { notes: 'first' } } });
      // A correction under a new id is still a correction.
      expect(await fx.core.dispatch('wrapUp.submit', { callId, fields: fields({ notes: 'second' }), requestId: 'submit-r2-0002' }, ctx)).toMatchObject({ ok: true, value: { wrapUp: { fields: { notes: 'second' } } } });
      expect(await timeline(callId)).toEqual(['offered', 'answered', 'ended', 'wrap-up-submitted', 'wrap-up-ended', 'wrap-up-submitted']);
    });

    it('saves drafts as typed, ignores an older revision, and offers them again after a restart', async () => {
      await report(fx.core, ctx, 'c1', inbound('+442079460958', { customerId: 1 }), T0);
      await report(fx.core, ctx, 'c1', { type: 'answered' }, T0 + 1000);
      const { callId } = await report(fx.core, ctx, 'c1', { type: 'ended', reason: 'remote-hangup' }, T0 + 5000);
      const draft = (n: number, notes: string) => fx.core.dispatch('wrapUp.saveDraft', { callId, revision: n, fields: fields({ dispositionCode: null, resolved: null, notes }) }, ctx);
      await draft(2, 'customer wants a refund');
      const stale = await draft(1, 'cust');
      expect(stale).toMatchObject({ ok: true, value: { revision: 2, fields: { notes: 'customer wants a refund' } } });

      await fx.core.close();
      const reopened = await stores.coreOnSameData(kind, { now: () => T0 + 10_000 });
      try {
        const again = await signedInContext(reopened, '7001');
        const pending = await reopened.dispatch('wrapUp.pending', {}, again);
        expect(pending.ok).toBe(true);
        const list = pending.ok ? (pending.value as { wrapUps: WrapUp[] }).wrapUps : [];
        expect(list.map((w) => [w.callId, w.fields.notes, w.submitted])).toEqual([[callId, 'customer wants a refund', false]]);
      } finally {
        await reopened.close();
        fx.core = await stores.coreOnSameData(kind);
      }
    });

    it('ends a time-boxed wrap-up at its deadline, also when the deadline passed while the server was down', async () => {
      clock = T0 + 5000;
      await report(fx.core, ctx, 'c1', inbound('+442079460958'), T0);
      await report(fx.core, ctx, 'c1', { type: 'answered' }, T0 + 1000);
      const { callId } = await report(fx.core, ctx, 'c1', { type: 'ended', reason: 'remote-hangup' }, T0 + 5000);
      await fx.core.close();
      const reopened = await stores.coreOnSameData(kind, { now: () => T0 + 3_600_000 });
      await reopened.close();
      fx.core = await stores.coreOnSameData(kind);
      expect((await one('SELECT wrap_up_ended_at FROM calls WHERE id = ?', callId))).toEqual({ wrap_up_ended_at: T0 + 5000 + 60_000 });
      expect((await one('SELECT closed_by, draft FROM wrap_ups WHERE call_id = ?', callId))).toEqual({ closed_by: 'timeout', draft: 1 });
    });

    it('goes ready by itself when the box ends, after an Extend', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      try {
        await report(fx.core, ctx, 'c1', inbound('+442079460958'), T0);
        await report(fx.core, ctx, 'c1', { type: 'answered' }, T0 + 1000);
        const { callId } = await report(fx.core, ctx, 'c1', { type: 'ended', reason: 'remote-hangup' }, T0);
        clock = T0 + 50_000;
        expect(await fx.core.dispatch('wrapUp.extend', { callId }, ctx)).toMatchObject({ ok: true, value: { deadline: T0 + 90_000 } });
        clock = T0 + 61_000;
        await vi.advanceTimersByTimeAsync(11_000);
        expect((await one('SELECT wrap_up_ended_at FROM calls WHERE id = ?', callId))).toEqual({ wrap_up_ended_at: null });
        clock = T0 + 90_000;
        await vi.advanceTimersByTimeAsync(30_000);
        // The timer's write is real I/O on PostgreSQL: fake timers do not wait for it.
        await vi.waitFor(async () => expect(await one('SELECT wrap_up_ended_at FROM calls WHERE id = ?', callId)).toEqual({ wrap_up_ended_at: T0 + 90_000 }));
        const states = (await one('SELECT state FROM agent_state_changes ORDER BY id DESC LIMIT 1'));
        expect(states).toEqual({ state: 'available' });
      } finally {
        vi.useRealTimers();
      }
    });
  });

  describe('disposition lists per queue', () => {
    it('lets a supervisor give a queue its own list, which that queue’s wrap-ups use and check', async () => {
      const refused = await fx.core.dispatch('wrapUp.setDispositions', { queueId: null, dispositions: [{ code: 'x', label: 'X' }] }, ctx);
      expect(refused.ok ? null : refused.error.code).toBe('FORBIDDEN');

      const boss = await supervisorContext(fx.core, '7900');
      const sales = (await one("SELECT id FROM queues WHERE name = 'Sales'")) as { id: number };
      const set = await fx.core.dispatch(
        'wrapUp.setDispositions',
        { queueId: sales.id, dispositions: [{ code: 'sold', label: 'Sold' }, { code: 'quote', label: 'Quote sent' }] },
        boss,
      );
      expect(set).toMatchObject({ ok: true, value: { dispositions: [{ code: 'sold' }, { code: 'quote' }] } });

      await report(fx.core, ctx, 's1', inbound('+442079460958', { queue: 'Sales' }), T0);
      await report(fx.core, ctx, 's1', { type: 'answered' }, T0);
      const { callId } = await report(fx.core, ctx, 's1', { type: 'ended', reason: 'remote-hangup' }, T0);
      const wrap = await fx.core.dispatch('wrapUp.get', { callId }, ctx);
      expect(wrap.ok ? (wrap.value as WrapUp).dispositions.map((d) => d.code) : null).toEqual(['sold', 'quote']);
      const wrongList = await fx.core.dispatch('wrapUp.submit', { callId, fields: fields({ dispositionCode: 'resolved' }) }, ctx);
      expect(wrongList.ok ? null : wrongList.error.code).toBe('INVALID_INPUT');
      expect(await fx.core.dispatch('wrapUp.submit', { callId, fields: fields({ dispositionCode: 'sold' }) }, ctx)).toMatchObject({ ok: true });
    });

    it('requires a disposition and resolved yes/no in mandatory mode, and refuses going available before the wrap-up', async () => {
      await fx.core.close();
      fx.core = await stores.coreOnSameData(kind, { now: () => clock, settings: { acw: { mode: 'mandatory', timeBoxS: 60, extendS: 30 } } });
      ctx = await signedInContext(fx.core, '7001');
      await fx.core.dispatch('agent.setState', { state: 'available' }, ctx);
      await report(fx.core, ctx, 'm1', inbound('+442079460958'), T0);
      await report(fx.core, ctx, 'm1', { type: 'answered' }, T0);
      const { callId, status } = await report(fx.core, ctx, 'm1', { type: 'ended', reason: 'remote-hangup' }, T0);
      expect(status.state).toBe('wrap-up');
      const early = await fx.core.dispatch('agent.setState', { state: 'available' }, ctx);
      expect(early.ok ? null : early.error.code).toBe('CONFLICT');
      const incomplete = await fx.core.dispatch('wrapUp.submit', { callId, fields: fields({ resolved: null }) }, ctx);
      expect(incomplete.ok ? null : incomplete.error.code).toBe('INVALID_INPUT');
      expect(await fx.core.dispatch('wrapUp.submit', { callId, fields: fields() }, ctx)).toMatchObject({ ok: true, value: { status: { state: 'available' } } });
    });
  });
});
