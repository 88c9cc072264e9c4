import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/create-core';
import type { CallContext } from '../../electron/core/dispatch/call-context';
import type { AlertChange } from '../../electron/core/log/log-event';
import { createBoardStore, type BoardStore } from '../../renderer/src/features/board-model/board-store';
import type { ApiClient } from '../../renderer/src/platform/api-client';
import type { BoardAlert, BoardDelta, BoardSnapshot, BoardState } from '../../shared/contract/schemas/board';
import { fields, inbound, report } from '../support/call-reports';
import { seededCore, signedInContext, supervisorContext, type SeededCore } from '../support/seeded-core';
import { ok } from '../support/dispatch-ok';

/**
 * ADR 0059: a board that subscribes gets the board as it stands in its snapshot, then only what
 * changes after it. The first delta after a subscribe used to carry everything the board was
 * built from — every row, and every alert change of the day in the log (32k on the bench day).
 */

let fx: SeededCore | null = null;
afterEach(async () => {
  await fx?.cleanup();
  fx = null;
});

/** The desk's own board model (snapshot, deltas in order, resync on a gap) over a supervisor's in-process connection. */
function deskBoard(core: Core, ctx: CallContext): BoardStore {
  const listeners: ((payload: unknown) => void)[] = [];
  core.subscribe(ctx, (event, payload) => {
    if (event === 'board.delta') for (const l of listeners) l(payload);
  });
  const api = {
    call: (method: string, params: unknown) => core.dispatch(method as never, params as never, ctx),
    on: (event: string, listener: (payload: unknown) => void) => {
      if (event === 'board.delta') listeners.push(listener);
      return () => undefined;
    },
    transport: { onConnectionState: () => () => undefined },
  } as unknown as ApiClient;
  return createBoardStore(api);
}

/** A board's content, whatever order its lists arrived in (the time it was made left out). */
function content(state: BoardState | null) {
  if (state === null) return null;
  const rest: Partial<BoardState> & Omit<BoardState, 'generatedAt'> = { ...state };
  delete rest.generatedAt;
  return {
    ...rest,
    agents: [...rest.agents].sort((a, b) => a.agentId - b.agentId),
    queues: [...rest.queues].sort((a, b) => a.queueId - b.queueId),
    teams: [...rest.teams].sort((a, b) => a.teamId - b.teamId),
    alerts: [...rest.alerts].sort((a, b) => a.id.localeCompare(b.id)),
  };
}

const alert = (id: string, at: number, more: Partial<BoardAlert>): BoardAlert => ({
  id,
  at,
  severity: 'warning',
  subject: { kind: 'queue', id: 1 },
  text: `${id}`,
  acknowledgedBy: null,
  active: true,
  ...more,
});

/**
 * A day of alert changes in the log, as an earlier board (or another server instance) recorded
 * them: a wait alert updated `updates` times and then cleared (a cleared, unacknowledged alert
 * stays on the board), one acknowledged and cleared (gone), one raised and dropped (gone).
 */
async function dayOfAlerts(core: Core, now: number, updates: number): Promise<BoardAlert> {
  const start = now - 60_000 - updates * 1000;
  const append = (changes: AlertChange[], at: number) => core.log.transact((tx) => core.log.append(tx, { type: 'board.alerts', data: { changes } }, at));
  const wait = (seconds: number, more: Partial<BoardAlert> = {}) =>
    alert('queue:1:wait', start, { text: `Support: a caller has waited ${seconds} s`, message: { code: 'queue.longestWait', queue: 'Support', seconds }, ...more });
  await append([{ kind: 'set', alert: alert('agent:1:ringing', start, { subject: { kind: 'agent', id: 1 } }) }, { kind: 'set', alert: alert('centre:staffing', start, { subject: { kind: 'centre', id: null } }) }], start);
  for (let i = 0; i < updates; i++) await append([{ kind: 'set', alert: wait(60 + i) }], start + i * 1000);
  const ringing = alert('agent:1:ringing', start, { subject: { kind: 'agent', id: 1 }, acknowledgedBy: 'Sue Supervisor' });
  await append([{ kind: 'set', alert: ringing }, { kind: 'set', alert: { ...ringing, active: false } }, { kind: 'removed', alertId: 'centre:staffing' }], now - 60_000);
  const cleared = wait(60 + updates - 1, { active: false });
  await append([{ kind: 'set', alert: cleared }], now - 30_000);
  return cleared;
}

