import { ContractFailure } from '../../../shared/contract/errors';
import type { Agent, AgentStatus, SessionEndReason } from '../../../shared/contract/schemas/agent';
import type { MethodOutput, ParsedInput } from '../../../shared/contract/methods';
import type { AgentService } from '../agents/agent-service';
import type { ConnectionPresence } from '../agents/connection-presence';
import type { Presence } from '../agents/presence';
import type { BoardService } from '../board/board-service';
import type { CallRecorder } from '../calls/call-recorder';
import type { CallContext } from '../dispatch/call-context';
import type { AuditSink, Credentials } from './credentials';
import type { LiveSessions } from './live-sessions';
import type { SessionTokens } from './session-tokens';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { EventLog } from '../log/event-log';

type SignInOutput = MethodOutput<'agent.signIn'>;
type EndReason = SessionEndReason;

export interface DeskSessionsDeps {
  db: Kysely<Database>;
  /** Ended sessions are announced in the log: the instance holding a desk's connection tells it. */
  log: EventLog;
  now: () => number;
  credentials: Credentials;
  tokens: SessionTokens;
  live: LiveSessions;
  connectionPresence: ConnectionPresence;
  presence: Pick<Presence, 'liveStatus'>;
  agents: AgentService;
  recorder: Pick<CallRecorder, 'endLostLegs'>;
  board: Pick<BoardService, 'forgetAgentInfo'>;
  audit: AuditSink;
  idleExpiryMs: () => number;
  /** The loopback demo quick start is on. */
  quickStart: () => boolean;
}

/** What a desk whose session ended is told. */
export const SESSION_ENDED_MESSAGES: Record<EndReason, string> = {
  'signed-out': 'You signed out.',
  'signed-out-everywhere': 'You signed out on every desk.',
  'taken-over': 'Your extension was signed in on another desk: this desk is signed out and no longer rings.',
  revoked: 'Your session was ended by a supervisor.',
  'role-changed': 'Your role changed: sign in again.',
  deactivated: 'Your account was deactivated.',
  expired: 'Your session expired: sign in again.',
};

/**
 * A desk's session from sign-in to sign-out (ADR 0024/0025): credentials, the server-issued token,
 * resume after a reload, take-over of a live extension, and ending sessions on live connections.
 */
