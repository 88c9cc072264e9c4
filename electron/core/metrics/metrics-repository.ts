import { sql, type Kysely } from 'kysely';
import { callerOf, ownContactKey } from '../../../shared/domain/metrics/caller';
import type { AgentStateChange, CallLeg, HoldSegment, TimeRange } from '../../../shared/domain/metrics/types';
import type { CallFacts, Database } from '../db/schema';

/** Calls last minutes, not days: a leg offered this long before a range can still end inside it. */
const LONGEST_CALL_MS = 24 * 3600_000;
/** Presence: the state at the start of a range is the last change within this long before it. */
const LONGEST_SHIFT_MS = 24 * 3600_000;
/** SQLite's bound-parameter limit is 32,766; stay well under it. */
const CHUNK = 900;

interface LegRow extends CallFacts {
  contact_key: string | null;
  agent_id: number | null;
  queue_id: number | null;
  customer_id: number | null;
  transferred_from_call_id: number | null;
  resolved: number | null;
}

const LEG_COLUMNS = sql`c.id, c.contact_key, c.direction, c.agent_id, c.queue_id, c.customer_id, c.caller_e164, c.caller_withheld,
  c.transferred_from_call_id, c.queued_at, c.offered_at, c.answered_at, c.ended_at, c.wrap_up_ended_at, c.abandoned_at, c.end_reason,
  w.resolved`;
const FROM_CALLS = sql`FROM calls c LEFT JOIN wrap_ups w ON w.call_id = c.id AND w.draft = 0`;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

function toLeg(r: LegRow, holds: readonly HoldSegment[]): CallLeg {
  const unanswered = r.answered_at === null && r.abandoned_at === null && (r.end_reason === 'missed' || r.end_reason === 'declined') ? r.end_reason : null;
  return {
    id: r.id,
    contactKey: r.contact_key ?? ownContactKey(r.id),
    direction: r.direction === 'outbound' ? 'outbound' : 'inbound',
    agentId: r.agent_id,
    queueId: r.queue_id,
    customerId: r.customer_id,
    callerE164: r.caller_withheld === 1 ? null : r.caller_e164,
    withheld: r.caller_withheld === 1,
    transferredFromLegId: r.transferred_from_call_id,
    queuedAt: r.queued_at,
    offeredAt: r.offered_at,
    answeredAt: r.answered_at,
    holds,
    endedAt: r.ended_at,
    wrapUpEndedAt: r.wrap_up_ended_at,
    abandonedAt: r.abandoned_at,
    unanswered,
    resolved: r.resolved === null ? null : r.resolved === 1,
  };
}

