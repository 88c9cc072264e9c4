import { ContractFailure } from '../../../shared/contract/errors';
import { breakReasonProblem } from '../../../shared/domain/agent-presence';
import { METRIC_DIRECTIONS } from '../../../shared/domain/metrics/sla';
import type { MetricName } from '../../../shared/domain/metrics/types';
import type { AgentService } from '../agents/agent-service';
import type { Presence } from '../agents/presence';
import type { DeskReports } from '../calls/desk-reports';
import type { QueueDirectory } from '../calls/queue-directory';
import type { WrapUpService } from '../calls/wrap-up-service';
import { replaceDispositions } from '../calls/wrap-up-store';
import type { IssuedTokens } from '../auth/issued-tokens';
import type { AuditLog } from '../audit/audit-log';
import type { AgentDirectory } from '../auth/agent-directory';
import type { DeskSessions } from '../auth/desk-sessions';
import type { LiveSessions } from '../auth/live-sessions';
import { WALLBOARD_REVOKED } from '../auth/live-endings';
import type { BoardService } from '../board/board-service';
import { callSummaries } from '../board/drill-down';
import { deltaForWallboard, snapshotForWallboard } from '../board/wallboard-view';
import type { MetricsService } from '../metrics/metrics-service';
import type { SlaTargets } from '../metrics/sla-targets';
import { exportCallsCsv, metricsCsv } from '../reports/csv-export';
import { checkRange, createWorkGate, HEAVY_CONCURRENCY, HEAVY_MAX_WAITING } from '../reports/query-bounds';
import type { EventLog } from '../log/event-log';
import type { ProjectionRunner } from '../log/projection-runner';
import type { CrmService } from '../crm/crm-service';
import type { Database } from '../db/schema';
import type { DemoLine } from '../demo/demo-line';
import { recordOfferOutcome } from '../offers/offer-outcomes';
import type { Kysely } from 'kysely';
import type { SettingsStore } from '../settings/settings-store';
import type { CallContext } from './call-context';
import type { RoutingPort } from '../../../shared/domain/routing/route-protocol';
import { issueSipCredential, type SipProvisioning } from '../auth/sip-credentials';
import { createPbxHandlers } from './pbx-handlers';
import type { Handlers } from './dispatcher';
import type { RoutingAdmin } from '../routing/routing-admin';
import type { RoutingService } from '../routing/routing-service';

export interface HandlerDeps {
  db: Kysely<Database>;
  log: EventLog;
  projections: ProjectionRunner;
  version: string;
  now: () => number;
  settings: SettingsStore;
  agents: AgentService;
  presence: Presence;
  crm: CrmService;
  demoLine: DemoLine;
  /** `calls.report` from desks: the recorder behind the desk-clock rule (ADR 0057). */
  deskReports: DeskReports;
  wrapUps: WrapUpService;
  metrics: MetricsService;
  targets: SlaTargets;
  board: BoardService;
  wallboards: IssuedTokens;
  audit: AuditLog;
  queues: QueueDirectory;
  sessions: DeskSessions;
  live: LiveSessions;
  directory: AgentDirectory;
  routing: RoutingAdmin & { callbackOutcome: RoutingService['callbackOutcome']; popShown: RoutingService['popShown'] };
  pbxCredentials: IssuedTokens;
  routingPort: RoutingPort;
  /** The PBX whose SIP credentials this server issues to signed-in agents (ADR 0032); null: none. */
  sipProvisioning: SipProvisioning | null;
}

/** A partial input without the keys left out (zod's optional keys may be present as undefined). */
function stripUndefined<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** How far back unsubmitted wrap-ups are offered again after a reload or crash. */
const PENDING_WRAP_UP_MS = 24 * 3600_000;

function signedInAgentId(ctx: CallContext): number {
  const agent = ctx.session.agent;
  // The dispatcher checks access first; this guards handlers called some other way.
  if (agent === null) throw new ContractFailure('UNAUTHENTICATED', 'not signed in');
  return agent.id;
}

