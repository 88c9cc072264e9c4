import type { Kysely } from 'kysely';
import { compiledOnce } from '../db/compiled-once';
import type { Database } from '../db/schema';
import type { EventLog, Tx } from '../log/event-log';

/** Why an agent could not be reserved. */
export type ReserveRefusal = 'not-available' | 'on-a-call' | 'reserved' | 'no-desk' | 'changed';

export interface Reservation {
  agentId: number;
  sipCallId: string;
  decisionId: string;
  until: number;
}

/** A leg offered within this window before now still holds the agent (the same horizon the desk writer uses). */
const OPEN_LEG_HORIZON_MS = 48 * 3600_000;

// The decision's hot statements, built and compiled once per dialect (ADR 0049).
/**
 * Everything a reservation checks, in one statement (one round trip on PostgreSQL, one snapshot): the desk's
 * version and reservation, the agent's latest presence, and whether a call is open on the desk — a leg
 * offered since the desk's session began (within the horizon) whose wrap-up is not over and which is
 * ringing, talking or in wrap-up (what `openLegs` counts).
 */
const deskForReservation = compiledOnce((db, p: { agentId: number; horizon: number }) =>
  db
    .selectFrom('agent_desks as d')
    .select((eb) => [
      'd.version',
      'd.reserved_until',
      eb.selectFrom('agent_state_changes as s').select('s.state').where('s.agent_id', '=', p.agentId).orderBy('s.at', 'desc').orderBy('s.id', 'desc').limit(1).as('state'),
      eb
        .exists(
          eb
            .selectFrom('calls as c')
            .select('c.id')
            .where('c.agent_id', '=', p.agentId)
            .where('c.offered_at', '>=', eb.case().when('d.session_from', '>', p.horizon).then(eb.ref('d.session_from')).else(p.horizon).end())
            .where('c.wrap_up_ended_at', 'is', null)
            .where((w) => w.or([w('c.ended_at', 'is', null), w('c.answered_at', 'is not', null)])),
        )
        .as('on_call'),
    ])
    .where('d.agent_id', '=', p.agentId),
);
const writeReservation = compiledOnce((db, p: { agentId: number; readVersion: number; call: string; decision: string; until: number; version: number }) =>
  db.updateTable('agent_desks').set({ reserved_call: p.call, reserved_decision: p.decision, reserved_until: p.until, version: p.version }).where('agent_id', '=', p.agentId).where('version', '=', p.readVersion),
);
const releaseReservation = compiledOnce((db, p: { agentId: number; decision: string }) =>
  db
    .updateTable('agent_desks')
    .set((eb) => ({ reserved_call: null, reserved_decision: null, reserved_until: null, version: eb('version', '+', 1) }))
    .where('agent_id', '=', p.agentId)
    .where('reserved_decision', '=', p.decision),
);
const releaseDecision = compiledOnce((db, p: { decision: string }) =>
  db
    .updateTable('agent_desks')
    .set((eb) => ({ reserved_call: null, reserved_decision: null, reserved_until: null, version: eb('version', '+', 1) }))
    .where('reserved_decision', '=', p.decision),
);

/**
 * Reservations are a compare-and-set on the agent's desk row (ADR 0026): inside one transaction the
 * desk is read (version v), the agent must be available, with no call on the desk and no live
 * reservation, and the row is written only if its version is still v. Another writer — a second
 * router, in this process or another, or the agent's own state change — makes the write touch no
 * row, and this reservation is refused. So an agent never holds two reservations.
 */
export function createReservations(db: Kysely<Database>, log: EventLog, now: () => number) {
  async function tryReserve(tx: Tx, r: Reservation): Promise<ReserveRefusal | null> {
    const at = now();
    const row = await deskForReservation.first(tx, { agentId: r.agentId, horizon: at - OPEN_LEG_HORIZON_MS });
    if (row === undefined) return 'no-desk';
    if (row.reserved_until !== null && Number(row.reserved_until) > at) return 'reserved';
    if (row.state !== 'available') return 'not-available';
    // SQLite answers EXISTS with 1/0, PostgreSQL with true/false.
    if (Number(row.on_call) === 1) return 'on-a-call';
    const written = await writeReservation.affected(tx, { agentId: r.agentId, readVersion: row.version, call: r.sipCallId, decision: r.decisionId, until: r.until, version: Number(row.version) + 1 });
    return written === 1n ? null : 'changed';
  }

  /** Run reservation work (and what commits with it) in one transaction; a busy file is a lost race ('changed'). */
  async function inTransaction(work: (tx: Tx) => Promise<ReserveRefusal | null>): Promise<ReserveRefusal | null> {
    try {
      return await log.transact(work);
    } catch (error) {
      if (isBusy(error)) return 'changed';
      throw error;
    }
  }

  return {
    /** Reserve the agent for this call inside the caller's transaction; null when reserved, else why not. */
    tryReserve,
    /** Reserve in a transaction of its own; another process writing the file meanwhile is a lost race, not an error. */
    reserve: (r: Reservation): Promise<ReserveRefusal | null> => inTransaction((tx) => tryReserve(tx, r)),
    inTransaction,
    /** Free the agent if (and only if) they are still held for this decision. True when a reservation was released. */
    async release(agentId: number, decisionId: string, tx?: Tx): Promise<boolean> {
      return (await releaseReservation.affected(tx ?? db, { agentId, decision: decisionId })) === 1n;
    },
    /** Free every agent still held for this decision (whichever they are: another instance's offer, a restart). */
    async releaseDecision(decisionId: string, tx?: Tx): Promise<number> {
      return Number(await releaseDecision.affected(tx ?? db, { decision: decisionId }));
    },
    /** Every live reservation (tests, the leak check, a restarted router). */
    async live(): Promise<Reservation[]> {
      const rows = await db
        .selectFrom('agent_desks')
        .select(['agent_id', 'reserved_call', 'reserved_decision', 'reserved_until'])
        .where('reserved_until', '>', now())
        .execute();
      return rows.map((r) => ({ agentId: r.agent_id, sipCallId: r.reserved_call ?? '', decisionId: r.reserved_decision ?? '', until: Number(r.reserved_until) }));
    },
  };
}

/**
 * SQLite's answer when another process wrote the file after this transaction read it (a deferred
 * transaction cannot upgrade: SQLITE_BUSY_SNAPSHOT) or held the write lock past the busy timeout.
 */
export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  // SQLite: another process holds the file. PostgreSQL: a deadlock or serialization failure rolled this transaction back.
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code === '40P01' || code === '40001');
}

export type Reservations = ReturnType<typeof createReservations>;