export function createDeskSessions(deps: DeskSessionsDeps) {
  const { db, log, now, credentials, tokens, live, connectionPresence, presence, agents, recorder, board, audit, idleExpiryMs } = deps;
  const lastTouched = new Map<number, number>();

  async function bind(ctx: CallContext, agent: Agent, sessionId: number, token: string, demo: boolean, liveCallKeys?: readonly string[]): Promise<SignInOutput> {
    const lostAt = await connectionPresence.back(agent.id);
    // Another instance may be counting down this agent's lost connection: it hears of this and stops.
    await log.transact((tx) => log.append(tx, { type: 'sessions.bound', agentId: agent.id, data: { sessionId } }, now()));
    ctx.session.agent = agent;
    ctx.session.sessionId = sessionId;
    ctx.session.wallboard = null;
    ctx.session.boardSubscribed = false;
    live.attach(ctx);
    board.forgetAgentInfo(agent.id);
    // A page that reloaded lost its calls with it: those legs end when its connection went (ADR 0057) and go to wrap-up.
    if (liveCallKeys !== undefined) await recorder.endLostLegs(agent.id, liveCallKeys, lostAt);
    const { status } = await agents.signIn(agent);
    return { agent, status, session: { token, idleExpiryMs: idleExpiryMs() }, demo };
  }

  /** End the agent's sessions (all, or those given) in storage and on their open connections. */
  async function endSessions(agentId: number, reason: EndReason, which?: { sessionIds?: readonly number[]; exceptSessionId?: number | null }): Promise<void> {
    await log.transact(async (tx) => {
      const revoked: number[] = [];
      if (which?.sessionIds !== undefined) {
        for (const id of which.sessionIds) if (await tokens.revoke(id, reason, tx)) revoked.push(id);
      }
      else revoked.push(...(await tokens.revokeAgent(agentId, reason, which?.exceptSessionId ?? undefined, tx)));
      if (revoked.length > 0) await log.append(tx, { type: 'sessions.ended', agentId, data: { sessionIds: revoked, reason } }, now());
    });
    live.end(agentId, { reason, message: SESSION_ENDED_MESSAGES[reason] }, which);
    // Revoked by a supervisor (or demoted, deactivated) with no desk left: out of routing now.
    const state = presence.liveStatus(agentId)?.state;
    if ((reason === 'revoked' || reason === 'role-changed' || reason === 'deactivated') && live.connectionCount(agentId) === 0 && state !== undefined && state !== 'offline') {
      connectionPresence.cancel(agentId);
      await recorder.endLostLegs(agentId);
      await agents.signOut(agentId);
    }
  }

  return {
    async signIn(input: ParsedInput<'agent.signIn'>, ctx: CallContext): Promise<SignInOutput> {
      const address = ctx.address ?? null;
      const { agent, demo } = await credentials.authenticate({ extension: input.extension, password: input.password, name: input.name, address });
      const others = live.otherSessions(agent.id, ctx.session.sessionId);
      if (others.length > 0 && input.takeOver !== true) {
        throw new ContractFailure('CONFLICT', `extension ${agent.extension} is signed in on another desk: take over to sign in here`, { takeOver: true });
      }
      // One desk per agent: a new sign-in ends every other session (told why when still connected), and the calls of a desk that is gone.
      const hadLive = others.length > 0;
      await endSessions(agent.id, 'taken-over');
      if (hadLive) {
        await audit.record({ kind: 'signIn.takeOver', principal: agent.extension, address, detail: { sessions: others.length } });
        await recorder.endLostLegs(agent.id);
      }
      await audit.record({ kind: 'signIn.succeeded', principal: agent.extension, address, detail: { demo } });
      const { token, sessionId } = await tokens.issue(agent.id, address);
      return bind(ctx, agent, sessionId, token, demo);
    },

    async resume(input: ParsedInput<'agent.resume'>, ctx: CallContext): Promise<SignInOutput> {
      const { sessionId, agentId } = await tokens.resume(input.token);
      const row = await db.selectFrom('agents').select(['id', 'name', 'extension', 'role', 'active', 'password_hash', 'demo_credential']).where('id', '=', agentId).executeTakeFirst();
      if (row === undefined || row.active !== 1) {
        await tokens.revoke(sessionId, 'deactivated');
        throw new ContractFailure('UNAUTHENTICATED', 'this account is deactivated');
      }
      const agent: Agent = { id: row.id, name: row.name, extension: row.extension, role: row.role === 'supervisor' ? 'supervisor' : 'agent' };
      return bind(ctx, agent, sessionId, input.token, row.password_hash === null, input.liveCallKeys);
    },

    /** Sign out this connection's session, or every session of the agent. */
    async signOut(ctx: CallContext, everywhere: boolean): Promise<AgentStatus> {
      const agent = ctx.session.agent;
      const sessionId = ctx.session.sessionId;
      if (agent === null) throw new ContractFailure('UNAUTHENTICATED', 'not signed in');
      connectionPresence.cancel(agent.id);
      const status = await agents.signOut(agent.id);
      live.signedOut(ctx);
      if (everywhere) await endSessions(agent.id, 'signed-out-everywhere');
      else if (sessionId !== null) await endSessions(agent.id, 'signed-out', { sessionIds: [sessionId] });
      return status;
    },

    quickStart: deps.quickStart,

    /** A supervisor changed this account: its sessions end at once where they must. */
    endSessions,

    /** Every request on a session keeps it from idling out. */
    touch(ctx: CallContext, at: number): void {
      const id = ctx.session.sessionId;
      if (id === null || at - (lastTouched.get(id) ?? 0) < 60_000) return;
      lastTouched.set(id, at);
      void tokens.touch(id).catch(() => undefined);
    },
  };
}

export type DeskSessions = ReturnType<typeof createDeskSessions>;
