import type { Kysely } from 'kysely';
import { ContractFailure } from '../../../shared/contract/errors';
import type { Database } from '../db/schema';

export type OfferOutcome = 'shown' | 'accepted' | 'declined';

/** Append an offer outcome inside the caller's transaction; declines feed the next pop's suppression rule. */
export async function recordOfferOutcome(
  db: Kysely<Database>,
  input: { customerId: number; offerCode: string; outcome: OfferOutcome; callId?: number | undefined },
  now: number,
): Promise<{ offerId: number }> {
  const offer = await db.selectFrom('offers').select('id').where('code', '=', input.offerCode).executeTakeFirst();
  if (offer === undefined) throw new ContractFailure('NOT_FOUND', `no offer "${input.offerCode}"`);
  const customer = await db.selectFrom('customers').select('id').where('id', '=', input.customerId).executeTakeFirst();
  if (customer === undefined) throw new ContractFailure('NOT_FOUND', `no customer ${input.customerId}`);
  await db
    .insertInto('offer_outcomes')
    .values({ call_id: input.callId ?? null, customer_id: input.customerId, offer_id: offer.id, outcome: input.outcome, at: now })
    .execute();
  return { offerId: offer.id };
}
