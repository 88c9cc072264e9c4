import type { Kysely } from 'kysely';
import type { LookupByPhoneOutput, ValueTier } from '../../../shared/contract/schemas/crm';
import type { QueuePolicy } from '../../../shared/domain/routing/queue-policy';
import { compiledOnce } from '../db/compiled-once';
import type { Database } from '../db/schema';

const TIER_RANK: Record<ValueTier, number> = { bronze: 0, silver: 1, gold: 2, platinum: 3 };

/** Who is calling, as routing needs it: the CRM's match (also the pop pushed to the desk), VIP or not, sticky agent. */
export interface CallerProfile {
  lookup: LookupByPhoneOutput | null;
  customerId: number | null;
  e164: string | null;
  tier: ValueTier | null;
  tags: string[];
}

/** A caller is VIP when their value tier reaches the queue's VIP tier, or they carry its VIP tag. */
export function isVip(policy: QueuePolicy, caller: CallerProfile): boolean {
  if (policy.vipMinTier !== null && caller.tier !== null && TIER_RANK[caller.tier] >= TIER_RANK[policy.vipMinTier]) return true;
  const tag = policy.vipTag?.toLowerCase();
  return tag !== undefined && tag !== '' && caller.tags.some((t) => t.toLowerCase() === tag);
}

export function profileFrom(lookup: LookupByPhoneOutput | null): CallerProfile {
  const one = lookup?.match === 'one' ? (lookup.customers[0] ?? null) : null;
  return {
    lookup,
    customerId: one?.id ?? null,
    e164: lookup?.phone.kind === 'number' ? lookup.phone.e164 : null,
    tier: one?.value.tier ?? null,
    tags: one?.softTags ?? [],
  };
}

// Compiled once per dialect (ADR 0049): one of them runs on every routed call.
const answeredSince = (db: Kysely<Database>, since: number) =>
  db.selectFrom('calls').select('agent_id').where('agent_id', 'is not', null).where('answered_at', 'is not', null).where('queued_at', '>=', since);
const lastAgentOfCustomer = compiledOnce((db, p: { customerId: number; since: number }) => answeredSince(db, p.since).where('customer_id', '=', p.customerId).orderBy('queued_at', 'desc').limit(1));
const lastAgentOfNumber = compiledOnce((db, p: { e164: string; since: number }) => answeredSince(db, p.since).where('caller_e164', '=', p.e164).orderBy('queued_at', 'desc').limit(1));

/**
 * The last agent who answered this customer (or, unmatched, this number) within the window: the
 * sticky agent. Withheld and unknown callers have none.
 */
export async function lastAgentFor(db: Kysely<Database>, caller: CallerProfile, since: number): Promise<number | null> {
  const row =
    caller.customerId !== null
      ? await lastAgentOfCustomer.first(db, { customerId: caller.customerId, since })
      : caller.e164 !== null
        ? await lastAgentOfNumber.first(db, { e164: caller.e164, since })
        : undefined;
  return row?.agent_id ?? null;
}

