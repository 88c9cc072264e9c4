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

/** An available agent's page (real core over the memory transport, sip.js with fake transport/media), counting lookups it makes. */
async function agentPage(): Promise<SipLab> {
  const ctx = await signedInContext(fx.core, '7301');
  await fx.core.dispatch('agent.setState', { state: 'available' }, ctx);
  await fx.core.settled();
  const api = createApiClient(
    createMemoryTransport({
      dispatch: (m, p) => {
        if (m === 'crm.lookupByPhone') lookups++;
        return fx.core.dispatch(m, p, ctx);
      },
      subscribe: (l) => fx.core.subscribe(ctx, l),
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
});
