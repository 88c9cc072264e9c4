import type { Kysely } from 'kysely';
import type { AgentCandidate } from '../../../shared/domain/routing/candidates';
import type { Presence } from '../agents/presence';
import type { Database } from '../db/schema';
import { ids, strings } from '../auth/agent-directory';

const STAFFED: ReadonlySet<string> = new Set(['available', 'ringing', 'on-call', 'wrap-up']);

interface DirectoryEntry {
  extension: string;
  skills: string[];
  languages: string[];
  queueIds: number[];
}


/**
 * The agents routing weighs: presence from the projection (who is available and since when), the
 * directory (skills, languages, queues; agents who take calls), and the engine's own counts (offers
 * today for fewest-calls, the last offer for round robin).
 */
export function createAgentPool(db: Kysely<Database>, presence: Presence, now: () => number) {
  // Held until an agent's account changes: every change appends `agents.changed`, which the shared-caches
  // projection (every instance) turns into invalidate(). Reading it again per decision cost a 500-row query.
  let directory: Map<number, DirectoryEntry> | null = null;
  const callsToday = new Map<number, number>();
  let day = -1;
  const lastOffered = new Map<number, number>();
  /** The last decision's free agents (at most one stale candidate per agent is kept past its slice). */
  const scratch: AgentCandidate[] = [];

  async function entries(): Promise<Map<number, DirectoryEntry>> {
    if (directory !== null) return directory;
    const rows = await db.selectFrom('agents').select(['id', 'extension', 'skills', 'languages', 'queue_ids', 'role', 'takes_calls']).where('active', '=', 1).execute();
    directory = new Map(
      rows
        .filter((r) => r.role !== 'supervisor' || r.takes_calls === 1)
        .map((r) => [r.id, { extension: r.extension, skills: strings(r.skills), languages: strings(r.languages), queueIds: ids(r.queue_ids) }]),
    );
    return directory;
  }

  /**
   * An agent's candidate, the same object while nothing it is made of changed: a decision weighs every
   * free agent (500 in a big centre) and used to build them all afresh. Candidates are never changed once
   * made (the decision is a pure function of them), so handing out the same object again is safe.
   */
  const candidates = new Map<number, { made: AgentCandidate; from: DirectoryEntry }>();
  function candidate(agentId: number, from: DirectoryEntry, idleSince: number, callsToday: number, lastOfferedAt: number): AgentCandidate {
    const known = candidates.get(agentId);
    if (known !== undefined && known.from === from && known.made.idleSince === idleSince && known.made.callsToday === callsToday && known.made.lastOfferedAt === lastOfferedAt) return known.made;
    const made: AgentCandidate = { agentId, idleSince, callsToday, lastOfferedAt, skills: from.skills, languages: from.languages, queueIds: from.queueIds };
    candidates.set(agentId, { made, from });
    return made;
  }

  async function countsToday(): Promise<Map<number, number>> {
    const today = Math.floor(now() / 86_400_000);
    if (today === day) return callsToday;
    callsToday.clear();
    const rows = await db
      .selectFrom('calls')
      .select(['agent_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('offered_at', '>=', today * 86_400_000)
      .where('agent_id', 'is not', null)
      .groupBy('agent_id')
      .execute();
    for (const r of rows) if (r.agent_id !== null) callsToday.set(r.agent_id, Number(r.n));
    day = today;
    return callsToday;
  }

  return {
    /** Available agents who take calls, minus those `held` (reserved): the candidates before any queue rule. */
    async free(held: ReadonlySet<number>): Promise<AgentCandidate[]> {
      const dir = await entries();
      const counts = await countsToday();
      // Gathered in a list kept between decisions and copied out at its exact length: a list grown by push copied
      // itself six times on the way to 500 agents, twice per routed caller (ADR 0067).
      let n = 0;
      for (const s of presence.statuses()) {
        if (s.state !== 'available') continue;
        const e = dir.get(s.agentId);
        if (e === undefined || held.has(s.agentId)) continue;
        scratch[n++] = candidate(s.agentId, e, s.since, counts.get(s.agentId) ?? 0, lastOffered.get(s.agentId) ?? 0);
      }
      return scratch.slice(0, n);
    },
    /** Signed-in agents (free or busy) who could take a queue at its widest step. */
    async staffed(queueId: number | null, anyQueue: boolean): Promise<number> {
      const dir = await entries();
      let n = 0;
      for (const s of presence.statuses()) {
        const e = dir.get(s.agentId);
        if (e === undefined || !STAFFED.has(s.state)) continue;
        if (anyQueue || queueId === null || e.queueIds.length === 0 || e.queueIds.includes(queueId)) n++;
      }
      return n;
    },
    /** Where an agent is for sticky routing. */
    where(agentId: number, held: ReadonlySet<number>): 'free' | 'busy' | 'away' {
      const s = presence.liveStatus(agentId)?.state;
      if (s === 'available') return held.has(agentId) ? 'busy' : 'free';
      return s === 'ringing' || s === 'on-call' || s === 'wrap-up' ? 'busy' : 'away';
    },
    async extension(agentId: number): Promise<string | null> {
      return (await entries()).get(agentId)?.extension ?? null;
    },
    offered(agentId: number): void {
      lastOffered.set(agentId, now());
      callsToday.set(agentId, (callsToday.get(agentId) ?? 0) + 1);
    },
    /** The directory changed (skills, languages, queues): the next decision reads it again. */
    invalidate(): void {
      directory = null;
      candidates.clear();
    },
  };
}

export type AgentPool = ReturnType<typeof createAgentPool>;
