import type { AgentState, AgentStatus } from '../../../shared/contract/schemas/agent';
import { presenceFor, type LegActivity } from '../../../shared/domain/agent-activity';
import { compiledOnce } from '../db/compiled-once';
import { LOCK_SPACE, lockForTransaction } from '../db/dialect';
import type { EventLog, Tx } from '../log/event-log';
import { loadDesk, openLegs, saveDesk, VersionConflict, type Desk } from './desk-store';

const insertPresence = compiledOnce((db, p: { agentId: number; state: string; reason: string | null; at: number }) =>
  db.insertInto('agent_state_changes').values({ agent_id: p.agentId, state: p.state, reason: p.reason, at: p.at }),
);

/** A leg open longer than this is a ghost of a lost session, not a call on the desk. */
const OPEN_LEG_HORIZON_MS = 48 * 3600_000;
const MAX_ATTEMPTS = 8;

export interface DeskChange<T> {
  value: T;
  status: AgentStatus;
}

export interface DeskWork<T> {
  (tx: Tx, desk: Desk, legs: () => Promise<Map<number, LegActivity>>): Promise<T>;
}

/**
 * Every write that touches an agent goes through here: one transaction reads the desk and its
 * version, does the work (call rows, wrap-ups, choices), derives presence from the calls still on
 * the desk, records a presence change if there is one (row + event), and saves the desk only if
 * its version is unchanged — otherwise the whole transaction is retried. On PostgreSQL the
 * transaction first locks the agent (an advisory lock held to commit), because at READ COMMITTED
 * each statement reads a fresh snapshot and the version check alone is not enough. Two writers on
 * one agent can therefore never interleave, in one process or in many.
 */
export function createDeskWriter(log: EventLog, now: () => number) {
  /** The presence row, and the desk's new status; its event is for the caller to append. */
  async function presenceRow(tx: Tx, desk: Desk, state: AgentState, reason: string | null, when?: number): Promise<AgentStatus> {
    const since = Math.max(when ?? desk.eventAt ?? now(), desk.status.since);
    await insertPresence.send(tx, { agentId: desk.agentId, state, reason, at: since });
    desk.status = { agentId: desk.agentId, state, reason, since };
    return desk.status;
  }

  const appendPresence = (tx: Tx, { agentId, state, reason, since }: AgentStatus) =>
    log.append(tx, { type: 'presence.changed', agentId, data: { state, reason, since } }, since);

  async function recordPresence(tx: Tx, desk: Desk, state: AgentState, reason: string | null, when?: number): Promise<AgentStatus> {
    const status = await presenceRow(tx, desk, state, reason, when);
    await appendPresence(tx, status);
    return status;
  }

  async function attempt<T>(agentId: number, work: DeskWork<T>, at: number | undefined): Promise<DeskChange<T>> {
    return log.transact(async (tx) => {
      // PostgreSQL at READ COMMITTED: the version check alone lets writers on one agent interleave (ADR 0036).
      await lockForTransaction(tx, LOCK_SPACE.agentDesk, agentId);
      const desk = await loadDesk(tx, agentId);
      const legs = () => openLegs(tx, agentId, Math.max(desk.sessionFrom, (at ?? now()) - OPEN_LEG_HORIZON_MS));
      const value = await work(tx, desk, legs);
      const open = await legs();
      if (open.size === 0 && desk.next !== null) {
        desk.resting = desk.next;
        desk.next = null;
      }
      const p = presenceFor(open.values(), desk.resting);
      const unchanged = desk.status.state === p.state && desk.status.reason === p.reason;
      const status = unchanged ? desk.status : await presenceRow(tx, desk, p.state, p.reason, at ?? desk.eventAt);
      await saveDesk(tx, desk);
      // The presence event last: on PostgreSQL an append holds the log's head row until commit (ADR 0036), so nothing else waits inside that lock.
      if (!unchanged) await appendPresence(tx, status);
      return { value, status };
    });
  }

  return {
    /** Change an agent's desk; `at` is the time of the event that caused it (a call event's own time). */
    async change<T>(agentId: number, work: DeskWork<T>, at?: number): Promise<DeskChange<T>> {
      for (let n = 1; ; n++) {
        try {
          return await attempt(agentId, work, at);
        } catch (error) {
          if (!(error instanceof VersionConflict) || n >= MAX_ATTEMPTS) throw error;
        }
      }
    },
    /** A presence recorded as chosen, even when unchanged (sign-in, sign-out). */
    recordPresence,
  };
}

export type DeskWriter = ReturnType<typeof createDeskWriter>;