/** Reads the raw facts metrics are computed from. Portable SQL through Kysely (SQLite and PostgreSQL). */
export function createMetricsRepository(db: Kysely<Database>) {
  async function withHolds(rows: readonly LegRow[]): Promise<CallLeg[]> {
    const holds = new Map<number, HoldSegment[]>();
    const answered = rows.filter((r) => r.answered_at !== null).map((r) => r.id);
    for (const ids of chunks(answered)) {
      const found = await db.selectFrom('call_holds').select(['call_id', 'started_at', 'ended_at']).where('call_id', 'in', ids).orderBy('id').execute();
      for (const h of found) {
        const list = holds.get(h.call_id) ?? [];
        list.push({ start: h.started_at, end: h.ended_at });
        holds.set(h.call_id, list);
      }
    }
    return rows.map((r) => toLeg(r, holds.get(r.id) ?? []));
  }

  /**
   * Legs that can count in the range: offered in it, or queued in it and offered after it (or never:
   * a caller who left the queue before any desk, issue 13), or offered
   * shortly before and still going at its start (answered, ended, abandoned or wrapped up inside it,
   * or not yet), or whose wrap-up ended in it.
   */
  async function legRowsFor(range: TimeRange): Promise<LegRow[]> {
    const { from, to } = range;
    const result = await sql<LegRow>`SELECT ${LEG_COLUMNS} ${FROM_CALLS}
       WHERE c.offered_at >= ${from} AND c.offered_at < ${to}
      UNION ALL
      SELECT ${LEG_COLUMNS} ${FROM_CALLS}
       WHERE c.offered_at >= ${to} AND c.offered_at < ${to + LONGEST_CALL_MS} AND c.queued_at >= ${from} AND c.queued_at < ${to}
      UNION ALL
      SELECT ${LEG_COLUMNS} ${FROM_CALLS}
       WHERE c.offered_at >= ${from - LONGEST_CALL_MS} AND c.offered_at < ${from}
         AND (c.answered_at >= ${from} OR c.abandoned_at >= ${from} OR c.ended_at IS NULL OR c.ended_at >= ${from}
              OR (c.answered_at IS NOT NULL AND (c.wrap_up_ended_at IS NULL OR c.wrap_up_ended_at >= ${from})))
      UNION ALL
      SELECT ${LEG_COLUMNS} ${FROM_CALLS}
       WHERE c.wrap_up_ended_at >= ${from} AND c.wrap_up_ended_at < ${to}
      UNION ALL
      SELECT ${LEG_COLUMNS} ${FROM_CALLS}
       WHERE c.offered_at IS NULL AND c.queued_at >= ${from} AND c.queued_at < ${to}`.execute(db);
    return result.rows;
  }

  /** Every inbound leg from these customers or numbers in a window: FCR's earlier and repeat contacts. */
  async function legRowsOfCallers(customerIds: readonly number[], numbers: readonly string[], window: TimeRange): Promise<LegRow[]> {
    const out: LegRow[] = [];
    for (const ids of chunks(customerIds)) {
      const r = await sql<LegRow>`SELECT ${LEG_COLUMNS} ${FROM_CALLS}
         WHERE c.customer_id IN (${sql.join(ids)}) AND c.queued_at >= ${window.from} AND c.queued_at < ${window.to}`.execute(db);
      out.push(...r.rows);
    }
    for (const nums of chunks(numbers)) {
      // "customer_id IS NULL" is applied here, not in SQL: there it steers SQLite to the customer index.
      const r = await sql<LegRow>`SELECT ${LEG_COLUMNS} ${FROM_CALLS}
         WHERE c.caller_e164 IN (${sql.join(nums)}) AND c.queued_at >= ${window.from} AND c.queued_at < ${window.to}`.execute(db);
      out.push(...r.rows.filter((row) => row.customer_id === null));
    }
    return out;
  }

  /**
   * Adds to `rows` the rest of the contacts `of` belong to: a contact's outcome and its customer
   * (FCR's key) come from all its legs, so a range never sees part of one. A leg without a contact
   * key is its own contact, keyed by its id, which its transfer legs carry.
   */
  async function withWholeContacts(rows: Map<number, LegRow>, of: Iterable<LegRow>): Promise<void> {
    const keys = new Set<string>();
    for (const r of of) keys.add(r.contact_key ?? ownContactKey(r.id));
    // Ids first, from the index alone: almost every leg is loaded already.
    const missing = new Set<number>();
    for (const part of chunks([...keys])) {
      const found = await db.selectFrom('calls').select('id').where('contact_key', 'in', part).execute();
      for (const { id } of found) if (!rows.has(id)) missing.add(id);
    }
    for (const key of keys) if (/^\d+$/.test(key) && !rows.has(Number(key))) missing.add(Number(key));
    for (const part of chunks([...missing])) {
      const r = await sql<LegRow>`SELECT ${LEG_COLUMNS} ${FROM_CALLS} WHERE c.id IN (${sql.join(part)})`.execute(db);
      // A numeric key names its root leg only when that leg has no key of its own.
      for (const row of r.rows) if (row.contact_key === null || keys.has(row.contact_key)) rows.set(row.id, row);
    }
  }

  /** The FCR window around a range: earlier contacts decide "first", later ones "repeat". */
  const fcrWindow = (range: TimeRange, fcrWindowMs: number): TimeRange => ({ from: range.from - fcrWindowMs - LONGEST_CALL_MS, to: range.to + fcrWindowMs + 1 });

  /** Adds every contact, whole, of the callers already in `rows` within the window. */
  async function withCallers(rows: Map<number, LegRow>, window: TimeRange): Promise<void> {
    const customers = new Set<number>();
    const numbers = new Set<string>();
    for (const r of rows.values()) {
      const caller = callerOf({ direction: r.direction, withheld: r.caller_withheld === 1, customerId: r.customer_id, callerE164: r.caller_e164 });
      if (caller?.kind === 'customer') customers.add(caller.customerId);
      else if (caller?.kind === 'number') numbers.add(caller.e164);
    }
    const added = (await legRowsOfCallers([...customers], [...numbers], window)).filter((r) => !rows.has(r.id));
    for (const r of added) rows.set(r.id, r);
    // Only the contacts just added can be partial: the others were completed before.
    await withWholeContacts(rows, added);
  }

  /** These rows' contacts made whole, plus every contact from the same callers within the FCR window around the range, as legs. */
  async function legsAround(rows: Map<number, LegRow>, range: TimeRange, fcrWindowMs: number): Promise<CallLeg[]> {
    await withWholeContacts(rows, [...rows.values()]);
    await withCallers(rows, fcrWindow(range, fcrWindowMs));
    return withHolds([...rows.values()].sort((a, b) => a.id - b.id));
  }

  /** The legs a range's metrics need: those in the range, plus every contact from the same callers within the FCR window either side. */
  async function legsFor(range: TimeRange, fcrWindowMs: number): Promise<CallLeg[]> {
    return legsAround(new Map((await legRowsFor(range)).map((r) => [r.id, r])), range, fcrWindowMs);
  }

  /** Rows of these legs, in one read per chunk of ids. */
  async function legRowsById(callIds: readonly number[]): Promise<LegRow[]> {
    const out: LegRow[] = [];
    for (const ids of chunks(callIds)) out.push(...(await sql<LegRow>`SELECT ${LEG_COLUMNS} ${FROM_CALLS} WHERE c.id IN (${sql.join(ids)})`.execute(db)).rows);
    return out;
  }

  /** Legs and their callers' other contacts in the FCR window around a range (callers new to today's figures), in one pass for all of them. */
  async function legsWithHistory(callIds: readonly number[], range: TimeRange, fcrWindowMs: number): Promise<CallLeg[]> {
    if (callIds.length === 0) return [];
    return legsAround(new Map((await legRowsById(callIds)).map((row) => [row.id, row])), range, fcrWindowMs);
  }

  /** Legs by id, in id order (the incremental path after a batch of call events): one read for the legs, one for their holds. */
  async function legs(callIds: readonly number[]): Promise<CallLeg[]> {
    if (callIds.length === 0) return [];
    return withHolds((await legRowsById([...new Set(callIds)])).sort((a, b) => a.id - b.id));
  }

  /** One leg by id. */
  async function leg(callId: number): Promise<CallLeg | null> {
    return (await legs([callId]))[0] ?? null;
  }

  /** Presence changes in the range, plus each agent's last change before it (the state the range starts in). */
  async function statesFor(range: TimeRange): Promise<AgentStateChange[]> {
    // One index probe per agent for the state at the start, rather than reading the day before.
    const before = await sql<{ agent_id: number; state: string; at: number }>`
      SELECT s.agent_id, s.state, s.at FROM agents a
        JOIN agent_state_changes s ON s.id = (
          SELECT x.id FROM agent_state_changes x
           WHERE x.agent_id = a.id AND x.at < ${range.from} AND x.at >= ${range.from - LONGEST_SHIFT_MS}
           ORDER BY x.at DESC, x.id DESC LIMIT 1)`.execute(db);
    const inside = await db
      .selectFrom('agent_state_changes')
      .select(['agent_id', 'state', 'at'])
      .where('at', '>=', range.from)
      .where('at', '<', range.to)
      .orderBy('at')
      .orderBy('id')
      .execute();
    return [...before.rows, ...inside].map((r) => ({ agentId: r.agent_id, state: r.state as AgentStateChange['state'], at: r.at }));
  }

  return { legsFor, leg, legs, legsWithHistory, statesFor };
}

export type MetricsRepository = ReturnType<typeof createMetricsRepository>;
