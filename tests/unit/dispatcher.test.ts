import { describe, expect, it, vi } from 'vitest';
import { ContractFailure } from '../../shared/contract/errors';
import { newCallContext } from '../../electron/core/dispatch/call-context';
import { createDispatcher, type Handlers } from '../../electron/core/dispatch/dispatcher';
import { methods } from '../../shared/contract/methods';

const agent = { id: 7, name: 'Sam', extension: '1001', role: 'agent' as const };
const status = { agentId: 7, state: 'available' as const, reason: null, since: 1 };

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  const notUsed = (): never => {
    throw new Error('not used in this test');
  };
  const unused = Object.fromEntries(Object.keys(methods).map((name) => [name, notUsed])) as unknown as Handlers;
  return {
    ...unused,
    'system.ping': () => ({ version: 'test', serverTime: 123 }),
    'agent.signIn': (_input, ctx) => {
      ctx.session.agent = agent;
      return { agent, status, session: { token: 'a-session-token-for-tests', idleExpiryMs: 60_000 }, demo: false };
    },
    'agent.setState': () => status,
    ...overrides,
  };
}

function dispatcher(overrides: Partial<Handlers> = {}, onInternalError = vi.fn()) {
  return { dispatch: createDispatcher(handlers(overrides), { validateOutput: true, onInternalError }), onInternalError };
}

describe('dispatcher', () => {
  it('answers a known method with an ok envelope', async () => {
    const { dispatch } = dispatcher();
    expect(await dispatch('system.ping', {}, newCallContext())).toEqual({ ok: true, value: { version: 'test', serverTime: 123 } });
  });

  it('answers an unknown method with UNKNOWN_METHOD, including names inherited from Object', async () => {
    const { dispatch } = dispatcher();
    for (const name of ['crm.dropTables', 'toString', '__proto__', 'constructor']) {
      const r = await dispatch(name, {}, newCallContext());
      expect(r.ok ? null : r.error.code).toBe('UNKNOWN_METHOD');
    }
  });

  it('answers bad input with INVALID_INPUT and the failing fields', async () => {
    const { dispatch } = dispatcher();
    const r = await dispatch('agent.signIn', { name: '', extension: 'has spaces' }, newCallContext());
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('INVALID_INPUT');
    const paths = (r.error.details as { path: string }[]).map((d) => d.path).sort();
    expect(paths).toEqual(['extension', 'name']);
  });

  it('refuses signed-in methods before sign-in and allows them after, on the same context', async () => {
    const { dispatch } = dispatcher();
    const ctx = newCallContext();
    const before = await dispatch('agent.setState', { state: 'available' }, ctx);
    expect(before.ok ? null : before.error.code).toBe('UNAUTHENTICATED');
    await dispatch('agent.signIn', { name: 'Sam', extension: '1001' }, ctx);
    expect((await dispatch('agent.setState', { state: 'available' }, ctx)).ok).toBe(true);
    const other = await dispatch('agent.setState', { state: 'available' }, newCallContext());
    expect(other.ok ? null : other.error.code).toBe('UNAUTHENTICATED');
  });

  it('turns a ContractFailure into its code and message', async () => {
    const { dispatch } = dispatcher({
      'system.ping': () => {
        throw new ContractFailure('NOT_FOUND', 'nothing here', { id: 1 });
      },
    });
    expect(await dispatch('system.ping', {}, newCallContext())).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'nothing here', details: { id: 1 } },
    });
  });

  it('hides unexpected errors behind INTERNAL and reports them to the log hook', async () => {
    const { dispatch, onInternalError } = dispatcher({
      'system.ping': () => {
        throw new Error('secret stack detail');
      },
    });
    const r = await dispatch('system.ping', {}, newCallContext());
    expect(r).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'system.ping failed unexpectedly' } });
    expect(onInternalError).toHaveBeenCalledOnce();
  });

  it('catches a handler whose output breaks the contract', async () => {
    const { dispatch } = dispatcher({ 'system.ping': () => ({ version: 1 }) as never });
    const r = await dispatch('system.ping', {}, newCallContext());
    expect(r.ok ? null : r.error.code).toBe('INTERNAL');
  });
});
