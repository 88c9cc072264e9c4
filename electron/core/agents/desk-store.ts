import type { AgentState, AgentStatus } from '../../../shared/contract/schemas/agent';
import { activityOf, legPhase, type LegActivity, type RestingState } from '../../../shared/domain/agent-activity';
import { compiledOnce } from '../db/compiled-once';
import type { Database } from '../db/schema';
import type { Tx } from '../log/event-log';

/** An agent's desk as a writer sees it inside its transaction. */
export interface Desk {
  agentId: number;
  /** Presence now (the latest recorded change). */
  status: AgentStatus;
  resting: RestingState;
  /** Chosen during a call; applies when the calls (and their wrap-ups) are done. */
  next: RestingState | null;
  consecutiveMisses: number;
  /** Calls offered before this are no longer on the desk (a fresh sign-in starts clean). */
  sessionFrom: number;
  /** The version read; saving checks it is still the stored one. */
  readonly version: number;
  /** When the change happened, if not now (a call event's own time): presence changes are stamped with it. */
  eventAt?: number;
}

/** Another writer changed the desk between our read and our write: the transaction is retried. */
export class VersionConflict extends Error {
  constructor(agentId: number) {
    super(`agent ${agentId}'s desk changed under this write`);
  }
}

export function restingFrom(status: { state: AgentState; reason: string | null } | undefined): RestingState {
  const state = status?.state;
  if (state === 'available' || state === 'break' || state === 'offline') return { state, reason: status?.reason ?? null };
  return { state: 'available', reason: null };
}

const latestStatus = compiledOnce((db, p: { agentId: number }) =>
  db.selectFrom('agent_state_changes').select(['state', 'reason', 'at']).where('agent_id', '=', p.agentId).orderBy('at', 'desc').orderBy('id', 'desc').limit(1),
);

export async function currentStatus(tx: Tx, agentId: number): Promise<AgentStatus> {
  const row = await latestStatus.first(tx, { agentId });
  return row === undefined ? { agentId, state: 'offline', reason: null, since: 0 } : { agentId, state: row.state as AgentState, reason: row.reason, since: row.at };
}

const deskRow = compiledOnce((db, p: { agentId: number }) => db.selectFrom('agent_desks').selectAll().where('agent_id', '=', p.agentId));

/** The desk row and the latest presence in one statement (one round trip): null columns where either is missing. */
const deskAndStatus = compiledOnce((db, p: { agentId: number }) =>
  db
    .selectFrom('agents as a')
    .leftJoin('agent_desks as d', 'd.agent_id', 'a.id')
    .leftJoin('agent_state_changes as s', (join) =>
      join.on((eb) =>
        eb(
          's.id',
          '=',
          eb.selectFrom('agent_state_changes as l').select('l.id').where('l.agent_id', '=', p.agentId).orderBy('l.at', 'desc').orderBy('l.id', 'desc').limit(1),
        ),
      ),
    )
    .select(['d.agent_id as desk_agent_id', 'd.resting_state', 'd.resting_reason', 'd.next_state', 'd.next_reason', 'd.consecutive_misses', 'd.session_from', 'd.version'])
    .select(['s.state', 's.reason', 's.at'])
    .where('a.id', '=', p.agentId),
);

type StoredDesk = Pick<Database['agent_desks'], 'resting_state' | 'resting_reason' | 'next_state' | 'next_reason' | 'consecutive_misses' | 'session_from' | 'version'>;

function deskFrom(agentId: number, status: AgentStatus, row: StoredDesk | undefined): Desk {
  if (row === undefined) return { agentId, status, resting: restingFrom(status), next: null, consecutiveMisses: 0, sessionFrom: 0, version: 0 };
  return {
    agentId,
    status,
    resting: { state: row.resting_state as RestingState['state'], reason: row.resting_reason },
    next: row.next_state === null ? null : { state: row.next_state as RestingState['state'], reason: row.next_reason },
    consecutiveMisses: row.consecutive_misses,
    sessionFrom: Number(row.session_from),
    version: Number(row.version),
  };
}

export async function loadDesk(tx: Tx, agentId: number): Promise<Desk> {
  const both = await deskAndStatus.first(tx, { agentId });
  // An id with no agents row (tests' bare ids): two reads.
  if (both === undefined) return deskFrom(agentId, await currentStatus(tx, agentId), await deskRow.first(tx, { agentId }));
  const status: AgentStatus =
    both.state === null ? { agentId, state: 'offline', reason: null, since: 0 } : { agentId, state: both.state as AgentState, reason: both.reason, since: both.at as number };
  return deskFrom(agentId, status, both.desk_agent_id === null ? undefined : (both as StoredDesk));
}

/** The columns a desk writer owns (the routing reservation has its own writer). */
type DeskValues = Pick<Database['agent_desks'], 'resting_state' | 'resting_reason' | 'next_state' | 'next_reason' | 'consecutive_misses' | 'session_from' | 'version'>;

const updateDesk = compiledOnce((db, p: DeskValues & { agentId: number; readVersion: number }) =>
  db
    .updateTable('agent_desks')
    .set({ resting_state: p.resting_state, resting_reason: p.resting_reason, next_state: p.next_state, next_reason: p.next_reason, consecutive_misses: p.consecutive_misses, session_from: p.session_from, version: p.version })
    .where('agent_id', '=', p.agentId)
    .where('version', '=', p.readVersion),
);

/** Write the desk back if nobody else did meanwhile (compare-and-set on its version). */
export async function saveDesk(tx: Tx, desk: Desk): Promise<void> {
  const values: DeskValues = {
    resting_state: desk.resting.state,
    resting_reason: desk.resting.reason,
    next_state: desk.next?.state ?? null,
    next_reason: desk.next?.reason ?? null,
    consecutive_misses: desk.consecutiveMisses,
    session_from: desk.sessionFrom,
    version: desk.version + 1,
  };
  const written =
    desk.version === 0
      ? (await tx.insertInto('agent_desks').values({ agent_id: desk.agentId, ...values }).onConflict((oc) => oc.column('agent_id').doNothing()).executeTakeFirst()).numInsertedOrUpdatedRows
      : await updateDesk.affected(tx, { ...values, agentId: desk.agentId, readVersion: desk.version });
  if (written !== 1n) throw new VersionConflict(desk.agentId);
}

const openLegRows = compiledOnce((db, p: { agentId: number; from: number }) =>
  db
    .selectFrom('calls')
    .select(['id', 'direction', 'answered_at', 'ended_at', 'wrap_up_ended_at'])
    .where('agent_id', '=', p.agentId)
    .where('offered_at', '>=', p.from)
    .where('wrap_up_ended_at', 'is', null)
    .where((eb) => eb.or([eb('ended_at', 'is', null), eb('answered_at', 'is not', null)])),
);

/**
 * The agent's calls in progress, from the call rows themselves: ringing (inbound, not answered),
 * talking (answered or outbound, not ended), wrap-up (answered, ended, after-call work open).
 */
export async function openLegs(tx: Tx, agentId: number, from: number): Promise<Map<number, LegActivity>> {
  const rows = await openLegRows.all(tx, { agentId, from });
  const legs = new Map<number, LegActivity>();
  for (const r of rows) {
    const phase = legPhase({ direction: r.direction, answeredAt: r.answered_at, endedAt: r.ended_at, wrapUpEndedAt: r.wrap_up_ended_at, onHold: false });
    if (phase !== null) legs.set(r.id, activityOf(phase));
  }
  return legs;
}
