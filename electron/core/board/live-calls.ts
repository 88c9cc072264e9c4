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

/** Calls in progress per agent, as the board shows them (a call leaves when its wrap-up ends). */
export function createLiveCalls(db: Kysely<Database>) {
  const byAgent = new Map<number, Map<number, LiveCall>>();

  /** Re-read one call; returns the agent whose row changed (or null). */
  async function refresh(callId: number): Promise<number | null> {
    const row = await db
      .selectFrom('calls')
      .leftJoin('queues', 'queues.id', 'calls.queue_id')
      .select([
        'calls.id', 'calls.agent_id', 'calls.queue_id', 'calls.direction', 'calls.caller_display', 'calls.caller_e164', 'calls.caller_withheld',
        'calls.queued_at', 'calls.offered_at', 'calls.answered_at', 'calls.ended_at', 'calls.wrap_up_ended_at', 'queues.name as queue',
      ])
      .where('calls.id', '=', callId)
      .executeTakeFirst();
    if (row?.agent_id == null) return null;
    const agentCalls = byAgent.get(row.agent_id) ?? new Map<number, LiveCall>();
    byAgent.set(row.agent_id, agentCalls);
    const onHold =
      row.answered_at !== null && row.ended_at === null
        ? (await db.selectFrom('call_holds').select('started_at').where('call_id', '=', callId).where('ended_at', 'is', null).executeTakeFirst())
        : undefined;
    const phase = legPhase({ direction: row.direction, answeredAt: row.answered_at, endedAt: row.ended_at, wrapUpEndedAt: row.wrap_up_ended_at, onHold: onHold !== undefined });
    if (phase === null) {
      agentCalls.delete(callId);
      return row.agent_id;
    }
    const since = phase === 'wrap-up' ? (row.ended_at as number) : phase === 'held' ? (onHold?.started_at as number) : (row.answered_at ?? row.offered_at ?? 0);
    const caller = row.caller_withheld === 1 ? 'Withheld' : (row.caller_display ?? row.caller_e164);
    agentCalls.set(callId, {
      callId,
      agentId: row.agent_id,
      queueId: row.queue_id,
      direction: row.direction === 'outbound' ? 'outbound' : 'inbound',
      caller: caller === null ? null : caller.slice(0, 64),
      queue: row.queue,
      phase,
      since,
      queuedAt: row.queued_at,
    });
    return row.agent_id;
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
