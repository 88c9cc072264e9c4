import { createHash } from 'node:crypto';
import { ContractFailure } from '../../../shared/contract/errors';
import type { WrapUpFields } from '../../../shared/contract/schemas/wrap-up';
import type { Tx } from '../log/event-log';

/** The same JSON for the same values whatever the order of their keys. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** What a submit asked for, as a digest: a resend must ask for exactly this again. */
export function submitFingerprint(callId: number, fields: WrapUpFields): string {
  return createHash('sha256').update(canonical({ callId, fields })).digest('hex');
}

/**
 * True when this agent's submit with this request id was already applied with the same payload
 * (a resend: apply nothing). Refused when the id was used for another payload or by another agent
 * (without saying whose). Runs under the agent's lock, inside the submit's transaction.
 */
export async function submittedBefore(tx: Tx, agentId: number, requestId: string, fingerprint: string): Promise<boolean> {
  const seen = await tx.selectFrom('wrap_up_requests').select(['agent_id', 'fingerprint']).where('request_id', '=', requestId).executeTakeFirst();
  if (seen === undefined) return false;
  if (seen.agent_id !== agentId || seen.fingerprint !== fingerprint) {
    throw new ContractFailure('CONFLICT', 'this requestId was already used for a different wrap-up submit: send each submit with a new one');
  }
  return true;
}
