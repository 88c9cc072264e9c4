import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAppStores, type AppStores } from '../../../renderer/src/app/composition-root';
import { createApiClient } from '../../../renderer/src/platform/api-client';
import { createMemoryTransport } from '../../../renderer/src/platform/memory-transport';
import { seededCore, signedInContext, type SeededCore } from '../../support/seeded-core';
import { makeSipLab, type SipLab } from '../../support/sip-fakes';

let fx: SeededCore;
let lab: SipLab | null = null;

beforeAll(async () => {
  fx = await seededCore(200);
});
afterAll(() => fx.cleanup());
afterEach(async () => {
  await lab?.close();
  lab = null;
});

async function desk(): Promise<{ stores: AppStores; lab: SipLab }> {
  const ctx = await signedInContext(fx.core);
  const api = createApiClient(createMemoryTransport({ dispatch: (m, p) => fx.core.dispatch(m, p, ctx), subscribe: (l) => fx.core.subscribe(ctx, l) }));
  const stores = createAppStores(api);
  lab = await makeSipLab();
  stores.softphone.getState().attach(lab.phone);
  await lab.phone.start();
  return { stores, lab };
}

describe('recent callers (ADR 0055): the pop first', () => {
  it('learn the pop’s customer only once the pop is painted, not when its data arrives', async () => {
    const { stores, lab } = await desk();
    lab.dial(['P-Asserted-Identity: <sip:+442079460958@carrier.invalid>']);
    await expect.poll(() => stores.softphone.getState().calls.length).toBe(1);
    const id = stores.softphone.getState().calls[0]?.id ?? '';
    await expect.poll(() => stores.softphone.getState().pops[id]?.chosenCustomerId).toBe(1);
    // Frames and tasks go by (a page would have painted by now); nothing said the pop was painted.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stores.customers.getState().recent.map((r) => r.id)).toEqual([]);
    stores.softphone.getState().popPainted(id);
    await expect.poll(() => stores.customers.getState().recent.map((r) => r.id)).toEqual([1]);
  });
});
