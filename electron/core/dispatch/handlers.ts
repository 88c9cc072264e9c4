import { ContractFailure } from '../../../shared/contract/errors';
import type { AgentService } from '../agents/agent-service';
import type { CrmService } from '../crm/crm-service';
import type { Database } from '../db/schema';
import type { DemoLine } from '../demo/demo-line';
import { recordOfferOutcome } from '../offers/offer-outcomes';
import type { Kysely } from 'kysely';
import type { SettingsStore } from '../settings/settings-store';
import type { CallContext } from './call-context';
import type { Handlers } from './dispatcher';

export interface HandlerDeps {
  db: Kysely<Database>;
  version: string;
  now: () => number;
  settings: SettingsStore;
  agents: AgentService;
  crm: CrmService;
  demoLine: DemoLine;
}

function signedInAgentId(ctx: CallContext): number {
  const agent = ctx.session.agent;
  // The dispatcher checks access first; this guards handlers called some other way.
  if (agent === null) throw new ContractFailure('UNAUTHENTICATED', 'not signed in');
  return agent.id;
}

/** Binds every contract method to the core services. */
export function createHandlers({ db, version, now, settings, agents, crm, demoLine }: HandlerDeps): Handlers {
  return {
    'system.ping': () => ({ version, serverTime: now() }),
    'settings.get': () => settings.get(),
    'agent.signIn': async ({ name, extension }, ctx) => {
      const result = await agents.signIn(name, extension);
      ctx.session.agent = result.agent;
      return result;
    },
    'agent.signOut': async (_input, ctx) => {
      const status = await agents.signOut(signedInAgentId(ctx));
      ctx.session.agent = null;
      return status;
    },
    'agent.setState': ({ state, reason }, ctx) => agents.setState(signedInAgentId(ctx), state, reason),
    'crm.lookupByPhone': ({ phone, region }) => crm.lookupByPhone(phone, region),
    'crm.searchCustomers': ({ query, limit }) => crm.searchCustomers(query, limit),
    'crm.getCustomer': ({ customerId }) => crm.getCustomer(customerId),
    'crm.createCustomer': (input) => crm.createCustomer(input),
    'demoLine.callNow': (input, ctx) => {
      if (!settings.get().demoLine) throw new ContractFailure('CONFLICT', 'a PBX is configured: the demo line is off');
      return demoLine.offer(signedInAgentId(ctx), input);
    },
    'offers.recordOutcome': async (input) => {
      await recordOfferOutcome(db, input, now());
      return { recorded: true };
    },
  };
}
