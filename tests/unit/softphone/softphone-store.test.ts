import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient } from '../../../renderer/src/platform/api-client';
import { createMemoryTransport } from '../../../renderer/src/platform/memory-transport';
import { createSoftphoneStore, type SoftphoneStore } from '../../../renderer/src/features/softphone/softphone-store';
import { seededCore, signedInContext, type SeededCore } from '../../support/seeded-core';
import { makeSipLab, type SipLab } from '../../support/sip-fakes';

let fx: SeededCore;
let lab: SipLab;
let store: SoftphoneStore;

beforeAll(async () => {
  fx = await seededCore(200);
});
afterAll(() => fx.cleanup());

async function setUp(): Promise<void> {
  const ctx = await signedInContext(fx.core);
  const api = createApiClient(
    createMemoryTransport({ dispatch: (m, p) => fx.core.dispatch(m, p, ctx), subscribe: (l) => fx.core.subscribe(ctx, l) }),
  );
  store = createSoftphoneStore(api);
  lab = await makeSipLab();
  store.getState().attach(lab.phone);
  await lab.phone.start();
}
afterEach(async () => lab?.close());

const phaseOf = (id: string): string | undefined => store.getState().calls.find((c) => c.id === id)?.state.phase;

describe('softphone store: the pop and call handling over a real core', () => {
  it('looks the caller up the moment the INVITE arrives, before any answer', async () => {
    await setUp();
    lab.dial(['P-Asserted-Identity: <sip:+442079460958@carrier.invalid>']);
    await expect.poll(() => store.getState().calls.length).toBe(1);
    const id = store.getState().calls[0]?.id ?? '';
    await expect.poll(() => store.getState().pops[id]?.lookup?.match).toBe('one');
    expect(phaseOf(id)).toBe('ringing');
    expect(store.getState().pops[id]?.chosenCustomerId).toBe(1);
  });

  it('holds the call in progress (confirmed) before answering a waiting call', async () => {
    await setUp();
    lab.dial(['P-Asserted-Identity: <sip:+442079460958@carrier.invalid>']);
    await expect.poll(() => store.getState().calls.length).toBe(1);
    const first = store.getState().calls[0]?.id ?? '';
    await store.getState().answer(first);
    await expect.poll(() => phaseOf(first)).toBe('active');

    lab.dial(['P-Asserted-Identity: <sip:+442079460960@carrier.invalid>']);
    await expect.poll(() => store.getState().calls.length).toBe(2);
    const second = store.getState().calls[1]?.id ?? '';
    expect(phaseOf(second)).toBe('ringing');
    await store.getState().answer(second);
    await expect.poll(() => phaseOf(second)).toBe('active');
    expect(phaseOf(first)).toBe('held');
    expect(store.getState().lastError).toBeNull();
  });

  it('notes offers painted beside the pop, leaving the pop itself as it was (the card is not rendered again)', async () => {
    await setUp();
    const inviter = lab.dial(['P-Asserted-Identity: <sip:+442079460958@carrier.invalid>']);
    await expect.poll(() => store.getState().calls.length).toBe(1);
    const id = store.getState().calls[0]?.id ?? '';
    await expect.poll(() => store.getState().pops[id]?.chosenCustomerId).toBe(1);
    const pop = store.getState().pops[id];
    store.getState().offersPainted(id, 1);
    store.getState().offersPainted(id, 1);
    expect(store.getState().pops[id]).toBe(pop);
    expect(store.getState().offersShown[id]).toEqual([1]);
    await inviter.cancel();
    await expect.poll(() => store.getState().calls.length).toBe(0);
    expect(store.getState().offersShown[id]).toBeUndefined();
  });

  it('tells who waits for a pop (an auto-answer) once it is painted, or the call ended, or the bound passed', async () => {
    await setUp();
    const resolved: string[] = [];
    const painted = store.getState().whenPopPainted('call-a', 60_000).then(() => resolved.push('painted'));
    const bounded = store.getState().whenPopPainted('call-b', 20).then(() => resolved.push('bound'));
    await bounded;
    expect(resolved).toEqual(['bound']);
    store.getState().popPainted('call-b');
    store.getState().popPainted('call-a');
    await painted;
    expect(resolved).toEqual(['bound', 'painted']);

    const inviter = lab.dial(['P-Asserted-Identity: <sip:+442079460958@carrier.invalid>']);
    await expect.poll(() => store.getState().calls.length).toBe(1);
    const id = store.getState().calls[0]?.id ?? '';
    const ended = store.getState().whenPopPainted(id, 60_000).then(() => resolved.push('ended'));
    await inviter.cancel();
    await ended;
    expect(resolved).toEqual(['bound', 'painted', 'ended']);
  });

  it('drops the call and its pop when the call ends', async () => {
    await setUp();
    const inviter = lab.dial(['P-Asserted-Identity: <sip:+442079460959@carrier.invalid>']);
    await expect.poll(() => store.getState().calls.length).toBe(1);
    const id = store.getState().calls[0]?.id ?? '';
    await expect.poll(() => store.getState().pops[id]?.lookup?.match).toBe('many');
    await inviter.cancel();
    await expect.poll(() => store.getState().calls.length).toBe(0);
    expect(store.getState().pops[id]).toBeUndefined();
  });
});

