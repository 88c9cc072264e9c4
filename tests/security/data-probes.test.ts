import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BoardSnapshot } from '../../shared/contract/schemas/board';
import type { CallEventReport } from '../../shared/contract/schemas/calls';
import { figure, ProbeClient, startProbedServer, type ProbedServer } from './probe-kit';

let server: ProbedServer;
let boss: ProbeClient;
let mallory: ProbeClient;
let victim: ProbeClient;

beforeAll(async () => {
  server = await startProbedServer();
  boss = await ProbeClient.open(server.apiUrl);
  await boss.ok('agent.signIn', server.demoSupervisor());
  mallory = await ProbeClient.open(server.apiUrl);
  await mallory.ok('agent.signIn', { name: 'Mallory', extension: '7101' });
  victim = await ProbeClient.open(server.apiUrl);
  await victim.ok('agent.signIn', { name: 'Victor', extension: '7102' });
}, 180_000);
afterAll(async () => {
  for (const c of [boss, mallory, victim]) c.close();
  await server.stop();
});

const offered = (more: Partial<Extract<CallEventReport, { type: 'offered' }>> = {}): CallEventReport => ({
  type: 'offered',
  direction: 'inbound',
  callerE164: '+442079460958',
  withheld: false,
  callerDisplay: null,
  queue: 'Sales',
  waitedMs: null,
  queueCallId: null,
  sipCallId: null,
  customerId: null,
  ...more,
});
const reportAs = (client: ProbeClient, callKey: string, event: CallEventReport, extra: Record<string, unknown> = {}) =>
  client.call('calls.report', { callKey, eventId: randomUUID(), at: Date.now(), event, ...extra });
const codeOf = (frame: { result: { ok: boolean; error?: { code: string } } }) => (frame.result.ok ? 'ok' : frame.result.error?.code);

describe("probes from a colleague's desk (a signed-in agent) against the real server", () => {
  it("cannot link a leg to another agent's call, nor learn call ids by replaying their event ids", async () => {
    const eventId = randomUUID();
    const theirs = await victim.ok<{ callId: number }>('calls.report', { callKey: 'v-1', eventId, at: Date.now(), event: offered() });
    const linked = await reportAs(mallory, 'm-1', offered(), { transferredFromCallId: theirs.callId });
    const replay = await mallory.call('calls.report', { callKey: 'm-2', eventId, at: Date.now(), event: offered() });
    expect(codeOf(linked)).toBe('NOT_FOUND');
    expect(codeOf(replay)).toBe('CONFLICT');
    expect(JSON.stringify(replay)).not.toContain(`${theirs.callId}`);
    figure('call reports', `leg linked to a colleague's call → ${codeOf(linked)}; colleague's event id replayed → ${codeOf(replay)}, no call id in the answer`);
  });

  it('cannot create queues with a queue header, nor push a wait of 85 minutes into ASA', async () => {
    const before = await boss.ok<BoardSnapshot>('board.subscribe');
    const forged = await reportAs(mallory, 'm-3', offered({ queue: 'FREE MONEY \u202Eevil', waitedMs: 85 * 60_000 }));
    expect(codeOf(forged)).toBe('ok');
    const after = await boss.ok<BoardSnapshot>('board.subscribe');
    expect(after.state.queues.map((q) => q.name)).toEqual(before.state.queues.map((q) => q.name));
    const created = await mallory.call('queues.create', { name: 'Mine' });
    expect(codeOf(created)).toBe('FORBIDDEN');
    const range = { from: Date.now() - 3_600_000, to: Date.now() + 60_000 };
    const csv = (await mallory.ok<{ csv: string }>('reports.exportCalls', { range })).csv;
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    const leg = rows.find((r) => r.call_id === String((forged.result as { value: { callId: number } }).value.callId));
    expect(leg?.queue).toBe('');
    expect(leg?.queued_at).toBe(leg?.offered_at);
    figure('queues', `queue header "FREE MONEY…" → no queue (board keeps ${after.state.queues.length}); queues.create by an agent → ${codeOf(created)}; 85-min wait → stored as no wait`);
  });

  it('cannot store a caller number that is not E.164, and names lose NUL, control and bidi characters', async () => {
    const bad = await Promise.all(['=HYPERLINK("http://x")', '+44 20 7946', 'sip:a@b', '+1'.padEnd(40, '9')].map((n, i) => reportAs(mallory, `m-n${i}`, offered({ callerE164: n }))));
    expect(bad.map(codeOf)).toEqual(['INVALID_INPUT', 'INVALID_INPUT', 'INVALID_INPUT', 'INVALID_INPUT']);
    const named = await ProbeClient.open(server.apiUrl);
    const signIn = await named.ok<{ agent: { name: string } }>('agent.signIn', { name: 'Ad\u0000min\u202E\u2066 \u0007X', extension: '7103' });
    expect(signIn.agent.name).toBe('Admin X');
    const customer = await named.ok<{ firstName: string }>('crm.createCustomer', { firstName: 'Bo\u202Eb', lastName: 'X\u0000', phone: '+442079461111' });
    expect(customer.firstName).toBe('Bob');
    named.close();
    figure('names and numbers', `4 non-E.164 caller numbers → INVALID_INPUT; "Ad\\0min\\u202E\\u2066 \\7X" stored as "${signIn.agent.name}"`);
  });

  it("gets CSV exports whose every text cell is inert, including the caller's name and number", async () => {
    await reportAs(mallory, 'm-csv', offered({ callerDisplay: '=cmd|"/c calc"!A1', callerE164: '+442079460977' }));
    const range = { from: Date.now() - 3_600_000, to: Date.now() + 60_000 };
    const csv = (await mallory.ok<{ csv: string }>('reports.exportCalls', { range })).csv;
    const cells = (parse(csv) as string[][]).flat();
    const live = cells.filter((c) => /^\s*[=\-@\uFF1D\uFF0B\uFF0D\uFF20]/.test(c) || (c.startsWith('+') && !/^\+[0-9]{2,15}$/.test(c)));
    expect(live).toEqual([]);
    expect(cells).toContain(`'=cmd|"/c calc"!A1`);
    figure('CSV', `${cells.length} cells exported, 0 a spreadsheet would run`);
  });

  it('is refused year-long metrics and exports, and a burst of ranged reports is bounded', async () => {
    const year = { from: Date.now() - 365 * 86_400_000, to: Date.now() };
    const metrics = await mallory.call('metrics.query', { scope: { kind: 'me' }, range: year });
    const exported = await mallory.call('reports.exportCalls', { range: year });
    const others = await mallory.call('metrics.query', { scope: { kind: 'all' } });
    expect([codeOf(metrics), codeOf(exported), codeOf(others)]).toEqual(['INVALID_INPUT', 'INVALID_INPUT', 'FORBIDDEN']);
    const week = { from: Date.now() - 6 * 86_400_000, to: Date.now() };
    const burst = await Promise.all(Array.from({ length: 40 }, () => boss.call('metrics.query', { scope: { kind: 'all' }, range: week })));
    const codes = burst.map(codeOf);
    expect(codes.every((c) => c === 'ok' || c === 'UNAVAILABLE')).toBe(true);
    figure('ranged reports', `agent: a year → ${codeOf(metrics)}, export a year → ${codeOf(exported)}, all agents → ${codeOf(others)}; 40 ranged reports at once from a supervisor: ${codes.filter((c) => c === 'ok').length} answered, ${codes.filter((c) => c === 'UNAVAILABLE').length} UNAVAILABLE (2 run at a time, 8 wait, 4 in flight per connection)`);
  });
});

