import type { Kysely } from 'kysely';
import { ContractFailure } from '../../../shared/contract/errors';
import type { CallEventReport } from '../../../shared/contract/schemas/calls';
import { compiledOnce } from '../db/compiled-once';
import type { Database } from '../db/schema';
import type { EventLog, Tx } from '../log/event-log';

type Shown = Extract<CallEventReport, { type: 'offer-shown' }>;

async function offerIds(tx: Kysely<Database>, codes: readonly string[]): Promise<Map<string, number>> {
  const rows = await tx.selectFrom('offers').select(['id', 'code']).where('code', 'in', codes).execute();
  const ids = new Map(rows.map((r) => [r.code, r.id]));
  const unknown = codes.filter((c) => !ids.has(c));
  if (unknown.length > 0) throw new ContractFailure('INVALID_INPUT', `unknown offer ${unknown.map((c) => `"${c}"`).join(', ')}`);
  return ids;
}

/** A pop's impression: one row per offer, and the `offer.shown` event (ADR 0016). */
export async function recordImpression(log: EventLog, tx: Tx, agentId: number, callId: number, shown: Shown, at: number): Promise<void> {
  const customer = await tx.selectFrom('customers').select('id').where('id', '=', shown.customerId).executeTakeFirst();
  if (customer === undefined) throw new ContractFailure('NOT_FOUND', `no customer ${shown.customerId}`);
  const ids = await offerIds(tx, shown.offers.map((o) => o.code));
  const offers = shown.offers.map((o) => ({ ...o, offerId: ids.get(o.code) as number }));
  await tx
    .insertInto('offer_impressions')
    .values(
      offers.map((o) => ({
        call_id: callId,
        agent_id: agentId,
        customer_id: shown.customerId,
        offer_id: o.offerId,
        rank: o.rank,
        score: o.score,
        probability: o.probability,
        policy_version: shown.policyVersion,
        seen: shown.seen,
        at,
      })),
    )
    .execute();
  await log.append(tx, { type: 'offer.shown', agentId, callId, data: { customerId: shown.customerId, policyVersion: shown.policyVersion, seen: shown.seen, offers } }, at);
}

/**
 * The one entry point for an offer's outcome on a call — the pop's Accepted/Declined buttons and
 * the wrap-up both come here. A later answer for the same offer on the same call replaces the
 * earlier one. The customer is the one the offer was shown to on this call, else the call's.
 */
export async function recordCallOfferOutcome(
  log: EventLog,
  tx: Tx,
  call: { id: number; agentId: number | null; customerId: number | null },
  code: string,
  outcome: 'accepted' | 'declined',
  at: number,
): Promise<void> {
  const offerId = (await offerIds(tx, [code])).get(code) as number;
  const shownTo = await tx
    .selectFrom('offer_impressions')
    .select('customer_id')
    .where('call_id', '=', call.id)
    .where('offer_id', '=', offerId)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  const customerId = shownTo?.customer_id ?? call.customerId;
  if (customerId === null) throw new ContractFailure('CONFLICT', `call ${call.id} has no customer to record an offer answer for`);
  await tx.deleteFrom('offer_outcomes').where('call_id', '=', call.id).where('offer_id', '=', offerId).where('outcome', 'in', ['accepted', 'declined']).execute();
  await tx.insertInto('offer_outcomes').values({ call_id: call.id, customer_id: customerId, offer_id: offerId, outcome, at }).execute();
  await log.append(tx, { type: 'offer.outcome', agentId: call.agentId, callId: call.id, data: { customerId, offerId, outcome } }, at);
}

/** The offer the wrap-up asks about: the first-ranked one of the last impression painted on this call. */
const firstOfferShown = compiledOnce((db, p: { callId: number }) =>
  db
    .selectFrom('offer_impressions')
    .innerJoin('offers', 'offers.id', 'offer_impressions.offer_id')
    .select('offers.code')
    .where('offer_impressions.call_id', '=', p.callId)
    .where('offer_impressions.seen', '=', 'shown')
    .where('offer_impressions.rank', '=', 1)
    .orderBy('offer_impressions.at', 'desc')
    .orderBy('offer_impressions.id', 'desc'),
);

export async function offerShownOnCall(db: Kysely<Database>, callId: number): Promise<string | null> {
  const row = await firstOfferShown.first(db, { callId });
  return row?.code ?? null;
}

/** What the customer already said to this offer on this call (on the pop), for the wrap-up to start from. */
export async function offerAnswerOnCall(db: Kysely<Database>, callId: number, code: string): Promise<'accepted' | 'declined' | null> {
  const row = await db
    .selectFrom('offer_outcomes')
    .innerJoin('offers', 'offers.id', 'offer_outcomes.offer_id')
    .select('offer_outcomes.outcome')
    .where('offer_outcomes.call_id', '=', callId)
    .where('offers.code', '=', code)
    .where('offer_outcomes.outcome', 'in', ['accepted', 'declined'])
    .orderBy('offer_outcomes.id', 'desc')
    .executeTakeFirst();
  return (row?.outcome as 'accepted' | 'declined' | undefined) ?? null;
}
