import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallContext } from '../../electron/core/dispatch/call-context';
import { newCallContext } from '../../electron/core/dispatch/call-context';
import { callSummaries } from '../../electron/core/board/drill-down';
import type { BoardDelta, BoardSnapshot, BoardTrace, CallSummary } from '../../shared/contract/schemas/board';
import type { MetricsReport } from '../../shared/contract/schemas/metrics';
import { fields, inbound, report } from '../support/call-reports';
import { seededCore, signedInContext, supervisorContext, TEST_SUPERVISOR_PASSWORD, type SeededCore } from '../support/seeded-core';
import { queryRow } from '../support/test-stores';
import { ok } from '../support/dispatch-ok';

let clock = Date.now();
let fx: SeededCore;
let agent: CallContext;
let boss: CallContext;

beforeEach(async () => {
  clock = Date.now();
  fx = await seededCore(30, () => clock);
  agent = await signedInContext(fx.core, '6001');
  await fx.core.dispatch('agent.setState', { state: 'available' }, agent);
  boss = await supervisorContext(fx.core, '6900');
});
afterEach(() => fx.cleanup());

const code = async (p: Promise<{ ok: boolean; error?: { code: string } }>) => {
  const r = await p;
  return r.ok ? 'ok' : r.error?.code;
};

describe('who may see the board', () => {
  it('refuses agents (FORBIDDEN) and anonymous connections (UNAUTHENTICATED)', async () => {
    expect(await code(fx.core.dispatch('board.subscribe', {}, agent))).toBe('FORBIDDEN');
    expect(await code(fx.core.dispatch('supervisor.setAgentState', { agentId: 1, state: 'break', reason: 'Lunch' }, agent))).toBe('FORBIDDEN');
    expect(await code(fx.core.dispatch('board.subscribe', {}, newCallContext()))).toBe('UNAUTHENTICATED');
  });

  it('takes a supervisor only with the right password (and offers a take-over while their board is open)', async () => {
    expect(await code(fx.core.dispatch('agent.signIn', { name: 'Sue', extension: '6900' }, newCallContext()))).toBe('UNAUTHENTICATED');
    expect(await code(fx.core.dispatch('agent.signIn', { name: 'Sue', extension: '6900', password: 'guess' }, newCallContext()))).toBe('UNAUTHENTICATED');
    expect(await code(fx.core.dispatch('agent.signIn', { name: 'Sue', extension: '6900', password: TEST_SUPERVISOR_PASSWORD }, newCallContext()))).toBe('CONFLICT');
  });

  it('lets a wallboard token read the board and nothing else', async () => {
    const { token } = await ok<{ token: string }>(fx.core.dispatch('wallboard.createToken', { label: 'Floor TV' }, boss));
    const tv = newCallContext();
    expect(await code(fx.core.dispatch('wallboard.signIn', { token: `${token.slice(0, -2)}xx` }, tv))).toBe('UNAUTHENTICATED');
    expect(await ok(fx.core.dispatch('wallboard.signIn', { token }, tv))).toEqual({ label: 'Floor TV' });
    expect(await code(fx.core.dispatch('board.subscribe', {}, tv))).toBe('ok');
    expect(await code(fx.core.dispatch('crm.lookupByPhone', { phone: '+442079460958' }, tv))).toBe('UNAUTHENTICATED');
    expect(await code(fx.core.dispatch('board.ackAlert', { alertId: 'x' }, tv))).toBe('UNAUTHENTICATED');
    expect(await code(fx.core.dispatch('board.trace', { scope: 'centre', metric: 'aht_s' }, tv))).toBe('UNAUTHENTICATED');
    expect(await code(fx.core.dispatch('metrics.query', { scope: { kind: 'all' } }, tv))).toBe('UNAUTHENTICATED');
    const stored = await queryRow<{ token_hash: string }>(fx.core.store, 'SELECT token_hash FROM wallboard_tokens');
    expect(stored?.token_hash).not.toContain(token);
  });

  it("gives a wallboard the board without callers' numbers and names, and a supervisor the same board with them", async () => {
    const { token } = await ok<{ token: string }>(fx.core.dispatch('wallboard.createToken', { label: 'Floor TV' }, boss));
    const tv = newCallContext();
    await ok(fx.core.dispatch('wallboard.signIn', { token }, tv));
    const tvDeltas: BoardDelta[] = [];
    const off = fx.core.subscribe(tv, (event, payload) => event === 'board.delta' && tvDeltas.push(payload as BoardDelta));
    await ok(fx.core.dispatch('board.subscribe', {}, tv));
    await report(fx.core, agent, 'c-tv', inbound('+442079460958', { callerDisplay: 'Olivia Bennett' }), clock);
    await expect.poll(() => tvDeltas.some((d) => d.changes.some((c) => c.kind === 'agent' && c.row.call !== null))).toBe(true);
    off();
    const rowOf = (s: BoardSnapshot) => s.state.agents.find((a) => a.extension === '6001');
    expect(rowOf(await ok<BoardSnapshot>(fx.core.dispatch('board.subscribe', {}, boss)))?.call?.caller).toBe('Olivia Bennett');
    const tvSnapshot = await ok<BoardSnapshot>(fx.core.dispatch('board.subscribe', {}, tv));
    expect(rowOf(tvSnapshot)?.call).toMatchObject({ caller: null, phase: 'ringing' });
    const resynced = await ok<{ kind: string; deltas?: BoardDelta[] }>(fx.core.dispatch('board.resync', { since: 0 }, tv));
    const everythingSent = JSON.stringify([tvDeltas, tvSnapshot, resynced]);
    expect(everythingSent).not.toContain('Olivia');
    expect(everythingSent).not.toContain('2079460958');
  });

  it('sends board deltas only to connections that subscribed to the board', async () => {
    const agentEvents: string[] = [];
    const bossEvents: BoardDelta[] = [];
    const offAgent = fx.core.subscribe(agent, (event) => agentEvents.push(event));
    const offBoss = fx.core.subscribe(boss, (event, payload) => event === 'board.delta' && bossEvents.push(payload as BoardDelta));
    await ok(fx.core.dispatch('board.subscribe', {}, boss));
    await report(fx.core, agent, 'c1', inbound('+442079460958'), clock);
    await expect.poll(() => bossEvents.length).toBeGreaterThan(0);
    offAgent();
    offBoss();
    expect(agentEvents).not.toContain('board.delta');
    expect(agentEvents).toContain('agent.stateChanged');
  });
});

