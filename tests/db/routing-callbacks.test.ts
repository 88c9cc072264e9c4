import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CALLBACK_OFFER_MS } from '../../electron/core/routing/callbacks';
import { PLANTED_CUSTOMERS, UNKNOWN_DEMO_NUMBER } from '../../electron/core/seed/planted-customers';
import type { EventPayload } from '../../shared/contract/events';
import { routingFloor, type RoutingFloor } from '../support/routing-floor';

const OLIVIA = PLANTED_CUSTOMERS[0]!;
const OLIVIA_PHONE = OLIVIA.phones[0]!.e164;

let floor: RoutingFloor;
let offers: EventPayload<'routing.callbackOffered'>[];
let off: () => void;
beforeEach(async () => {
  floor = await routingFloor();
  offers = [];
  off = floor.core.hub.subscribe((event, payload) => {
    if (event === 'routing.callbackOffered') offers.push(payload as EventPayload<'routing.callbackOffered'>);
  });
});
afterEach(async () => {
  off();
  await floor.cleanup();
});

const task = (id: string) => floor.core.connection.db.selectFrom('callback_tasks').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const desk = (agentId: number) => floor.core.connection.db.selectFrom('agent_desks').select(['reserved_call', 'reserved_decision']).where('agent_id', '=', agentId).executeTakeFirstOrThrow();
const loggedTypes = async () => (await floor.core.connection.db.selectFrom('events').select('type').where('type', 'like', 'routing.callback%').orderBy('id').execute()).map((e) => e.type);

/** 7001 takes a caller; Olivia (a known customer) waits past the queue's max wait (120 s) and is released. */
async function oliviaReleasedAtMaxWait(): Promise<{ agentId: number; taskId: string }> {
  const agentId = await floor.available('7001');
  await floor.ask('call-hold', null);
  expect((await floor.ask('call-olivia', OLIVIA_PHONE)).kind).toBe('wait');
  await floor.advance(121_000);
  const released = floor.pushed.find((p) => p.callId === 'call-olivia')?.decision;
  expect(released).toMatchObject({ kind: 'release', reason: 'max-wait' });
  if (released?.kind !== 'release' || released.callbackTaskId === null) throw new Error('no callback task in the release');
  return { agentId, taskId: released.callbackTaskId };
}

describe('callback tasks (real SQLite)', () => {
  it('a known caller released at max wait gets a persisted callback task, offered to the next free agent’s desk; dialling it ends the task and frees the agent', async () => {
    const { agentId, taskId } = await oliviaReleasedAtMaxWait();
    // The engine's reservation for the first caller lapsed, so 7001 is free: the callback is offered there, reserved like a call.
    expect(await task(taskId)).toMatchObject({ status: 'offered', agent_id: agentId, caller_e164: OLIVIA_PHONE, customer_id: OLIVIA.id, sip_call_id: 'call-olivia', attempts: 1 });
    expect(offers).toEqual([expect.objectContaining({ agentId, taskId, caller: { e164: OLIVIA_PHONE, displayName: null }, customerId: OLIVIA.id, offerUntil: floor.clock.now + CALLBACK_OFFER_MS })]);
    expect(await desk(agentId)).toEqual({ reserved_call: `callback:${taskId}`, reserved_decision: offers[0]?.decisionId });
    // While reserved for the callback, a new caller is not offered to 7001.
    expect((await floor.ask('call-new', UNKNOWN_DEMO_NUMBER)).kind).toBe('wait');

    const ctx = floor.agents.get('7001')!.ctx;
    const done = await floor.core.dispatch('routing.callbackOutcome', { taskId, outcome: 'dialled' }, ctx);
    expect(done).toEqual({ ok: true, value: { taskId, status: 'done' } });
    expect(await task(taskId)).toMatchObject({ status: 'done', outcome: 'dialled', done_at: floor.clock.now });
    await floor.core.routing.idle();
    expect(await loggedTypes()).toEqual(['routing.callbackCreated', 'routing.callbackOffered', 'routing.callbackEnded']);
    // Freed: the waiting caller is offered to 7001 at once.
    expect(floor.pushed.find((p) => p.callId === 'call-new')?.decision).toMatchObject({ kind: 'agent', agentId: String(agentId) });
  });

  it('owes no callback to a caller it cannot call back: an unknown number or a withheld one', async () => {
    await floor.available('7001');
    await floor.ask('call-hold', null);
    await floor.ask('call-unknown', UNKNOWN_DEMO_NUMBER);
    await floor.ask('call-withheld', null);
    await floor.advance(121_000);
    for (const callId of ['call-unknown', 'call-withheld']) expect(floor.pushed.find((p) => p.callId === callId)?.decision).toMatchObject({ kind: 'release', callbackTaskId: null });
    expect(await floor.core.connection.db.selectFrom('callback_tasks').selectAll().execute()).toEqual([]);
  });

  it('a skipped callback goes to another agent, an unanswered offer lapses back, and only the offered agent may say what became of it', async () => {
    const { agentId: first, taskId } = await oliviaReleasedAtMaxWait();
    // Callers on the line come first: the first caller (still waiting) hangs up before 7002 is free.
    await floor.core.routing.report({ callId: 'call-hold', decisionId: null, what: 'caller-gone' });
    const second = await floor.available('7002');
    floor.clock.now += 3_000; // past the engine's 2 s directory cache: 7002 is a new agent
    const firstCtx = floor.agents.get('7001')!.ctx;
    const secondCtx = floor.agents.get('7002')!.ctx;
    // 7002 was not offered it: refused, clearly, and nothing changes.
    expect(await floor.core.dispatch('routing.callbackOutcome', { taskId, outcome: 'dialled' }, secondCtx)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await floor.core.dispatch('routing.callbackOutcome', { taskId: 'no-such-task', outcome: 'dialled' }, secondCtx)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    expect(await floor.core.dispatch('routing.callbackOutcome', { taskId, outcome: 'skipped' }, firstCtx)).toEqual({ ok: true, value: { taskId, status: 'open' } });
    await floor.core.routing.idle();
    expect(offers.map((o) => o.agentId)).toEqual([first, second]);
    expect(await desk(first)).toEqual({ reserved_call: null, reserved_decision: null });

    // 7002 does nothing: after a minute the offer lapses (7002's reservation for it is freed) and the task is offered
    // again at once — to 7002, the only agent who has not skipped it — under a new reservation.
    const lapsedDecision = offers[1]?.decisionId;
    await floor.advance(CALLBACK_OFFER_MS + 1);
    expect(await task(taskId)).toMatchObject({ status: 'offered', agent_id: second, attempts: 3 });
    expect(offers.map((o) => o.agentId)).toEqual([first, second, second]);
    expect((await desk(second)).reserved_decision).toBe(offers[2]?.decisionId);
    expect(offers[2]?.decisionId).not.toBe(lapsedDecision);
    expect(await loggedTypes()).toEqual(['routing.callbackCreated', 'routing.callbackOffered', 'routing.callbackEnded', 'routing.callbackOffered', 'routing.callbackEnded', 'routing.callbackOffered']);
    const lapsed = await floor.core.connection.db.selectFrom('events').select('data').where('type', '=', 'routing.callbackEnded').orderBy('id').execute();
    expect(lapsed.map((e) => (JSON.parse(e.data) as { outcome: string }).outcome)).toEqual(['skipped', 'lapsed']);
  });
});
