import { z } from 'zod';
import * as agent from './schemas/agent';
import * as audit from './schemas/audit';
import * as agentAdmin from './schemas/agent-admin';
import * as board from './schemas/board';
import * as calls from './schemas/calls';
import { cleanedText, empty, entityId } from './schemas/common';
import * as crm from './schemas/crm';
import * as metrics from './schemas/metrics';
import * as routing from './schemas/routing';
import * as pbx from './schemas/pbx';
import * as sip from './schemas/sip';
import { demoCall } from './schemas/demo-line';
import { settings } from './schemas/settings';
import * as wrapUp from './schemas/wrap-up';

/** Who may call a method. Enforced by the core dispatcher, not by the UI. */
/** `pbx`: only the PBX machine principal (signed in with `pbx.signIn`), never an agent or a supervisor. */
export type Access = 'public' | 'signed-in' | 'supervisor' | 'board' | 'pbx';

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
    summary: 'Sign in with extension and password (issued by a supervisor); the connection acts as that agent and gets a session token to resume with.',
  }),
  'agent.signInOptions': method({
    input: empty,
    output: z.object({ quickStart: z.boolean() }),
    access: 'public',
    summary: 'How this host signs agents in: quickStart when the loopback demo lets an agent in by extension alone.',
  }),
  'agent.resume': method({
    input: agent.resumeInput,
    output: agent.signInOutput,
    access: 'public',
    summary: 'After a reload or a reconnect: carry on the session of this token (same presence, same calls).',
  }),
  'phone.sipCredential': method({
    input: empty,
    output: sip.sipCredentialOutput,
    access: 'signed-in',
    summary: "This agent's time-limited SIP credential for the server's PBX (its own extension only); null when the server provisions no PBX.",
  }),
  'agent.signOutEverywhere': method({
    input: empty,
    output: agent.agentStatus,
    access: 'signed-in',
    summary: "Go offline and end every one of this agent's sessions, on every desk.",
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
  'agent.setNextState': method({
    input: agent.setStateInput,
    output: agent.agentStatus,
    access: 'signed-in',
    summary: 'Choose the state to go to when the current calls and their wrap-ups are done (now, when there are none).',
  }),
  'calls.report': method({
    input: calls.reportCallEventInput,
    output: calls.reportCallEventOutput,
    access: 'signed-in',
    summary: 'The softphone reports a call event as it happens; stored at once with its time. Replays are recognised by eventId.',
  }),
  'wrapUp.get': method({
    input: wrapUp.callIdInput,
    output: wrapUp.wrapUp,
    access: 'signed-in',
    summary: 'The wrap-up of one of your calls: saved draft, dispositions for its queue, time box.',
  }),
  'wrapUp.pending': method({
    input: empty,
    output: z.object({ wrapUps: z.array(wrapUp.wrapUp) }),
    access: 'signed-in',
    summary: 'Your calls of the last day whose wrap-up is not submitted yet, with their drafts.',
  }),
  'wrapUp.saveDraft': method({
    input: wrapUp.saveDraftInput,
    output: wrapUp.wrapUp,
    access: 'signed-in',
    summary: 'Save the form as typed; an older revision than the stored one is ignored.',
  }),
  'wrapUp.submit': method({
    input: wrapUp.submitInput,
    output: z.object({ wrapUp: wrapUp.wrapUp, status: agent.agentStatus }),
    access: 'signed-in',
    summary: 'Log the outcome: ends after-call work (if still running) and applies the next state. A resend with the same requestId is applied once.',
  }),
  'wrapUp.setDispositions': method({
    input: wrapUp.setDispositionsInput,
    output: z.object({ dispositions: z.array(wrapUp.disposition) }),
    access: 'supervisor',
    summary: 'Replace the disposition list of a queue (or the default list); past wrap-ups keep theirs.',
  }),
  'wrapUp.extend': method({
    input: wrapUp.callIdInput,
    output: wrapUp.wrapUp,
    access: 'signed-in',
    summary: 'Time-boxed after-call work: add the configured extension to the box.',
  }),
  'metrics.query': method({
    input: metrics.metricsQueryInput,
    output: metrics.metricsReport,
    access: 'signed-in',
    summary: 'AHT, FRT, FCR, service level and the rest for a scope and range, each with its formula, calls and target. Agents see only their own.',
  }),
  'sla.targets': method({
    input: empty,
    output: z.object({ targets: z.array(metrics.slaTarget.extend({ scopeId: z.number().int().nullable() })) }),
    access: 'signed-in',
    summary: 'Every SLA target: the defaults and each queue or team override.',
  }),
  'sla.setTarget': method({
    input: metrics.setTargetInput,
    output: z.object({ saved: z.boolean() }),
    access: 'supervisor',
    summary: 'Set a target (and optionally its amber band) for the centre, a queue or a team.',
  }),
  'reports.exportCalls': method({
    input: metrics.exportCallsInput,
    output: metrics.exportOutput,
    access: 'signed-in',
    summary: 'CSV of call legs offered in a range with raw timestamps and outcome; all agents for supervisors.',
  }),
  'reports.exportMetrics': method({
    input: metrics.exportMetricsInput,
    output: metrics.exportOutput,
    access: 'signed-in',
    summary: 'CSV of a metrics report: value, target, red/amber/green and formula per metric.',
  }),
  'board.subscribe': method({
    input: empty,
    output: board.boardSnapshot,
    access: 'board',
    summary: 'The live board: a snapshot with its sequence number, then board.delta events on this connection.',
  }),
  'board.resync': method({
    input: z.object({ since: board.boardSeq }),
    output: board.resyncOutput,
    access: 'board',
    summary: 'After a gap or a reconnect: the deltas since a sequence number, or a fresh snapshot when they are gone.',
  }),
  'board.ackAlert': method({
    input: z.object({ alertId: z.string().max(128) }),
    output: board.boardAlert,
    access: 'supervisor',
    summary: 'Acknowledge an alert (stops its sound on every board).',
  }),
  'board.trace': method({
    input: board.boardCellRef,
    output: board.boardTrace,
    access: 'supervisor',
    summary: 'Drill-down, first step: a number on the board as it stands now, with the ids of the calls behind it (NOT_FOUND for a number the board does not show).',
  }),
  'board.calls': method({
    input: z.object({ callIds: z.array(entityId).min(1).max(1000) }),
    output: z.object({ calls: z.array(board.callSummary) }),
    access: 'supervisor',
    summary: 'Drill-down: the calls behind a number, with their raw timestamps and outcome.',
  }),
  'routing.overview': method({
    input: empty,
    output: routing.routingOverview,
    access: 'supervisor',
    summary: "Routing as it stands: each queue's policy (strategy, skills, sticky, VIP rule, max wait, bullseye), callers waiting, agents' skills and languages.",
  }),
  'routing.setQueue': method({
    input: routing.setQueueRoutingInput,
    output: routing.queueRouting,
    access: 'supervisor',
    summary: "Change part of a queue's routing policy (null: the default queue); the next decision uses it; audit-logged.",
  }),
  'routing.callDecisions': method({
    input: routing.callRoutingInput,
    output: routing.callRoutingOutput,
    access: 'supervisor',
    summary: "Drill-down: every routing decision of a call's caller — step, agents offered, who was left out and why.",
  }),
  'routing.callbackOutcome': method({
    input: routing.callbackOutcomeInput,
    output: routing.callbackOutcomeOutput,
    access: 'signed-in',
    summary: 'The agent offered a callback task dialled it (done) or skipped it (offered to someone else); only that agent may say.',
  }),
  'routing.popShown': method({
    input: routing.popShownInput,
    output: routing.popShownOutput,
    access: 'signed-in',
    summary: "The desk painted the caller's pop pushed for this decision; the router was holding the INVITE for it (bounded) and rings now. Only the offered agent may say.",
  }),
  'supervisor.setAgentState': method({
    input: z.object({ agentId: entityId, state: z.enum(['available', 'break', 'offline']), reason: cleanedText(1, 40) }),
    output: agent.agentStatus,
    access: 'supervisor',
    summary: "Change an agent's state, with a reason (recorded with the supervisor's name).",
  }),
  'wallboard.createToken': method({
    input: z.object({ label: cleanedText(1, 60), expiresInDays: z.number().int().min(1).max(3650).optional() }),
    output: z.object({ token: z.string(), label: z.string() }),
    access: 'supervisor',
    summary: 'A read-only token for a wallboard screen; shown once, stored hashed.',
  }),
  'queues.create': method({
    input: z.object({ name: cleanedText(1, 64) }).strict(),
    output: z.object({ queueId: entityId, name: z.string(), created: z.boolean() }),
    access: 'supervisor',
    summary: 'Add a queue (or find it by name): calls name a queue only once it exists; a name the PBX sends that is not one is kept off the board.',
  }),
  'wallboard.listTokens': method({
    input: empty,
    output: z.object({ tokens: z.array(agentAdmin.wallboardTokenInfo) }),
    access: 'supervisor',
    summary: 'Every wallboard token (never the token itself): label, created, expiry, last used, revoked.',
  }),
  'wallboard.revokeToken': method({
    input: z.object({ tokenId: entityId }),
    output: agentAdmin.wallboardTokenInfo,
    access: 'supervisor',
    summary: 'Revoke a wallboard token: screens using it stop receiving at once.',
  }),
  'agents.list': method({
    input: empty,
    output: agentAdmin.agentDirectory,
    access: 'supervisor',
    summary: 'Every agent and supervisor account, with the teams and queues to assign.',
  }),
  'agents.create': method({
    input: agentAdmin.createAgentInput,
    output: agentAdmin.issuedPassword,
    access: 'supervisor',
    summary: 'Create an agent (or supervisor) with a generated password, shown once.',
  }),
  'agents.update': method({
    input: agentAdmin.updateAgentInput,
    output: agentAdmin.agentAccount,
    access: 'supervisor',
    summary: 'Change name, role, team, queues, skills, languages or active; deactivating or demoting ends their sessions at once.',
  }),
  'agents.resetPassword': method({
    input: z.object({ agentId: entityId }),
    output: agentAdmin.issuedPassword,
    access: 'supervisor',
    summary: "Issue a new generated password (shown once); the agent's sessions end.",
  }),
  'wallboard.signIn': method({
    input: z.object({ token: z.string().min(16).max(128) }),
    output: z.object({ label: z.string() }),
    access: 'public',
    summary: 'A wallboard connection presents its read-only token: it may then read the board and nothing else.',
  }),
  'pbx.signIn': method({
    input: pbx.pbxSignInInput,
    output: z.object({ label: z.string() }),
    access: 'public',
    summary: 'The PBX adapter presents its machine credential: the connection may then ask for routes and report calls, and nothing else.',
  }),
  'pbx.createCredential': method({
    input: z.object({ label: cleanedText(1, 60) }).strict(),
    output: z.object({ token: z.string(), label: z.string() }),
    access: 'supervisor',
    summary: "A credential for a PBX adapter (FRONTLINE_PBX_TOKEN); shown once, stored hashed.",
  }),
  'pbx.listCredentials': method({
    input: empty,
    output: z.object({ credentials: z.array(pbx.pbxCredentialInfo) }),
    access: 'supervisor',
    summary: 'Every PBX credential with its last use (never the secret).',
  }),
  'pbx.revokeCredential': method({
    input: z.object({ credentialId: entityId }).strict(),
    output: pbx.pbxCredentialInfo,
    access: 'supervisor',
    summary: 'Revoke a PBX credential; adapters signed in with it are signed out at once.',
  }),
  'routing.ask': method({
    input: pbx.routeRequest,
    output: pbx.routeDecision,
    access: 'pbx',
    summary: 'The PBX asks where a caller goes: an agent (already reserved, pop pushed), wait, release or reject.',
  }),
  'routing.report': method({
    input: pbx.routeReport,
    output: z.object({ recorded: z.boolean() }),
    access: 'pbx',
    summary: 'What the PBX saw of a routed call: answered, the caller gone, or the offer failed (asked again next).',
  }),
  'audit.list': method({
    input: audit.auditQuery,
    output: z.object({ entries: z.array(audit.auditEntry) }),
    access: 'supervisor',
    summary: 'The security audit trail, newest first: sign-ins and failures, supervisor actions, refused connections (never a secret).',
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
