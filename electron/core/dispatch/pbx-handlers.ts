import type { RoutingPort } from '../../../shared/domain/routing/route-protocol';
import type { IssuedTokens } from '../auth/issued-tokens';
import type { CallContext } from './call-context';
import type { Handlers } from './dispatcher';

type PbxMethods = 'pbx.signIn' | 'pbx.createCredential' | 'pbx.listCredentials' | 'pbx.revokeCredential' | 'routing.ask' | 'routing.report';

/**
 * The PBX machine principal's methods (ADR 0029): sign-in with a PBX credential, its management by
 * supervisors, and the routing seam. A revoked credential signs its live adapters out at once.
 */
export function createPbxHandlers(deps: { credentials: IssuedTokens; routing: RoutingPort }): Pick<Handlers, PbxMethods> {
  const { credentials, routing } = deps;
  const live = new Map<number, Set<WeakRef<CallContext>>>();
  return {
    'pbx.signIn': async ({ token }, ctx) => {
      const { id, label } = await credentials.verify(token);
      const pbx = { credentialId: id, label };
      ctx.session.pbx = pbx;
      const set = live.get(pbx.credentialId) ?? new Set();
      set.add(new WeakRef(ctx));
      live.set(pbx.credentialId, set);
      return { label: pbx.label };
    },
    'pbx.createCredential': ({ label }, ctx) => credentials.create(label, ctx.session.agent?.id ?? null),
    'pbx.listCredentials': async () => ({ credentials: await credentials.list() }),
    'pbx.revokeCredential': async ({ credentialId }) => {
      const revoked = await credentials.revoke(credentialId);
      for (const ref of live.get(credentialId) ?? []) {
        const ctx = ref.deref();
        if (ctx?.session.pbx?.credentialId === credentialId) ctx.session.pbx = null;
      }
      live.delete(credentialId);
      return revoked;
    },
    'routing.ask': (request) => routing.ask(request),
    'routing.report': async (report) => {
      await routing.report(report);
      return { recorded: true };
    },
  };
}
