import { describe, expect, it } from 'vitest';
import { err, ok, type Result } from '../../../shared/contract/result';
import type { WrapUp, WrapUpFields } from '../../../shared/contract/schemas/wrap-up';
import { createWrapUpStore } from '../../../renderer/src/features/wrap-up/wrap-up-store';
import type { ApiClient } from '../../../renderer/src/platform/api-client';

const FIELDS: WrapUpFields = { dispositionCode: 'resolved', resolved: true, notes: '', offerCode: null, offerOutcome: null, callbackAt: null, tags: [] };
const WRAP_UP: WrapUp = { callId: 7, fields: FIELDS, revision: 0, submitted: false, endedAt: null, deadline: null, mode: 'optional', dispositions: [], caller: null, customerId: null, callEndedAt: 1 };
const STATUS = { agentId: 1, state: 'available', reason: null, since: 1 };

/** An API whose wrapUp.submit answers from a script, recording the submits sent. */
function scriptedApi(answer: (n: number) => Result<unknown>) {
  const sent: { requestId?: string; notes: string }[] = [];
  const api = {
    call: async (method: string, params: { requestId?: string; fields: WrapUpFields }) => {
      if (method === 'wrapUp.get') return ok(WRAP_UP);
      if (method !== 'wrapUp.submit') return ok({});
      sent.push({ requestId: params.requestId, notes: params.fields.notes });
      return answer(sent.length);
    },
  } as unknown as ApiClient;
  return { api, sent };
}

describe('wrap-up submit from the desk', () => {
  it('resends a submit whose answer was lost under the same requestId until it is answered', async () => {
    const { api, sent } = scriptedApi((n) => (n < 3 ? err(n === 1 ? 'TRANSPORT_CLOSED' : 'TIMEOUT', 'lost') : ok({ wrapUp: { ...WRAP_UP, submitted: true }, status: STATUS })));
    const statuses: unknown[] = [];
    const store = createWrapUpStore(api, (s) => statuses.push(s), 1);
    await store.getState().add(7);
    expect(await store.getState().submit(7)).toEqual(STATUS);
    expect(sent).toHaveLength(3);
    expect(sent[0]!.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(sent.map((s) => s.requestId)).size).toBe(1);
    expect(statuses).toEqual([STATUS]);
    expect(store.getState().items).toEqual([]);
  });

  it('does not resend a refused submit, and sends an edited form under a new requestId', async () => {
    const { api, sent } = scriptedApi((n) => (n === 1 ? err('INVALID_INPUT', 'a disposition and resolved yes/no are required') : ok({ wrapUp: WRAP_UP, status: STATUS })));
    const store = createWrapUpStore(api, () => {}, 1);
    await store.getState().add(7);
    expect(await store.getState().submit(7)).toBeNull();
    expect(store.getState().error).toContain('a disposition and resolved yes/no are required');
    store.getState().edit(7, { notes: 'fixed' });
    expect(await store.getState().submit(7)).toEqual(STATUS);
    expect(sent.map((s) => s.notes)).toEqual(['', 'fixed']);
    expect(sent[0]!.requestId).not.toBe(sent[1]!.requestId);
  });

  it('keeps the requestId when the agent presses Submit again on an unchanged form after giving up', async () => {
    const { api, sent } = scriptedApi((n) => (n <= 20 ? err('TRANSPORT_CLOSED', 'offline') : ok({ wrapUp: WRAP_UP, status: STATUS })));
    const store = createWrapUpStore(api, () => {}, 1);
    await store.getState().add(7);
    expect(await store.getState().submit(7)).toBeNull();
    expect(sent).toHaveLength(20);
    expect(await store.getState().submit(7)).toEqual(STATUS);
    expect(new Set(sent.map((s) => s.requestId)).size).toBe(1);
  });
});
