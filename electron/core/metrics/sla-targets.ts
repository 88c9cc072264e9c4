import type { Kysely } from 'kysely';
import type { SlaTargetDto } from '../../../shared/contract/schemas/metrics';
import { METRIC_DIRECTIONS } from '../../../shared/domain/metrics/sla';
import type { MetricName } from '../../../shared/domain/metrics/types';
import type { Database } from '../db/schema';

type TargetScope = 'default' | 'queue' | 'team';
interface TargetRow {
  scope: string;
  scope_id: number | null;
  metric: string;
  target: number;
  amber_band: number;
}

/** Targets stored under another metric's name: the median FRT is held to the FRT target. */
const TARGET_OF: Partial<Record<MetricName, string>> = { agent_frt_median_s: 'agent_frt_s' };

/** SLA targets per queue and team over the centre's defaults (METRICS.md), editable by supervisors. */
export function createSlaTargets(db: Kysely<Database>) {
  let rows: TargetRow[] | null = null;

  async function load(): Promise<TargetRow[]> {
    rows ??= await db.selectFrom('sla_targets').select(['scope', 'scope_id', 'metric', 'target', 'amber_band']).execute();
    return rows;
  }

  /** The most specific target for a metric: the queue's, else the team's, else the default. */
  function pick(all: readonly TargetRow[], metric: MetricName, where: { queueId?: number | null; teamId?: number | null }): SlaTargetDto | null {
    const name = TARGET_OF[metric] ?? metric;
    const direction = METRIC_DIRECTIONS[metric];
    if (direction === undefined) return null;
    const find = (scope: TargetScope, id: number | null) => all.find((r) => r.metric === name && r.scope === scope && r.scope_id === id);
    const candidates: [TargetScope, TargetRow | undefined][] = [
      ['queue', where.queueId == null ? undefined : find('queue', where.queueId)],
      ['team', where.teamId == null ? undefined : find('team', where.teamId)],
      ['default', find('default', null)],
    ];
    for (const [scope, row] of candidates) {
      if (row !== undefined) return { metric, target: row.target, amberBand: row.amber_band, direction, scope };
    }
    return null;
  }

  /** Store a target inside the caller's transaction; returns the amber band kept. */
  async function set(
    tx: Kysely<Database>,
    input: { metric: string; scope: TargetScope; scopeId: number | null; target: number; amberBand?: number | undefined },
    now: number,
  ): Promise<number> {
    const scopeId = input.scope === 'default' ? null : input.scopeId;
    const existing = await tx
      .selectFrom('sla_targets')
      .select(['id', 'amber_band'])
      .where('scope', '=', input.scope)
      .where('metric', '=', input.metric)
      .where((eb) => (scopeId === null ? eb('scope_id', 'is', null) : eb('scope_id', '=', scopeId)))
      .executeTakeFirst();
    const amberBand = input.amberBand ?? existing?.amber_band ?? 0.1;
    if (existing === undefined) {
      await tx.insertInto('sla_targets').values({ scope: input.scope, scope_id: scopeId, metric: input.metric, target: input.target, amber_band: amberBand, updated_at: now }).execute();
    } else {
      await tx.updateTable('sla_targets').set({ target: input.target, amber_band: amberBand, updated_at: now }).where('id', '=', existing.id).execute();
    }
    rows = null;
    return amberBand;
  }

  return {
    forScope: async (metric: MetricName, where: { queueId?: number | null; teamId?: number | null }) => pick(await load(), metric, where),
    all: load,
    set,
    /** Read the targets again on next use (another instance may have changed them). */
    invalidate(): void {
      rows = null;
    },
  };
}

export type SlaTargets = ReturnType<typeof createSlaTargets>;
