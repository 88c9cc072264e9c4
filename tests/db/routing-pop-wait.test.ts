import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PLANTED_CUSTOMERS } from '../../electron/core/seed/planted-customers';
import { POP_WAIT_MS } from '../../electron/core/routing/pop-wait';
import type { RouteDecision } from '../../shared/domain/routing/route-protocol';
import { routingFloor, type RoutingFloor } from '../support/routing-floor';

const OLIVIA = PLANTED_CUSTOMERS[0]!;

let floor: RoutingFloor;
let offs: (() => void)[] = [];
beforeEach(async () => {
  floor = await routingFloor();
});
afterEach(async () => {
  for (const off of offs) off();
  offs = [];
  await floor.cleanup();
});

/** An available agent whose desk is connected and receives events (as a desk page does); returns their pushed pops' decision ids. */
async function deskAgent(extension: string): Promise<{ id: number; popsSeen: string[] }> {
  const id = await floor.available(extension);
  const popsSeen: string[] = [];
  const ctx = floor.agents.get(extension)!.ctx;
  offs.push(floor.core.subscribe(ctx, (event, payload) => event === 'routing.offered' && popsSeen.push((payload as { decisionId: string }).decisionId)));
  return { id, popsSeen };
}

function settledWithin(p: Promise<RouteDecision>, ms: number): Promise<RouteDecision | 'pending'> {
  return Promise.race([p, new Promise<'pending'>((resolve) => setTimeout(() => resolve('pending'), ms))]);
}

describe('the router holds an agent decision until the desk painted its pop (ADR 0048)', () => {
  it('answers the PBX only once the offered desk says its pop is painted; another agent cannot say it for them', async () => {
    const desk = await deskAgent('7101');
    const other = await deskAgent('7102');
    floor.clock.now += 1_000;
    const asked = floor.ask('held-1', OLIVIA.phones[0]!.e164);
    await floor.core.routing.idle();
    expect(desk.popsSeen.length + other.popsSeen.length).toBe(1);
    const offered = desk.popsSeen.length === 1 ? desk : other;
    const bystander = offered === desk ? other : desk;
    const decisionId = offered.popsSeen[0]!;
    expect(await settledWithin(asked, 40)).toBe('pending');
    const wrong = await floor.core.dispatch('routing.popShown', { decisionId }, floor.agents.get(bystander === desk ? '7101' : '7102')!.ctx);
    expect(wrong).toMatchObject({ ok: true, value: { awaited: false } });
    expect(await settledWithin(asked, 40)).toBe('pending');
    const right = await floor.core.dispatch('routing.popShown', { decisionId }, floor.agents.get(offered === desk ? '7101' : '7102')!.ctx);
    expect(right).toMatchObject({ ok: true, value: { awaited: true } });
    expect(await settledWithin(asked, 40)).toMatchObject({ kind: 'agent', decisionId, agentId: String(offered.id) });
  });

  it('rings after the bound when the desk never says, and does not wait for that desk again until it does', async () => {
    const desk = await deskAgent('7103');
    const t0 = performance.now();
    const first = await floor.ask('silent-1', null);
    expect(first).toMatchObject({ kind: 'agent', agentId: String(desk.id) });
    expect(performance.now() - t0).toBeGreaterThanOrEqual(POP_WAIT_MS - 5);
    await floor.core.routing.report({ callId: 'silent-1', decisionId: first.decisionId, what: 'caller-gone' });
    // Not waited for now: the decision comes back before any bound could run out.
    const second = floor.ask('silent-2', null);
    expect(await settledWithin(second, POP_WAIT_MS / 2)).toMatchObject({ kind: 'agent', agentId: String(desk.id) });
  });

  it('never waits for an agent with no desk listening (a desk phone, the PBX benchmark)', async () => {
    const id = await floor.available('7104');
    const asked = floor.ask('no-desk-1', null);
    expect(await settledWithin(asked, POP_WAIT_MS / 2)).toMatchObject({ kind: 'agent', agentId: String(id) });
  });

  it('a caller who leaves while the router waits ends the wait at once', async () => {
    await deskAgent('7105');
    const asked = floor.ask('gone-1', null);
    await floor.core.routing.idle();
    await floor.core.routing.report({ callId: 'gone-1', decisionId: null, what: 'caller-gone' });
    expect(await settledWithin(asked, POP_WAIT_MS / 2)).toMatchObject({ kind: 'agent' });
  });
});
