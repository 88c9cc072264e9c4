import { sql, type Kysely } from 'kysely';
import { ContractFailure } from '../../../shared/contract/errors';
import type { Database } from '../db/schema';

/**
 * Checks on what an agent's softphone reports, before anything is stored (ADR 0022). A signed-in
 * agent is trusted with their own calls only: what they say about anyone else's is verified.
 */

/** A queue wait longer than this is not believed (a forged header, a broken PBX clock): the leg is stored without it. */
export const MAX_PLAUSIBLE_WAIT_MS = 60 * 60_000;

export function plausibleWait(waitedMs: number | null): number | null {
  return waitedMs !== null && waitedMs <= MAX_PLAUSIBLE_WAIT_MS ? waitedMs : null;
}

/** How long after its end another agent's leg can still be the origin of a transfer. */
export const TRANSFER_LINK_WINDOW_MS = 60 * 60_000;

/**
 * A new leg may name as its origin the agent's own call, or a colleague's call that is being or
 * was just transferred (a transfer was requested on it, or it ended as transferred, within the last
 * hour). Anything else is refused as if the call did not exist, so ids of others' calls cannot be probed.
 */
export async function transferOrigin(
  db: Kysely<Database>,
  agentId: number,
  originId: number,
  now: number,
): Promise<{ id: number; contact_key: string | null }> {
  const origin = await db
    .selectFrom('calls')
    .select(['id', 'contact_key', 'agent_id', 'end_reason', 'ended_at'])
    .select((eb) =>
      eb
        .exists(eb.selectFrom('call_events').select(sql`1`.as('one')).whereRef('call_events.call_id', '=', 'calls.id').where('call_events.type', '=', 'transfer-requested'))
        .as('transfer_requested'),
    )
    .where('id', '=', originId)
    .executeTakeFirst();
  const handedOver = origin !== undefined && (origin.end_reason === 'transferred' || Number(origin.transfer_requested) === 1);
  const recent = origin !== undefined && (origin.ended_at === null || now - origin.ended_at <= TRANSFER_LINK_WINDOW_MS);
  if (origin === undefined || (origin.agent_id !== agentId && !(handedOver && recent))) {
    throw new ContractFailure('NOT_FOUND', `no call ${originId} to have been transferred from`);
  }
  return { id: origin.id, contact_key: origin.contact_key };
}

/** An eventId already used by another agent: refused without saying whose call it belongs to. */
export function eventIdTaken(): ContractFailure {
  return new ContractFailure('CONFLICT', 'this eventId is already in use: send each report with a new one');
}