describe('softphone store: a new call is drawn with its pop', () => {
  /** The store over the seeded core, its lookups answered `delayMs` late; records whether each call first appeared with its pop's data. */
  async function storeWithSlowLookups(delayMs: number, drawWithPopMs: number) {
    const ctx = await signedInContext(fx.core);
    const api = createApiClient(
      createMemoryTransport({
        dispatch: async (m, p) => {
          if (m === 'crm.lookupByPhone') await new Promise((r) => setTimeout(r, delayMs));
          return fx.core.dispatch(m, p, ctx);
        },
        subscribe: (l) => fx.core.subscribe(ctx, l),
      }),
    );
    store = createSoftphoneStore(api, { drawWithPopMs });
    const firstSeen = new Map<string, boolean>();
    store.subscribe((s) => {
      for (const c of s.calls) if (!firstSeen.has(c.id)) firstSeen.set(c.id, s.pops[c.id]?.lookup != null);
    });
    lab = await makeSipLab();
    store.getState().attach(lab.phone);
    await lab.phone.start();
    return firstSeen;
  }

  it('appears together with the caller’s record when the lookup answers within the bound', async () => {
    const firstSeen = await storeWithSlowLookups(100, 10_000);
    lab.dial(['P-Asserted-Identity: <sip:+442079460958@carrier.invalid>']);
    await expect.poll(() => store.getState().calls.length).toBe(1);
    expect([...firstSeen.values()]).toEqual([true]);
    expect(phaseOf(store.getState().calls[0]?.id ?? '')).toBe('ringing');
  });

  it('appears without waiting longer than the bound for a slow lookup, its record following', async () => {
    const firstSeen = await storeWithSlowLookups(1_000, 20);
    lab.dial(['P-Asserted-Identity: <sip:+442079460958@carrier.invalid>']);
    await expect.poll(() => store.getState().calls.length, { timeout: 500 }).toBe(1);
    expect([...firstSeen.values()]).toEqual([false]);
    const id = store.getState().calls[0]?.id ?? '';
    await expect.poll(() => store.getState().pops[id]?.lookup?.match).toBe('one');
  });

  it('never draws a call that ended while it waited for its pop', async () => {
    const firstSeen = await storeWithSlowLookups(500, 10_000);
    const inviter = lab.dial(['P-Asserted-Identity: <sip:+442079460958@carrier.invalid>']);
    await new Promise((r) => setTimeout(r, 100));
    await inviter.cancel();
    await new Promise((r) => setTimeout(r, 800));
    expect(store.getState().calls).toEqual([]);
    expect(firstSeen.size).toBe(0);
  });
});