describe('a board that subscribes late (ADR 0059)', () => {
  it("gets the day's alerts in its snapshot, and in its first delta only what changed since: one agent's row, no alert, no other row", async () => {
    const clock = Date.now();
    fx = await seededCore(30, () => clock);
    const core = fx.core;
    const agents = [await signedInContext(core, '6001'), await signedInContext(core, '6002'), await signedInContext(core, '6003')];
    for (const ctx of agents) await ok(core.dispatch('agent.setState', { state: 'available' }, ctx));
    const cleared = await dayOfAlerts(core, clock, 400);
    const boss = await supervisorContext(core, '6900');
    const deltas: BoardDelta[] = [];
    core.subscribe(boss, (event, payload) => event === 'board.delta' && deltas.push(payload as BoardDelta));

    const snapshot = await ok<BoardSnapshot>(core.dispatch('board.subscribe', {}, boss));
    expect(snapshot.state.alerts).toEqual([cleared]);
    expect(snapshot.state.agents.filter((r) => r.extension.startsWith('600')).map((r) => r.state)).toEqual(['available', 'available', 'available']);

    await ok(core.dispatch('agent.setState', { state: 'break', reason: 'Lunch' }, agents[1] as CallContext));
    const rows = () => deltas.filter((d) => d.seq > snapshot.seq).flatMap((d) => d.changes.flatMap((c) => (c.kind === 'agent' ? [c.row] : [])));
    await expect.poll(() => rows().some((r) => r.extension === '6002' && r.state === 'break'), { timeout: 5_000 }).toBe(true);
    await core.settled();
    const after = deltas.filter((d) => d.seq > snapshot.seq).flatMap((d) => d.changes);
    expect(new Set(rows().map((r) => r.extension))).toEqual(new Set(['6002']));
    expect(after.filter((c) => c.kind === 'alert' || c.kind === 'alert-removed')).toEqual([]);
    // Nothing sent before the snapshot's number either: the build is the snapshot.
    expect(deltas.filter((d) => d.seq <= snapshot.seq)).toEqual([]);
  });

  it('shows the same board as the board that was there all day, both equal to a fresh snapshot', async () => {
    let clock = Date.now();
    fx = await seededCore(30, () => clock);
    const core = fx.core;
    const [first, second, third] = [await signedInContext(core, '6001'), await signedInContext(core, '6002'), await signedInContext(core, '6003')] as [CallContext, CallContext, CallContext];
    for (const ctx of [first, second, third]) await ok(core.dispatch('agent.setState', { state: 'available' }, ctx));
    const supervisor = await supervisorContext(core, '6900');
    const allDay = deskBoard(core, supervisor);
    await allDay.getState().sync();

    // A caller rings too long: an alert, acknowledged; the call is answered and the alert clears.
    const { callId } = await report(core, first, 'c1', inbound('+442079460958'), clock);
    clock += 40_000;
    await expect.poll(() => allDay.getState().board?.alerts.find((a) => a.id.startsWith('agent:') && a.active)?.severity, { timeout: 5_000 }).toBe('critical');
    const ringing = allDay.getState().board?.alerts.find((a) => a.active) as BoardAlert;
    await ok(core.dispatch('board.ackAlert', { alertId: ringing.id }, supervisor));
    await report(core, first, 'c1', { type: 'answered' }, clock);
    await ok(core.dispatch('agent.setState', { state: 'break', reason: 'Lunch' }, second));

    const late = deskBoard(core, await supervisorContext(core, '6901', 'Lee Late'));
    await late.getState().sync();

    // A break that runs long (an alert nobody acknowledges), the call ends and is wrapped up.
    clock += 16 * 60_000;
    await report(core, first, 'c1', { type: 'ended', reason: 'remote-hangup' }, clock);
    await ok(core.dispatch('wrapUp.submit', { callId, fields: fields() }, first));
    await ok(core.dispatch('agent.setState', { state: 'break', reason: 'Training' }, third));
    await expect.poll(() => late.getState().board?.alerts.some((a) => a.id.startsWith('agent:') && a.active && a.id.endsWith(':break')), { timeout: 5_000 }).toBe(true);
    await core.settled();

    const boss = await supervisorContext(core, '6902', 'Fay Fresh');
    await expect
      .poll(
        async () => {
          const fresh = content((await ok<BoardSnapshot>(core.dispatch('board.subscribe', {}, boss))).state);
          return [content(allDay.getState().board), content(late.getState().board)].map((board) => JSON.stringify(board) === JSON.stringify(fresh));
        },
        { timeout: 5_000 },
      )
      .toEqual([true, true]);
    expect(content(late.getState().board)).toEqual(content(allDay.getState().board));
    expect(late.getState().board?.alerts.length).toBeGreaterThan(0);
  });
});
