import type { Kysely } from 'kysely';
import { ContractFailure } from '../../../shared/contract/errors';
import type { Agent, AgentState, AgentStatus } from '../../../shared/contract/schemas/agent';
import { presenceChangeProblem } from '../../../shared/domain/agent-presence';
import { verifyPassword } from '../auth/secrets';
import type { Database } from '../db/schema';
import type { EventHub } from '../hub/event-hub';

/** Reason recorded when an agent signs in: not ready until they choose Available (the usual ACD behaviour). */
export const SIGN_IN_REASON = 'Not ready';

export interface AgentServiceDeps {
  db: Kysely<Database>;
  hub: EventHub;
  breakReasons: () => readonly string[];
  now: () => number;
}

export function createAgentService({ db, hub, breakReasons, now }: AgentServiceDeps) {
  /** Latest status of every agent who changed state since start: who can take a call now. */
  const live = new Map<number, AgentStatus>();

  /** Record a state change, at `when` (a call event's own time) or now, never before the agent's previous change. */
  async function record(agentId: number, state: AgentState, reason: string | null, when?: number): Promise<AgentStatus> {
    const at = Math.max(when ?? now(), live.get(agentId)?.since ?? 0);
    await db.insertInto('agent_state_changes').values({ agent_id: agentId, state, reason, at }).execute();
    const status: AgentStatus = { agentId, state, reason, since: at };
    live.set(agentId, status);
    hub.publish('agent.stateChanged', status);
    return status;
  }

  /** New agents join the first team until a supervisor moves them. */
  async function defaultTeamId(): Promise<number | undefined> {
    return (await db.selectFrom('teams').select('id').orderBy('id').executeTakeFirst())?.id;
  }

  async function currentStatus(agentId: number): Promise<AgentStatus> {
    const row = await db
      .selectFrom('agent_state_changes')
      .select(['state', 'reason', 'at'])
      .where('agent_id', '=', agentId)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row === undefined
      ? { agentId, state: 'offline', reason: null, since: 0 }
      : { agentId, state: row.state as AgentState, reason: row.reason, since: row.at };
  }

  /** Find the agent by extension (the extension is the identity a PBX knows), creating or renaming as needed. */
  async function signIn(name: string, extension: string, password?: string): Promise<{ agent: Agent; status: AgentStatus; resumed: boolean }> {
    const existing = await db.selectFrom('agents').selectAll().where('extension', '=', extension).executeTakeFirst();
    // A supervisor's extension alone proves nothing: their password does.
    if (existing?.role === 'supervisor') {
      const ok = password !== undefined && existing.password_hash !== null && (await verifyPassword(password, existing.password_hash));
      if (!ok) throw new ContractFailure('UNAUTHENTICATED', 'wrong password for this supervisor');
    }
    let id: number;
    if (existing === undefined) {
      const inserted = await db
        .insertInto('agents')
        .values({ name, extension, role: 'agent', team_id: (await defaultTeamId()) ?? null, created_at: now(), password_hash: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      id = inserted.id;
    } else {
      id = existing.id;
      if (existing.name !== name) await db.updateTable('agents').set({ name }).where('id', '=', id).execute();
    }
    const role = existing?.role === 'supervisor' ? 'supervisor' : 'agent';
    // A reconnecting window (same process, not offline) carries on where it was, mid-call included.
    const resumed = live.get(id);
    const status = resumed !== undefined && resumed.state !== 'offline' ? resumed : await record(id, 'break', SIGN_IN_REASON);
    return { agent: { id, name, extension, role }, status, resumed: status === resumed };
  }

  async function setState(agentId: number, state: AgentState, reason: string | undefined): Promise<AgentStatus> {
    const current = await currentStatus(agentId);
    const problem = presenceChangeProblem(current.state, state, reason, breakReasons());
    if (problem !== null) throw new ContractFailure(problem.kind === 'invalid' ? 'INVALID_INPUT' : 'CONFLICT', problem.message);
    return record(agentId, state, state === 'break' ? (reason ?? null) : null);
  }

  /** Call-driven presence (ringing, on call, wrap-up, back to resting): recorded only when it changes. */
  async function follow(agentId: number, state: AgentState, reason: string | null, at?: number): Promise<AgentStatus> {
    const current = live.get(agentId) ?? (await currentStatus(agentId));
    if (current.state === state && current.reason === reason) return current;
    return record(agentId, state, reason, at);
  }

  return {
    signIn,
    setState,
    currentStatus,
    follow,
    liveStatus: (agentId: number): AgentStatus | undefined => live.get(agentId),
    liveStatuses: (): AgentStatus[] => [...live.values()],
    signOut: (agentId: number) => record(agentId, 'offline', null),
    availableAgentIds: (): number[] => [...live.values()].filter((s) => s.state === 'available').map((s) => s.agentId),
  };
}

export type AgentService = ReturnType<typeof createAgentService>;