/** Binds every contract method to the core services. */
export function createHandlers(deps: HandlerDeps): Handlers {
  const { db, log, projections, version, now, settings, agents, crm, demoLine, deskReports, wrapUps, metrics, targets, board, wallboards, audit, queues, sessions, live, directory, routing } = deps;
  const heavy = createWorkGate(HEAVY_CONCURRENCY, HEAVY_MAX_WAITING);
  const viewer = (ctx: CallContext) => {
    signedInAgentId(ctx);
    return ctx.session.agent as NonNullable<CallContext['session']['agent']>;
  };
  return {
    ...createPbxHandlers({ credentials: deps.pbxCredentials, routing: deps.routingPort }),
    'system.ping': () => ({ version, serverTime: now() }),
    'settings.get': () => settings.get(),
    'agent.signIn': (input, ctx) => sessions.signIn(input, ctx),
    'agent.resume': (input, ctx) => sessions.resume(input, ctx),
    'agent.signInOptions': () => ({ quickStart: sessions.quickStart() }),
    'agent.signOut': (_input, ctx) => sessions.signOut(ctx, false),
    'agent.signOutEverywhere': (_input, ctx) => sessions.signOut(ctx, true),
    'phone.sipCredential': (_input, ctx) => {
      const provisioning = deps.sipProvisioning;
      return { credential: provisioning === null ? null : issueSipCredential(provisioning, viewer(ctx).extension, now()) };
    },
    'agent.setState': ({ state, reason }, ctx) => agents.setState(signedInAgentId(ctx), state, reason),
    'agent.setNextState': ({ state, reason }, ctx) => {
      const agentId = signedInAgentId(ctx);
      const problem = state === 'break' ? breakReasonProblem(reason, settings.get().breakReasons) : null;
      if (problem !== null) throw new ContractFailure('INVALID_INPUT', problem.message);
      return agents.setNext(agentId, { state, reason: state === 'break' ? (reason ?? null) : null });
    },
    'calls.report': (input, ctx) => deskReports.report(signedInAgentId(ctx), input, ctx),
    'wrapUp.get': ({ callId }, ctx) => wrapUps.get(signedInAgentId(ctx), callId),
    'wrapUp.pending': async (_input, ctx) => ({ wrapUps: await wrapUps.pending(signedInAgentId(ctx), now() - PENDING_WRAP_UP_MS) }),
    'wrapUp.saveDraft': ({ callId, revision, fields }, ctx) => wrapUps.saveDraft(signedInAgentId(ctx), callId, revision, fields),
    'wrapUp.submit': ({ callId, fields, requestId }, ctx) => wrapUps.submit(signedInAgentId(ctx), callId, fields, requestId),
    'wrapUp.setDispositions': async ({ queueId, dispositions }) => {
      if (queueId !== null && (await db.selectFrom('queues').select('id').where('id', '=', queueId).executeTakeFirst()) === undefined) {
        throw new ContractFailure('NOT_FOUND', `no queue ${queueId}`);
      }
      return {
        dispositions: await log.transact(async (tx) => {
          const list = await replaceDispositions(tx, queueId, dispositions);
          await log.append(tx, { type: 'dispositions.set', data: { queueId, count: list.length } }, now());
          return list;
        }),
      };
    },
    'wrapUp.extend': ({ callId }, ctx) => wrapUps.extend(signedInAgentId(ctx), callId),
    'metrics.query': async ({ scope, range, bucketMinutes }, ctx) => {
      const who = viewer(ctx);
      checkRange(who, range);
      await projections.settled();
      // Today comes from memory; a chosen range reads the database and waits its turn.
      return range === undefined ? metrics.report(who, scope, range, bucketMinutes) : heavy(() => metrics.report(who, scope, range, bucketMinutes));
    },
    'sla.targets': async () => ({
      targets: (await targets.all()).flatMap((row) => {
        const direction = METRIC_DIRECTIONS[row.metric as MetricName];
        if (direction === undefined) return [];
        const scope = row.scope as 'default' | 'queue' | 'team';
        return [{ metric: row.metric, target: row.target, amberBand: row.amber_band, direction, scope, scopeId: row.scope_id }];
      }),
    }),
    'sla.setTarget': async (input) => {
      await log.transact(async (tx) => {
        const amberBand = await targets.set(tx, input, now());
        const { metric, scope, scopeId, target } = input;
        await log.append(tx, { type: 'sla.targetSet', data: { metric, scope, scopeId, target, amberBand } }, now());
      });
      return { saved: true };
    },
    'reports.exportCalls': async ({ range, scope }, ctx) => {
      const who = viewer(ctx);
      if (scope === 'all' && who.role !== 'supervisor') throw new ContractFailure('FORBIDDEN', 'only supervisors export every agent\'s calls');
      checkRange(who, range);
      try {
        const { csv, rows } = await heavy(() => exportCallsCsv(db, range, scope === 'all' ? null : who.id));
        return { filename: `calls-${isoDay(range.from)}-${isoDay(range.to)}.csv`, csv, rows };
      } catch (error) {
        if (error instanceof RangeError) throw new ContractFailure('INVALID_INPUT', error.message);
        throw error;
      }
    },
    'reports.exportMetrics': async ({ range, scope }, ctx) => {
      const who = viewer(ctx);
      checkRange(who, range);
      await projections.settled();
      const report = await heavy(() => metrics.report(who, scope, range));
      const { csv, rows } = metricsCsv(report, JSON.stringify(scope));
      return { filename: `metrics-${scope.kind}-${isoDay(range.from)}-${isoDay(range.to)}.csv`, csv, rows };
    },
    'board.subscribe': async (_input, ctx) => {
      const snapshot = await board.snapshot(await projections.settled());
      ctx.session.boardSubscribed = true;
      return ctx.session.wallboard === null ? snapshot : snapshotForWallboard(snapshot);
    },
    'board.resync': async ({ since }, ctx) => {
      ctx.session.boardSubscribed = true;
      const answer = await board.resync(since, await projections.settled());
      if (ctx.session.wallboard === null) return answer;
      return answer.kind === 'snapshot' ? { kind: 'snapshot', snapshot: snapshotForWallboard(answer.snapshot) } : { kind: 'deltas', deltas: answer.deltas.map(deltaForWallboard) };
    },
    'board.ackAlert': async ({ alertId }, ctx) => {
      const alert = await board.ackAlert(alertId, viewer(ctx).name);
      if (alert === null) throw new ContractFailure('NOT_FOUND', `no alert ${alertId}`);
      return alert;
    },
    'board.trace': (ref) => {
      const traced = board.trace(ref);
      if (traced === null) throw new ContractFailure('NOT_FOUND', `the board shows no ${ref.metric} for ${ref.scope === 'centre' ? 'the centre' : `${ref.scope} ${ref.id}`}`);
      return traced;
    },
    'board.calls': async ({ callIds }) => ({ calls: await callSummaries(db, callIds) }),
    'routing.overview': () => routing.overview(),
    'routing.setQueue': ({ queueId, policy }, ctx) => routing.setQueue(queueId, stripUndefined(policy), viewer(ctx).id),
    'routing.callDecisions': ({ callId }) => routing.decisionsOf(callId),
    'routing.callbackOutcome': ({ taskId, outcome }, ctx) => routing.callbackOutcome(signedInAgentId(ctx), taskId, outcome),
    'routing.popShown': ({ decisionId }, ctx) => ({ awaited: routing.popShown(signedInAgentId(ctx), decisionId) }),
    'supervisor.setAgentState': ({ agentId, state, reason }, ctx) => {
      const problem = state === 'break' ? breakReasonProblem(reason, settings.get().breakReasons) : null;
      if (problem !== null) throw new ContractFailure('INVALID_INPUT', problem.message);
      return agents.setBySupervisor(agentId, state, reason, viewer(ctx).name);
    },
    'wallboard.createToken': ({ label, expiresInDays }, ctx) => wallboards.create(label, viewer(ctx).id, expiresInDays),
    'queues.create': ({ name }) => queues.create(name),
    'wallboard.signIn': async ({ token }, ctx) => {
      const { id, label } = await wallboards.verify(token);
      const wallboard = { tokenId: id, label };
      if (ctx.session.agent !== null) live.signedOut(ctx);
      ctx.session.wallboard = wallboard;
      live.attachWallboard(ctx);
      return { label: wallboard.label };
    },
    'wallboard.listTokens': async () => ({ tokens: await wallboards.list() }),
    'wallboard.revokeToken': async ({ tokenId }) => {
      const token = await log.transact(async (tx) => {
        const revoked = await wallboards.revoke(tokenId, tx);
        await log.append(tx, { type: 'wallboard.revoked', data: { tokenId } }, now());
        return revoked;
      });
      live.endWallboard(tokenId, { reason: 'revoked', message: WALLBOARD_REVOKED });
      return token;
    },
    'agents.list': () => directory.list(),
    'agents.create': (input) => directory.create(input),
    'agents.update': async (input) => {
      const { account, impact } = await directory.update(input);
      if (impact !== null) await sessions.endSessions(account.id, impact);
      // Routing's directory and the board's agent names drop what they held when they apply the change.
      await projections.settled();
      return account;
    },
    'agents.resetPassword': async ({ agentId }) => {
      const issued = await directory.resetPassword(agentId);
      await sessions.endSessions(agentId, 'revoked');
      return issued;
    },
    'audit.list': async (query) => ({ entries: await audit.list(query) }),
    'crm.lookupByPhone': ({ phone, region }) => crm.lookupByPhone(phone, region),
    'crm.searchCustomers': ({ query, limit }) => crm.searchCustomers(query, limit),
    'crm.getCustomer': ({ customerId }) => crm.getCustomer(customerId),
    'crm.createCustomer': (input) => crm.createCustomer(input),
    'demoLine.callNow': (input, ctx) => {
      if (!settings.get().demoLine) throw new ContractFailure('CONFLICT', 'a PBX is configured: the demo line is off');
      return demoLine.offer(signedInAgentId(ctx), input);
    },
    'offers.recordOutcome': async (input, ctx) => {
      await log.transact(async (tx) => {
        const { offerId } = await recordOfferOutcome(tx, input, now());
        const data = { customerId: input.customerId, offerId, outcome: input.outcome };
        await log.append(tx, { type: 'offer.outcome', agentId: ctx.session.agent?.id ?? null, callId: input.callId ?? null, data }, now());
      });
      return { recorded: true };
    },
  };
}
