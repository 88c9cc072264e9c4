import type { ConnectedSpell } from '../../../shared/domain/report-time';

/** Spells kept per agent: a desk that reconnects more often than this within the replay window is judged on its latest ones. */
const KEPT_PER_AGENT = 32;
/** Older spells cannot matter: a report older than this is not believed anyway (trustedEventTime). */
const KEPT_FOR_MS = 12 * 3600_000;

/**
 * When each agent's desk had a live connection to this instance (ADR 0057), so a late call report
 * can be told from a replay of what happened while the desk was offline. In memory: after a restart,
 * or for a desk that reconnected to another instance, earlier times are unknown here and believed.
 */
export function createConnectedSpells(now: () => number) {
  const byAgent = new Map<number, ConnectedSpell[]>();

  return {
    /** The agent's first connection here is bound. */
    opened(agentId: number): void {
      const t = now();
      const spells = (byAgent.get(agentId) ?? []).filter((s) => s.to === null || s.to > t - KEPT_FOR_MS);
      if (spells.at(-1)?.to !== null) spells.push({ from: t, to: null });
      byAgent.set(agentId, spells.slice(-KEPT_PER_AGENT));
    },
    /** The agent's last connection here went; it was last heard from at `lastHeardAt`. */
    closed(agentId: number, lastHeardAt: number): void {
      const open = byAgent.get(agentId)?.at(-1);
      if (open !== undefined && open.to === null) open.to = Math.max(open.from, Math.min(lastHeardAt, now()));
    },
    of(agentId: number): readonly ConnectedSpell[] {
      return byAgent.get(agentId) ?? [];
    },
  };
}

export type ConnectedSpells = ReturnType<typeof createConnectedSpells>;
