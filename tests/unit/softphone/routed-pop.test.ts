import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient } from '../../../renderer/src/platform/api-client';
import { createMemoryTransport } from '../../../renderer/src/platform/memory-transport';
import { createSoftphoneStore, type SoftphoneStore } from '../../../renderer/src/features/softphone/softphone-store';
import { PLANTED_CUSTOMERS } from '../../../electron/core/seed/planted-customers';
import { ROUTE_HEADER } from '../../../shared/domain/routing/route-protocol';
import { seededCore, signedInContext, type SeededCore } from '../../support/seeded-core';
import { makeSipLab, type SipLab } from '../../support/sip-fakes';

let fx: SeededCore;
let lab: SipLab | undefined;
let store: SoftphoneStore;
let lookups = 0;

beforeAll(async () => {
  fx = await seededCore(200);
});
afterAll(() => fx.cleanup());
afterEach(async () => lab?.close());

/** Events held back from the page while set: the test delivers them when it chooses (a push that loses the race with its INVITE). */
let holdEvents: { event: string; payload: unknown }[] | null = null;
let deliver: ((event: string, payload: unknown) => void) | null = null;
const earlier: Awaited<ReturnType<typeof signedInContext>>[] = [];

/** An available agent's page (real core over the memory transport, sip.js with fake transport/media), counting lookups it makes. */
async function agentPage(extension = '7301'): Promise<SipLab> {
  // Only this page's agent is free: the router must offer to them.
  for (const other of earlier) await fx.core.dispatch('agent.setState', { state: 'offline' }, other);
  const ctx = await signedInContext(fx.core, extension);
  earlier.push(ctx);
  await fx.core.dispatch('agent.setState', { state: 'available' }, ctx);
  await fx.core.settled();
  const api = createApiClient(
    createMemoryTransport({
      dispatch: (m, p) => {
        if (m === 'crm.lookupByPhone') lookups++;
        return fx.core.dispatch(m, p, ctx);
      },
      subscribe: (l) => {
        deliver = l;
        return fx.core.subscribe(ctx, (event, payload) => (holdEvents === null ? l(event, payload) : holdEvents.push({ event, payload })));
      },
    }),
  );
  store = createSoftphoneStore(api);
  const made = await makeSipLab();
  store.getState().attach(made.phone);
  await made.phone.start();
  return made;
}

const OLIVIA = PLANTED_CUSTOMERS[0]!;

describe('the pop before the ring', () => {
  it('an INVITE carrying the decision id gets the pop the router pushed, with no lookup of its own', async () => {
    lab = await agentPage();
    lookups = 0;
    const d = await fx.core.routing.ask({ callId: 'routed-1', caller: { number: OLIVIA.phones[0]!.e164, displayName: null }, queue: null });
    expect(d.kind).toBe('agent');
    // Pushed before the decision resolved: already in the page's store before any INVITE.
    await expect.poll(() => Object.keys(store.getState().routed)).toEqual([d.decisionId]);
    lab.dial([`P-Asserted-Identity: <sip:${OLIVIA.phones[0]!.e164}@carrier.invalid>`, `${ROUTE_HEADER}: ${d.decisionId}`]);
    await expect.poll(() => store.getState().calls.length).toBe(1);
    const id = store.getState().calls[0]?.id ?? '';
    expect(store.getState().calls[0]?.routeId).toBe(d.decisionId);
    expect(store.getState().pops[id]?.lookup?.customers[0]?.id).toBe(OLIVIA.id);
    expect(store.getState().pops[id]?.readyAt).not.toBeNull();
    expect(store.getState().routed).toEqual({});
    expect(lookups).toBe(0);
    await fx.core.routing.report({ callId: 'routed-1', decisionId: d.decisionId, what: 'caller-gone' });
  });

  it('a direct call, or one whose decision id matches nothing pushed, is looked up as today', async () => {
    lab = await agentPage();
    lookups = 0;
    lab.dial([`P-Asserted-Identity: <sip:${OLIVIA.phones[0]!.e164}@carrier.invalid>`, `${ROUTE_HEADER}: not-a-pushed-decision`]);
    await expect.poll(() => store.getState().calls.length).toBe(1);
    const id = store.getState().calls[0]?.id ?? '';
    await expect.poll(() => store.getState().pops[id]?.lookup?.match).toBe('one');
    expect(lookups).toBe(1);
  });

  it('a pushed pop whose INVITE never comes leaves the desk as soon as the offer ends (the caller hung up before the ring)', async () => {
    lab = await agentPage('7302');
    const d = await fx.core.routing.ask({ callId: 'routed-gone', caller: { number: OLIVIA.phones[0]!.e164, displayName: null }, queue: null });
    await expect.poll(() => Object.keys(store.getState().routed)).toEqual([d.decisionId]);
    await fx.core.routing.report({ callId: 'routed-gone', decisionId: d.decisionId, what: 'caller-gone' });
    // Not after the ring timeout and its margin (30 s): now.
    await expect.poll(() => store.getState().routed, { timeout: 1_000 }).toEqual({});
  });

  it('a pushed pop that arrives after its INVITE is not left on the desk above the call or after it', async () => {
    lab = await agentPage('7303');
    holdEvents = [];
    const d = await fx.core.routing.ask({ callId: 'routed-late', caller: { number: OLIVIA.phones[0]!.e164, displayName: null }, queue: null });
    lab.dial([`P-Asserted-Identity: <sip:${OLIVIA.phones[0]!.e164}@carrier.invalid>`, `${ROUTE_HEADER}: ${d.decisionId}`]);
    await expect.poll(() => store.getState().calls.length).toBe(1);
    const late = holdEvents;
    holdEvents = null;
    for (const e of late) deliver?.(e.event, e.payload);
    expect(late.map((e) => e.event)).toContain('routing.offered');
    expect(store.getState().routed).toEqual({});
    const id = store.getState().calls[0]?.id ?? '';
    await expect.poll(() => store.getState().pops[id]?.lookup?.match).toBe('one');
    await fx.core.routing.report({ callId: 'routed-late', decisionId: d.decisionId, what: 'caller-gone' });
  });

  it('a routed INVITE whose pushed pop had no record (withheld caller) is looked up, and the pop waits no more', async () => {
    lab = await agentPage('7304');
    lookups = 0;
    const d = await fx.core.routing.ask({ callId: 'routed-withheld', caller: { number: null, displayName: null }, queue: null });
    expect(d.kind).toBe('agent');
    await expect.poll(() => Object.keys(store.getState().routed)).toEqual([d.decisionId]);
    lab.dial([`${ROUTE_HEADER}: ${d.decisionId}`]);
    await expect.poll(() => store.getState().calls.length).toBe(1);
    expect(store.getState().routed).toEqual({});
    await expect.poll(() => lookups).toBe(1);
    await fx.core.routing.report({ callId: 'routed-withheld', decisionId: d.decisionId, what: 'caller-gone' });
  });
});
