import { z } from 'zod';
import * as agent from './schemas/agent';
import { empty } from './schemas/common';
import * as crm from './schemas/crm';
import { demoCall } from './schemas/demo-line';
import { settings } from './schemas/settings';

/** Who may call a method. Enforced by the core dispatcher, not by the UI. */
export type Access = 'public' | 'signed-in';

interface MethodSpec<I extends z.ZodType, O extends z.ZodType> {
  input: I;
  output: O;
  access: Access;
  summary: string;
}

function method<I extends z.ZodType, O extends z.ZodType>(spec: MethodSpec<I, O>): MethodSpec<I, O> {
  return spec;
}

/** Every method any host exposes, named `domain.verb`. The core must implement each one (a missing handler is a compile error). */
export const methods = {
  'system.ping': method({
    input: empty,
    output: z.object({ version: z.string(), serverTime: z.number().int() }),
    access: 'public',
    summary: 'Liveness and clock check.',
  }),
  'settings.get': method({
    input: empty,
    output: settings,
    access: 'public',
    summary: 'Effective settings (defaults overlaid by configuration).',
  }),
  'agent.signIn': method({
    input: agent.signInInput,
    output: agent.signInOutput,
    access: 'public',
    summary: 'Sign in as an agent by name and extension; the connection acts as that agent from then on.',
  }),
  'agent.signOut': method({
    input: empty,
    output: agent.agentStatus,
    access: 'signed-in',
    summary: 'Go offline and end the session on this connection.',
  }),
  'agent.setState': method({
    input: agent.setStateInput,
    output: agent.agentStatus,
    access: 'signed-in',
    summary: 'Change own presence: available, break (with a reason code) or offline.',
  }),
  'crm.lookupByPhone': method({
    input: crm.lookupByPhoneInput,
    output: crm.lookupByPhoneOutput,
    access: 'signed-in',
    summary: 'Screen-pop lookup: every customer on a caller number with balance, spend, purchases and value tier.',
  }),
  'crm.searchCustomers': method({
    input: crm.searchCustomersInput,
    output: crm.searchCustomersOutput,
    access: 'signed-in',
    summary: 'Find customers by phone (any format), email, customer number or name prefix.',
  }),
  'crm.getCustomer': method({
    input: crm.getCustomerInput,
    output: crm.customerRecord,
    access: 'signed-in',
    summary: 'One customer record by id.',
  }),
  'crm.createCustomer': method({
    input: crm.createCustomerInput,
    output: crm.customerRecord,
    access: 'signed-in',
    summary: 'Quick-create a customer for an unknown caller, with their number as the primary phone.',
  }),
  'offers.recordOutcome': method({
    input: crm.recordOfferOutcomeInput,
    output: z.object({ recorded: z.boolean() }),
    access: 'signed-in',
    summary: 'Record that an offer was shown, accepted or declined (declines suppress it for the cool-down).',
  }),
  'demoLine.callNow': method({
    input: z
      .object({
        /** Ring as this number (null: withheld); a random demo caller when absent. */
        e164: z.string().max(32).nullable().optional(),
        /** Caller-ID name to send, up to 4 KB (to try hostile names safely). */
        displayName: z.string().max(4096).nullable().optional(),
      })
      .strict(),
    output: demoCall,
    access: 'signed-in',
    summary: 'Demo line only: ring this agent now with a demo caller.',
  }),
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
export type ParsedInput<M extends MethodName> = z.output<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Methods[M]['output']>;

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(methods, name);
}
