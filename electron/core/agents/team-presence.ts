import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

export interface TeamPresenceDeps {
  db: Kysely<Database>;
  /** This process's id in `team_instances` (a new one per start). */
  instanceId: string;
  now: () => number;
  /** Agents this instance holds a connection for right now. */
  localAgents: () => number[];
  /** Whether this instance is still running the agent's grace (or its wait for Offline). */
  graceRunning: (agentId: number) => boolean;
  /** Every projection caught up with the log: presence knows every agent a taken-over row names. */
  settled: () => Promise<void>;
  /** A dead instance's agent, with no connection anywhere: run the grace here, from `lostAt` (nothing if signed out). */
  adopt: (agentId: number, lostAt: number) => void;
  onError: (error: unknown) => void;
  /** How often this instance beats and looks for dead ones; undefined: only when `beat()` is called (a test's clock). */
  beatMs: number | undefined;
  /** An instance that has not beaten for this long is dead. */
  deadAfterMs: number;
}

/**
 * Presence follows the connection across a team (ADR 0069). Each instance records the agents it
 * holds a connection for and beats; when one stops beating (killed, its machine gone) or stops, one
 * survivor claims it — the claim is a delete, so exactly one gets it — and gives each of its agents
 * that has no connection anywhere the same disconnect grace a single server gives (ADR 0025): back
 * within it, nothing shows; past it, Disconnected, then Offline. A lost connection's grace is
 * recorded too (`lost_at`), so it passes to a survivor if the instance running it dies.
 */