describe('live board', () => {
  it('shows a call on the agent row as it rings and is answered, with deltas in sequence', async () => {
    const deltas: BoardDelta[] = [];
    const off = fx.core.subscribe(boss, (event, payload) => event === 'board.delta' && deltas.push(payload as BoardDelta));
    const first = await ok<BoardSnapshot>(fx.core.dispatch('board.subscribe', {}, boss));
    const me = first.state.agents.find((a) => a.extension === '6001');
    expect(me).toMatchObject({ state: 'available', call: null });

    const agentRows = () => deltas.flatMap((d) => d.changes).flatMap((c) => (c.kind === 'agent' ? [c.row] : []));
    await report(fx.core, agent, 'c1', inbound('+442079460958', { callerDisplay: '<b>Olivia</b>' }), clock);
    await expect.poll(() => agentRows().some((r) => r.state === 'ringing' && r.call?.caller === '<b>Olivia</b>' && r.call.queue === 'Support')).toBe(true);
    await report(fx.core, agent, 'c1', { type: 'answered' }, clock);
    await expect.poll(() => agentRows().filter((r) => r.call?.phase === 'talking').length).toBeGreaterThan(0);
    // Numbered by the event log: increasing, each naming the one before it.
    const seqs = deltas.map((d) => d.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(deltas.map((d) => d.prev)).toEqual([first.seq, ...seqs.slice(0, -1)]);

    const caughtUp = await ok<{ kind: string; deltas: BoardDelta[] }>(fx.core.dispatch('board.resync', { since: first.seq }, boss));
    expect(caughtUp.kind).toBe('deltas');
    expect(caughtUp.deltas.map((d) => d.seq)).toEqual(seqs.filter((s) => s > first.seq).slice(0, caughtUp.deltas.length));
    const future = await ok<{ kind: string }>(fx.core.dispatch('board.resync', { since: first.seq + 10_000 }, boss));
    expect(future.kind).toBe('snapshot');
    off();
  });

  it("gives an agent's row the same AHT, FRT and FCR as the metrics engine", async () => {
    await ok(fx.core.dispatch('board.subscribe', {}, boss));
    const start = clock;
    const { callId } = await report(fx.core, agent, 'c1', inbound('+442079460958', { customerId: 1 }), start);
    clock = start + 6000;
    await report(fx.core, agent, 'c1', { type: 'answered' }, clock);
    clock += 90_000;
    await report(fx.core, agent, 'c1', { type: 'ended', reason: 'remote-hangup' }, clock);
    clock += 20_000;
    await ok(fx.core.dispatch('wrapUp.submit', { callId, fields: fields() }, agent));
    const snap = await ok<BoardSnapshot>(fx.core.dispatch('board.subscribe', {}, boss));
    const row = snap.state.agents.find((a) => a.extension === '6001');
    const mine = await ok<MetricsReport>(fx.core.dispatch('metrics.query', { scope: { kind: 'me' } }, agent));
    const value = (name: string) => mine.metrics.find((m) => m.metric === name)?.value;
    expect(row?.aht.value).toBe(value('aht_s'));
    expect(row?.frt.value).toBe(value('agent_frt_s'));
    expect(row?.fcr.value).toBe(value('fcr_pct'));
    expect(row?.handled).toBe(1);
    expect(row?.aht.calls).toBe(1);
    // The calls behind the number are not in the row: a supervisor traces it (ADR 0042).
    const traced = await ok<BoardTrace>(fx.core.dispatch('board.trace', { scope: 'agent', id: row?.agentId, metric: 'aht_s' }, boss));
    expect(traced).toEqual({ cell: row?.aht, callIds: [callId] });
    const drill = await ok<{ calls: { callId: number; answeredAt: number }[] }>(fx.core.dispatch('board.calls', { callIds: traced.callIds }, boss));
    expect(drill.calls).toMatchObject([{ callId, answeredAt: start + 6000 }]);
  });

  it('sends no call ids in its frames: every number says how many calls it has, and a supervisor traces any of them (team, queue, centre) to those calls', async () => {
    const deltas: BoardDelta[] = [];
    fx.core.subscribe(boss, (event, payload) => {
      if (event === 'board.delta') deltas.push(payload as BoardDelta);
    });
    await ok(fx.core.dispatch('board.subscribe', {}, boss));
    const { callId } = await report(fx.core, agent, 'c1', inbound('+442079460958', { customerId: 1 }), clock);
    clock += 4000;
    await report(fx.core, agent, 'c1', { type: 'answered' }, clock);
    clock += 60_000;
    await report(fx.core, agent, 'c1', { type: 'ended', reason: 'remote-hangup' }, clock);
    await ok(fx.core.dispatch('wrapUp.submit', { callId, fields: fields() }, agent));
    await fx.core.settled();
    const snap = await ok<BoardSnapshot>(fx.core.dispatch('board.subscribe', {}, boss));
    expect(deltas.length).toBeGreaterThan(0);
    expect(JSON.stringify([snap, deltas])).not.toContain('callIds');
    const centre = await ok<BoardTrace>(fx.core.dispatch('board.trace', { scope: 'centre', metric: 'asa_s' }, boss));
    expect(centre).toEqual({ cell: snap.state.centre.asa, callIds: [callId] });
    const tile = snap.state.queues.find((q) => q.offered > 0);
    const queue = await ok<BoardTrace>(fx.core.dispatch('board.trace', { scope: 'queue', id: tile?.queueId, metric: 'service_level_pct' }, boss));
    expect(queue).toEqual({ cell: tile?.serviceLevel, callIds: [callId] });
    const summary = snap.state.teams.find((t) => t.handled > 0);
    const team = await ok<BoardTrace>(fx.core.dispatch('board.trace', { scope: 'team', id: summary?.teamId, metric: 'aht_s' }, boss));
    expect(team).toEqual({ cell: summary?.aht, callIds: [callId] });
    expect(team.cell.calls).toBe(1);
    // A number the board does not show, and an agent asking.
    expect(await code(fx.core.dispatch('board.trace', { scope: 'queue', id: 9999, metric: 'asa_s' }, boss))).toBe('NOT_FOUND');
    expect(await code(fx.core.dispatch('board.trace', { scope: 'centre', metric: 'aht_s' }, agent))).toBe('FORBIDDEN');
  });

  /** A whole answered, wrapped-up call from `caller` to this agent, starting at the clock. */
  async function handledCall(ctx: CallContext, key: string, caller: string, resolved = true): Promise<number> {
    const { callId } = await report(fx.core, ctx, key, inbound(caller), clock);
    clock += 5000;
    await report(fx.core, ctx, key, { type: 'answered' }, clock);
    clock += 60_000;
    await report(fx.core, ctx, key, { type: 'ended', reason: 'remote-hangup' }, clock);
    clock += 10_000;
    await ok(fx.core.dispatch('wrapUp.submit', { callId, fields: fields({ resolved }) }, ctx));
    return callId;
  }
  const tomorrowAt = (hour: number) => new Date(clock).setHours(24 + hour, 0, 0, 0);
  const rowOf = async (extension: string) => {
    await fx.core.settled();
    const snap = await ok<BoardSnapshot>(fx.core.dispatch('board.subscribe', {}, boss));
    return snap.state.agents.find((a) => a.extension === extension);
  };

  it('lists the calls behind a number in time order, read a few at a time', async () => {
    await ok(fx.core.dispatch('board.subscribe', {}, boss));
    const ids = [await handledCall(agent, 'k1', '+442079460958'), await handledCall(agent, 'k2', '+442079460959'), await handledCall(agent, 'k3', '+442079460960')];
    await fx.core.settled();
    const { callIds } = await ok<BoardTrace>(fx.core.dispatch('board.trace', { scope: 'centre', metric: 'aht_s' }, boss));
    expect([...callIds].sort((x, y) => x - y)).toEqual(ids);
    const listed = (await ok<{ calls: CallSummary[] }>(fx.core.dispatch('board.calls', { callIds: [...callIds].reverse() }, boss))).calls;
    expect(listed.map((c) => c.callId)).toEqual(ids);
    // One call per statement: the same list, in the same order.
    expect(await callSummaries(fx.core.connection.db, [...ids].reverse(), 1)).toEqual(listed);
  });

  it("lowers an agent's FCR on the board when their caller rings a colleague back (the colleague's call changes the first agent's row)", async () => {
    const colleague = await signedInContext(fx.core, '6002');
    await ok(fx.core.dispatch('agent.setState', { state: 'available' }, colleague));
    await ok(fx.core.dispatch('board.subscribe', {}, boss));
    clock = tomorrowAt(9);
    await handledCall(agent, 'first', '+442079460958');
    expect((await rowOf('6001'))?.fcr.value).toBe(100);
    clock += 3600_000;
    await handledCall(colleague, 'repeat', '+442079460958');
    expect((await rowOf('6001'))?.fcr.value).toBe(0);
    const mine = await ok<MetricsReport>(fx.core.dispatch('metrics.query', { scope: { kind: 'me' } }, agent));
    expect(mine.metrics.find((m) => m.metric === 'fcr_pct')?.value).toBe(0);
  });

  it("starts every agent row's figures again at midnight, with no call to prompt it", async () => {
    await ok(fx.core.dispatch('board.subscribe', {}, boss));
    clock = tomorrowAt(22);
    await handledCall(agent, 'late', '+442079460958');
    expect((await rowOf('6001'))?.handled).toBe(1);
    clock = tomorrowAt(1);
    const after = await rowOf('6001');
    expect({ handled: after?.handled, aht: after?.aht.value, fcr: after?.fcr.value }).toEqual({ handled: 0, aht: null, fcr: null });
    await fx.core.settled();
    const centre = (await ok<BoardSnapshot>(fx.core.dispatch('board.subscribe', {}, boss))).state.centre;
    expect(centre.handled).toBe(0);
  });

  it('raises an alert when a caller rings too long, and a supervisor acknowledges it', async () => {
    await ok(fx.core.dispatch('board.subscribe', {}, boss));
    await report(fx.core, agent, 'c1', inbound('+442079460958'), clock);
    clock += 45_000; // ringing beyond the 30 s critical threshold
    let alertId = '';
    await expect
      .poll(async () => {
        const s = await ok<BoardSnapshot>(fx.core.dispatch('board.subscribe', {}, boss));
        const alert = s.state.alerts.find((a) => a.subject.kind === 'agent' && a.active);
        alertId = alert?.id ?? '';
        return alert?.severity;
      }, { timeout: 5000 })
      .toBe('critical');
    const acked = await ok<{ acknowledgedBy: string }>(fx.core.dispatch('board.ackAlert', { alertId }, boss));
    expect(acked.acknowledgedBy).toBe('Sue Supervisor');
  });

  it("logs a ringing agent's alert when it is raised and when it turns critical, not every second of the ring (the desks word the seconds from `since`)", async () => {
    await ok(fx.core.dispatch('board.subscribe', {}, boss));
    const ringingFrom = clock;
    await report(fx.core, agent, 'c1', inbound('+442079460958'), clock);
    const alertEvents = async () => Number((await queryRow<{ n: number }>(fx.core.store, "SELECT count(*) AS n FROM events WHERE type = 'board.alerts'"))?.n ?? 0);
    const agentAlert = async () => (await ok<BoardSnapshot>(fx.core.dispatch('board.subscribe', {}, boss))).state.alerts.find((a) => a.subject.kind === 'agent' && a.active);
    clock = ringingFrom + 16_000; // past the 15 s warning
    await expect.poll(async () => (await agentAlert())?.severity, { timeout: 5000 }).toBe('warning');
    const raised = await alertEvents();
    expect((await agentAlert())?.message).toMatchObject({ code: 'agent.inState', state: 'ringing', since: ringingFrom });
    // Three more alert checks (one a second) while the ring grows from 17 to 19 s: nothing to log.
    for (const at of [17_000, 18_000, 19_000]) {
      clock = ringingFrom + at;
      await new Promise((r) => setTimeout(r, 1_100));
    }
    expect(await alertEvents()).toBe(raised);
    clock = ringingFrom + 31_000; // past the 30 s critical threshold: that is a change
    await expect.poll(async () => (await agentAlert())?.severity, { timeout: 5000 }).toBe('critical');
    expect(await alertEvents()).toBe(raised + 1);
  });

  it('lets a supervisor change an idle agent’s state at once, and a busy agent’s after the call', async () => {
    const me = (await ok<BoardSnapshot>(fx.core.dispatch('board.subscribe', {}, boss))).state.agents.find((a) => a.extension === '6001');
    const agentId = me?.agentId as number;
    const idle = await ok<{ state: string; reason: string }>(fx.core.dispatch('supervisor.setAgentState', { agentId, state: 'break', reason: 'Coaching' }, boss));
    expect(idle).toMatchObject({ state: 'break', reason: 'Coaching (by Sue Supervisor)' });
    await ok(fx.core.dispatch('supervisor.setAgentState', { agentId, state: 'available', reason: 'Back to the queue' }, boss));
    await report(fx.core, agent, 'c1', inbound('+442079460958'), clock);
    await report(fx.core, agent, 'c1', { type: 'answered' }, clock);
    const busy = await ok<{ state: string }>(fx.core.dispatch('supervisor.setAgentState', { agentId, state: 'break', reason: 'Meeting' }, boss));
    expect(busy.state).toBe('on-call');
    const { callId } = await report(fx.core, agent, 'c1', { type: 'ended', reason: 'remote-hangup' }, clock);
    const after = await ok<{ status: { state: string; reason: string } }>(fx.core.dispatch('wrapUp.submit', { callId, fields: fields() }, agent));
    expect(after.status).toMatchObject({ state: 'break', reason: 'Meeting (by Sue Supervisor)' });
  });
});

describe('supervisors on the board (issue 11)', () => {
  it('lists a supervisor who does not take calls apart from the agents, and never counts them as available staff', async () => {
    await ok(fx.core.dispatch('agent.setState', { state: 'available' }, boss));
    const snapshot = await ok<BoardSnapshot>(fx.core.dispatch('board.subscribe', {}, boss));
    const rows = snapshot.state.agents.map((r) => ({ extension: r.extension, state: r.state, takesCalls: r.takesCalls }));
    expect(rows).toContainEqual({ extension: '6001', state: 'available', takesCalls: true });
    expect(rows).toContainEqual({ extension: '6900', state: 'available', takesCalls: false });
    expect(snapshot.state.centre.staffing.available).toBe(1);
  });

  it('lists a supervisor who takes calls with the agents, counted as staff', async () => {
    const supervisorId = (await queryRow<{ id: number }>(fx.core.store, "SELECT id FROM agents WHERE extension = '6900'"))?.id;
    await ok(fx.core.dispatch('agents.update', { agentId: supervisorId, takesCalls: true }, boss));
    // The update does not end the supervisor's own session (only demotion and deactivation do).
    await ok(fx.core.dispatch('agent.setState', { state: 'available' }, boss));
    const snapshot = await ok<BoardSnapshot>(fx.core.dispatch('board.subscribe', {}, boss));
    expect(snapshot.state.agents.find((r) => r.extension === '6900')).toMatchObject({ takesCalls: true, state: 'available' });
    expect(snapshot.state.centre.staffing.available).toBe(2);
  });
});
