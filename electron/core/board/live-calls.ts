import type { Kysely } from 'kysely';
import { legPhase, type LegPhase } from '../../../shared/domain/agent-activity';
import type { Database } from '../db/schema';

export interface LiveCall {
  callId: number;
  agentId: number;
  queueId: number | null;
  direction: 'inbound' | 'outbound';
  caller: string | null;
  queue: string | null;
  phase: LegPhase;
  since: number;
  /** When the caller started waiting (queued), for "longest wait". */
  queuedAt: number | null;
}

const PHASE_ORDER = { talking: 0, held: 0, ringing: 1, 'wrap-up': 2 } as const;
/** Calls re-read per statement (bound parameters stay far under SQLite's limit). */
const CHUNK = 500;

/**
 * One statement of `openCallIds`: these agents' calls offered since `since` still on their desks.
 * Written as the desk's own read (`agent_id` first, the same open-call condition) so SQLite takes the
 * open-calls index (`calls_on_desk`, ADR 0066): without `agent_id` it chose `wrap_up_ended_at IS
 * NULL`, every call of the history never wrapped up (1.5 million on the 10M-call day), on the event loop.
 */
export function openCallsQuery(db: Kysely<Database>, agentIds: readonly number[], since: number) {
  return db
    .selectFrom('calls')
    .select('id')
    .where('agent_id', 'in', [...agentIds])
    .where('offered_at', '>=', since)
    .where('wrap_up_ended_at', 'is', null)
    .where((eb) => eb.or([eb('ended_at', 'is', null), eb('answered_at', 'is not', null)]));
}

/** Calls offered since `since` that are still on an agent's desk (live, or answered and not yet wrapped up): the board's start. */
export async function openCallIds(db: Kysely<Database>, since: number): Promise<number[]> {
  const agents = await db.selectFrom('agents').select('id').orderBy('id').execute();
  const out: number[] = [];
  for (let i = 0; i < agents.length; i += CHUNK) {
    const ids = agents.slice(i, i + CHUNK).map((a) => a.id);
    for (const row of await openCallsQuery(db, ids, since).execute()) out.push(row.id);
  }
  return out;
}

/** Calls in progress per agent, as the board shows them (a call leaves when its wrap-up ends). */
export function createLiveCalls(db: Kysely<Database>) {
  const byAgent = new Map<number, Map<number, LiveCall>>();

  /**
   * Re-read these calls (one read for the calls, one for the open holds of those in progress);
   * returns the agents whose rows changed.
   */
  async function refresh(callIds: readonly number[]): Promise<Set<number>> {
    const agents = new Set<number>();
    const unique = [...new Set(callIds)];
    for (let i = 0; i < unique.length; i += CHUNK) {
      for (const agentId of await refreshChunk(unique.slice(i, i + CHUNK))) agents.add(agentId);
    }
    return agents;
  }

  async function refreshChunk(callIds: readonly number[]): Promise<number[]> {
    const rows = await db
      .selectFrom('calls')
      .leftJoin('queues', 'queues.id', 'calls.queue_id')
      .select([
        'calls.id', 'calls.agent_id', 'calls.queue_id', 'calls.direction', 'calls.caller_display', 'calls.caller_e164', 'calls.caller_withheld',
        'calls.queued_at', 'calls.offered_at', 'calls.answered_at', 'calls.ended_at', 'calls.wrap_up_ended_at', 'queues.name as queue',
      ])
      .where('calls.id', 'in', callIds)
      .execute();
    const talking = rows.filter((r) => r.agent_id != null && r.answered_at !== null && r.ended_at === null).map((r) => r.id);
    const holds = new Map<number, number>();
    if (talking.length > 0) {
      const open = await db.selectFrom('call_holds').select(['call_id', 'started_at']).where('call_id', 'in', talking).where('ended_at', 'is', null).execute();
      for (const h of open) if (!holds.has(h.call_id)) holds.set(h.call_id, h.started_at);
    }
    const agents: number[] = [];
    for (const row of rows) {
      if (row.agent_id == null) continue;
      agents.push(row.agent_id);
      const agentCalls = byAgent.get(row.agent_id) ?? new Map<number, LiveCall>();
      byAgent.set(row.agent_id, agentCalls);
      const heldSince = holds.get(row.id);
      const phase = legPhase({ direction: row.direction, answeredAt: row.answered_at, endedAt: row.ended_at, wrapUpEndedAt: row.wrap_up_ended_at, onHold: heldSince !== undefined });
      if (phase === null) {
        agentCalls.delete(row.id);
        continue;
      }
      const since = phase === 'wrap-up' ? (row.ended_at as number) : phase === 'held' ? (heldSince as number) : (row.answered_at ?? row.offered_at ?? 0);
      const caller = row.caller_withheld === 1 ? 'Withheld' : (row.caller_display ?? row.caller_e164);
      agentCalls.set(row.id, {
        callId: row.id,
        agentId: row.agent_id,
        queueId: row.queue_id,
        direction: row.direction === 'outbound' ? 'outbound' : 'inbound',
        caller: caller === null ? null : caller.slice(0, 64),
        queue: row.queue,
        phase,
        since,
        queuedAt: row.queued_at,
      });
    }
    return agents;
  }

  return {
    refresh,
    /** The call the board shows for an agent: a live one first, then a ringing one, then one in wrap-up. */
    currentOf(agentId: number): LiveCall | null {
      const calls = [...(byAgent.get(agentId)?.values() ?? [])];
      calls.sort((a, b) => PHASE_ORDER[a.phase] - PHASE_ORDER[b.phase] || a.since - b.since);
      return calls[0] ?? null;
    },
    /** Calls ringing right now (waiting for an agent). */
    ringing(): LiveCall[] {
      return [...byAgent.values()].flatMap((m) => [...m.values()]).filter((c) => c.phase === 'ringing');
    },
    forget(agentId: number): void {
      byAgent.delete(agentId);
    },
  };
}

export type LiveCalls = ReturnType<typeof createLiveCalls>;