describe('probes from a TV on the wall (a wallboard token)', () => {
  it("never receives callers' numbers or names, in the snapshot or in the live deltas", async () => {
    const { token } = await boss.ok<{ token: string }>('wallboard.createToken', { label: 'Probe TV' });
    const tv = await ProbeClient.open(server.apiUrl);
    await tv.ok('wallboard.signIn', { token });
    await tv.ok('board.subscribe');
    const rung = await ProbeClient.open(server.apiUrl);
    await rung.ok('agent.signIn', { name: 'Rita', extension: '7104' });
    await rung.ok('agent.setState', { state: 'available' });
    await reportAs(rung, 'r-tv', offered({ callerE164: '+442079460912', callerDisplay: 'Olivia Bennett' }));
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && !tv.events.some((e) => JSON.stringify(e.payload).includes('"phase":"ringing"'))) await new Promise((r) => setTimeout(r, 100));
    const snapshot = await tv.ok<BoardSnapshot>('board.subscribe');
    const seen = JSON.stringify([tv.events, snapshot]);
    expect(seen).toContain('"phase":"ringing"');
    expect(seen).not.toContain('Olivia');
    expect(seen).not.toContain('2079460912');
    const supervisorView = JSON.stringify(await boss.ok<BoardSnapshot>('board.subscribe'));
    expect(supervisorView).toContain('Olivia Bennett');
    const params: Record<string, object> = { 'board.calls': { callIds: [1] }, 'board.trace': { scope: 'centre', metric: 'aht_s' } };
    const reads = await Promise.all(['crm.lookupByPhone', 'board.trace', 'board.calls', 'audit.list'].map((m) => tv.call(m, params[m] ?? { phone: '+442079460912' })));
    expect(reads.map(codeOf).every((c) => c === 'UNAUTHENTICATED' || c === 'FORBIDDEN')).toBe(true);
    figure('wallboard', `${tv.events.length} deltas and a snapshot with the ringing call, no caller number or name; CRM, drill-down and audit refused`);
    tv.close();
    rung.close();
  });
});

describe('the audit trail a supervisor reads', () => {
  it('has the supervisor actions and exports of this run, with addresses and no secrets', async () => {
    await boss.ok('supervisor.setAgentState', { agentId: (await victim.ok<{ agent: { id: number } }>('agent.signIn', { name: 'Victor', extension: '7102' })).agent.id, state: 'offline', reason: 'Probe' });
    const { entries } = await boss.ok<{ entries: { kind: string; address: string | null; detail: Record<string, unknown> }[] }>('audit.list', { limit: 500 });
    const kinds = new Set(entries.map((e) => e.kind));
    for (const k of ['supervisor.action', 'report.export', 'call.unknownQueue']) expect(kinds).toContain(k);
    expect(entries.filter((e) => e.kind !== 'call.unknownQueue').every((e) => e.address !== null)).toBe(true);
    expect(JSON.stringify(entries)).not.toContain(server.demoSupervisor().password);
    figure('audit', `${entries.length} entries of kinds ${[...kinds].sort().join(', ')}; no password or token stored`);
  });
});