export function createTeamPresence({ db, instanceId, now, localAgents, graceRunning, settled, adopt, onError, beatMs, deadAfterMs }: TeamPresenceDeps) {
  let writes: Promise<unknown> = Promise.resolve();
  /** This instance's writes, one after the other (a quick reconnect's insert after the loss's update). */
  function queue(write: () => Promise<unknown>): Promise<void> {
    const next = writes.then(write);
    writes = next.catch(onError);
    return writes.then(() => undefined);
  }

  async function holdNow(agentId: number): Promise<void> {
    // A connection anywhere ends every grace run for the agent, here or on another instance.
    await db.deleteFrom('team_connections').where('agent_id', '=', agentId).where('lost_at', 'is not', null).execute();
    await db
      .insertInto('team_connections')
      .values({ instance_id: instanceId, agent_id: agentId, lost_at: null })
      .onConflict((oc) => oc.columns(['instance_id', 'agent_id']).doUpdateSet({ lost_at: null }))
      .execute();
  }

  async function register(): Promise<void> {
    const at = now();
    await db
      .insertInto('team_instances')
      .values({ id: instanceId, started_at: at, seen_at: at, stopped_at: null })
      .onConflict((oc) => oc.column('id').doUpdateSet({ seen_at: at, stopped_at: null }))
      .execute();
  }

  /** Our rows say what we hold: connections we have, none we no longer have (a sign-out or take-over leaves no loss to run). */
  async function reconcile(): Promise<void> {
    const held = new Set(localAgents());
    const rows = await db.selectFrom('team_connections').select(['agent_id', 'lost_at']).where('instance_id', '=', instanceId).execute();
    const recorded = new Set(rows.filter((r) => r.lost_at === null).map((r) => Number(r.agent_id)));
    const gone = [...recorded].filter((a) => !held.has(a));
    // A grace that ended here (Offline, or the desk came back) has nothing left to pass on.
    const over = rows.filter((r) => r.lost_at !== null && !graceRunning(Number(r.agent_id))).map((r) => Number(r.agent_id));
    const drop = [...gone, ...over];
    if (drop.length > 0) {
      await db.deleteFrom('team_connections').where('instance_id', '=', instanceId).where('agent_id', 'in', drop).execute();
    }
    for (const agentId of held) if (!recorded.has(agentId)) await holdNow(agentId);
  }

  /** Claim every dead instance (each goes to one survivor) and its agents' rows: the agents whose grace now runs here. */
  async function claimDead(): Promise<{ agentId: number; lostAt: number }[]> {
    const taken: { agentId: number; lostAt: number }[] = [];
    const at = now();
    const dead = await db
      .deleteFrom('team_instances')
      .where('id', '!=', instanceId)
      .where((eb) => eb.or([eb('stopped_at', 'is not', null), eb('seen_at', '<', at - deadAfterMs)]))
      .returning(['id', 'seen_at', 'stopped_at'])
      .execute();
    // Rows of an instance no longer registered: claimed while it was still writing (a stall taken for
    // death, which it undoes at its next beat). Taken over like a dead one's, from now.
    const orphans = await db
      .selectFrom('team_connections')
      .select('instance_id')
      .distinct()
      .where('instance_id', 'not in', (eb) => eb.selectFrom('team_instances').select('id'))
      .execute();
    const gone = [
      ...dead.map((d) => ({ id: d.id, diedAt: Number(d.stopped_at ?? d.seen_at) })),
      ...orphans.filter((o) => !dead.some((d) => d.id === o.instance_id)).map((o) => ({ id: o.instance_id, diedAt: at })),
    ];
    for (const { id, diedAt } of gone) {
      // Each row is deleted by one instance only, whoever else looks at the same time: its agent is taken over once.
      const rows = await db.deleteFrom('team_connections').where('instance_id', '=', id).returning(['agent_id', 'lost_at']).execute();
      for (const row of rows) {
        const agentId = Number(row.agent_id);
        const lostAt = row.lost_at === null ? diedAt : Number(row.lost_at);
        const elsewhere = await db.selectFrom('team_connections').select('instance_id').where('agent_id', '=', agentId).where('lost_at', 'is', null).executeTakeFirst();
        if (elsewhere !== undefined || localAgents().includes(agentId)) continue;
        await db
          .insertInto('team_connections')
          .values({ instance_id: instanceId, agent_id: agentId, lost_at: lostAt })
          .onConflict((oc) => oc.columns(['instance_id', 'agent_id']).doNothing())
          .execute();
        taken.push({ agentId, lostAt });
      }
    }
    return taken;
  }

  async function beat(): Promise<number> {
    let taken: { agentId: number; lostAt: number }[] = [];
    await queue(async () => {
      const beaten = await db.updateTable('team_instances').set({ seen_at: now() }).where('id', '=', instanceId).where('stopped_at', 'is', null).executeTakeFirst();
      // Not there: thought dead (a stall longer than deadAfterMs) and claimed. We are alive: say so again.
      if (beaten.numUpdatedRows === 0n) await register();
      await reconcile();
      taken = await claimDead();
    });
    if (taken.length === 0) return 0;
    // The rows were written after the sign-ins they follow: once caught up, presence knows each agent.
    // (An agent signed out meanwhile starts no grace; the next beat drops its row.)
    await settled();
    for (const { agentId, lostAt } of taken) adopt(agentId, lostAt);
    return taken.length;
  }

  let beating = false;
  const timer =
    beatMs === undefined
      ? undefined
      : setInterval(() => {
          if (beating) return;
          beating = true;
          void beat()
            .catch(onError)
            .finally(() => (beating = false));
        }, beatMs);
  timer?.unref();

  return {
    /** Join the team (at start, before serving). */
    start: () => queue(register),
    /** The agent's first connection on this instance opened. */
    opened(agentId: number): void {
      void queue(() => holdNow(agentId));
    },
    /** The agent's last connection on this instance went at `lostAt`: this instance runs the grace (recorded, so it survives us). */
    lost(agentId: number, lostAt: number): void {
      void queue(() =>
        db
          .insertInto('team_connections')
          .values({ instance_id: instanceId, agent_id: agentId, lost_at: lostAt })
          .onConflict((oc) => oc.columns(['instance_id', 'agent_id']).doUpdateSet({ lost_at: lostAt }))
          .execute(),
      );
    },
    /** Whether some instance other than this one holds a connection for the agent now. */
    async connectedElsewhere(agentId: number): Promise<boolean> {
      await writes;
      const row = await db
        .selectFrom('team_connections')
        .select('instance_id')
        .where('agent_id', '=', agentId)
        .where('lost_at', 'is', null)
        .where('instance_id', '!=', instanceId)
        .executeTakeFirst();
      return row !== undefined;
    },
    /** Beat, say what we hold, and take over dead instances' agents (what the timer does); returns how many agents were taken over. */
    beat,
    /**
     * Leave the team (a clean stop): marked stopped, so a survivor takes over at once the agents whose
     * connections this instance held or whose grace it was running.
     */
    async stop(): Promise<void> {
      if (timer !== undefined) clearInterval(timer);
      await queue(() => db.updateTable('team_instances').set({ stopped_at: now() }).where('id', '=', instanceId).execute());
    },
  };
}

export type TeamPresence = ReturnType<typeof createTeamPresence>;
