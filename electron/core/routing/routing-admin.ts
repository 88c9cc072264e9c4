import type { Kysely } from 'kysely';
import type { QueueRouting, RouteDecisionView } from '../../../shared/contract/schemas/routing';
import { ContractFailure } from '../../../shared/contract/errors';
import type { QueuePolicy } from '../../../shared/domain/routing/queue-policy';
import type { Database } from '../db/schema';
import { ids, strings } from '../auth/agent-directory';
import type { RoutingDecisionRecord } from '../log/log-event';
import type { RoutingService } from './routing-service';


/** What supervisors see and steer of routing on the board (issue 13 item 6), and a call's decisions for its drill-down. */
export function createRoutingAdmin(db: Kysely<Database>, routing: Pick<RoutingService, 'policies' | 'waiting'>) {
  async function queueName(queueId: number | null): Promise<string | null> {
    if (queueId === null) return null;
    const row = await db.selectFrom('queues').select('name').where('id', '=', queueId).executeTakeFirst();
    if (row === undefined) throw new ContractFailure('NOT_FOUND', `no queue ${queueId}`);
    return row.name;
  }

  return {
    async overview() {
      const queues = await db.selectFrom('queues').select(['id', 'name']).orderBy('name').execute();
      const policies: QueueRouting[] = [{ queueId: null, queue: null, policy: await routing.policies.of(null) }];
      for (const q of queues) policies.push({ queueId: q.id, queue: q.name, policy: await routing.policies.of(q.id) });
      const agents = await db.selectFrom('agents').select(['id', 'name', 'skills', 'languages', 'queue_ids', 'role', 'takes_calls']).where('active', '=', 1).orderBy('name').execute();
      return {
        queues: policies,
        waiting: routing.waiting().map((w) => ({ sipCallId: w.sipCallId, queue: w.queue, caller: w.caller, vip: w.vip, queuedAt: w.queuedAt, step: w.step, offeredTo: w.offeredTo })),
        agents: agents
          .filter((a) => a.role !== 'supervisor' || a.takes_calls === 1)
          .map((a) => ({ agentId: a.id, name: a.name, skills: strings(a.skills), languages: strings(a.languages), queueIds: ids(a.queue_ids) })),
      };
    },
    /** Change part of a queue's policy; the next decision reads it. */
    async setQueue(queueId: number | null, change: Partial<QueuePolicy>, by: number): Promise<QueueRouting> {
      const queue = await queueName(queueId);
      const policy = { ...(await routing.policies.of(queueId)), ...change };
      await routing.policies.set(queueId, policy, by);
      return { queueId, queue, policy };
    },
    /** The routing decisions of a call leg's caller (by its SIP Call-ID), oldest first. */
    async decisionsOf(callId: number): Promise<{ sipCallId: string | null; decisions: RouteDecisionView[] }> {
      const call = await db.selectFrom('calls').select(['sip_call_id', 'queue_call_id']).where('id', '=', callId).executeTakeFirst();
      if (call === undefined) throw new ContractFailure('NOT_FOUND', `no call ${callId}`);
      const keys = [call.queue_call_id, call.sip_call_id].filter((k): k is string => k !== null);
      if (keys.length === 0) return { sipCallId: null, decisions: [] };
      const rows = await db.selectFrom('route_decisions').select(['decision_id', 'sip_call_id', 'at', 'detail']).where('sip_call_id', 'in', keys).orderBy('id').limit(200).execute();
      const names = new Map((await db.selectFrom('agents').select(['id', 'name']).execute()).map((a) => [a.id, a.name]));
      const name = (id: number) => names.get(id) ?? `agent ${id}`;
      return {
        sipCallId: rows[0]?.sip_call_id ?? keys[0] ?? null,
        decisions: rows.map((r) => {
          const d = JSON.parse(r.detail) as RoutingDecisionRecord;
          return {
            decisionId: r.decision_id,
            at: Number(r.at),
            kind: d.kind,
            step: d.step,
            why: d.why,
            agents: d.offered.map(name),
            excluded: d.excluded,
            vip: d.vip,
            sticky: d.stickyAgentId === null ? null : name(d.stickyAgentId),
            waitedSec: d.waitedSec,
          };
        }),
      };
    },
  };
}

export type RoutingAdmin = ReturnType<typeof createRoutingAdmin>;
