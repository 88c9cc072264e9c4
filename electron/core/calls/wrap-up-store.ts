import type { Kysely } from 'kysely';
import { ContractFailure } from '../../../shared/contract/errors';
import type { AcwMode, Disposition, WrapUp, WrapUpFields } from '../../../shared/contract/schemas/wrap-up';
import { compiledOnce } from '../db/compiled-once';
import type { Database } from '../db/schema';
import { offerAnswerOnCall, offerShownOnCall } from '../offers/call-offers';

export interface WrapUpCall {
  id: number;
  agent_id: number | null;
  queue_id: number | null;
  customer_id: number | null;
  caller_e164: string | null;
  caller_display: string | null;
  offered_at: number | null;
  answered_at: number | null;
  ended_at: number | null;
  wrap_up_ended_at: number | null;
  wrap_up_deadline: number | null;
}

const defaultDispositions = compiledOnce((db) =>
  db.selectFrom('dispositions').select(['id', 'code', 'label', 'queue_id']).where('active', '=', 1).where('queue_id', 'is', null).orderBy('sort_order'),
);
const queueAndDefaultDispositions = compiledOnce((db, p: { queueId: number }) =>
  db
    .selectFrom('dispositions')
    .select(['id', 'code', 'label', 'queue_id'])
    .where('active', '=', 1)
    .where((eb) => eb.or([eb('queue_id', '=', p.queueId), eb('queue_id', 'is', null)]))
    .orderBy('sort_order'),
);

/** The queue's own disposition list, else the centre's default list. */
export async function dispositionsFor(db: Kysely<Database>, queueId: number | null): Promise<(Disposition & { id: number })[]> {
  const rows = queueId === null ? await defaultDispositions.all(db, {}) : await queueAndDefaultDispositions.all(db, { queueId });
  const own = rows.filter((r) => r.queue_id !== null);
  return (own.length > 0 ? own : rows).map(({ id, code, label }) => ({ id, code, label }));
}

/** Form fields to columns. Submitting checks the codes; a draft keeps what it can. */
export async function wrapUpRows(db: Kysely<Database>, call: WrapUpCall, fields: WrapUpFields, strict: boolean) {
  const dispositions = await dispositionsFor(db, call.queue_id);
  const disposition = fields.dispositionCode === null ? undefined : dispositions.find((d) => d.code === fields.dispositionCode);
  if (strict && fields.dispositionCode !== null && disposition === undefined) {
    throw new ContractFailure('INVALID_INPUT', `unknown disposition "${fields.dispositionCode}" for this queue`);
  }
  const offer = fields.offerCode === null ? undefined : await db.selectFrom('offers').select('id').where('code', '=', fields.offerCode).executeTakeFirst();
  if (strict && fields.offerCode !== null && offer === undefined) throw new ContractFailure('INVALID_INPUT', `unknown offer "${fields.offerCode}"`);
  return {
    disposition_id: disposition?.id ?? null,
    resolved: fields.resolved === null ? null : fields.resolved ? 1 : 0,
    notes: fields.notes,
    offer_id: offer?.id ?? null,
    offer_outcome: fields.offerOutcome,
    callback_at: fields.callbackAt,
    tags: JSON.stringify(fields.tags),
  };
}

const wrapUpRow = compiledOnce((db, p: { callId: number }) =>
  db
    .selectFrom('wrap_ups')
    .leftJoin('dispositions', 'dispositions.id', 'wrap_ups.disposition_id')
    .leftJoin('offers', 'offers.id', 'wrap_ups.offer_id')
    .select([
      'wrap_ups.resolved',
      'wrap_ups.notes',
      'wrap_ups.offer_outcome',
      'wrap_ups.callback_at',
      'wrap_ups.tags',
      'wrap_ups.draft',
      'wrap_ups.revision',
      'dispositions.code as disposition_code',
      'offers.code as offer_code',
    ])
    .where('wrap_ups.call_id', '=', p.callId),
);

export async function readWrapUp(db: Kysely<Database>, call: WrapUpCall, mode: AcwMode): Promise<WrapUp> {
  const row = await wrapUpRow.first(db, { callId: call.id });
  const dispositions = await dispositionsFor(db, call.queue_id);
  // The form asks about the offer the pop showed on this call, unless the agent already named one.
  const offerCode = row?.offer_code ?? (await offerShownOnCall(db, call.id));
  return {
    callId: call.id,
    fields: {
      dispositionCode: row?.disposition_code ?? null,
      resolved: row?.resolved == null ? null : row.resolved === 1,
      notes: row?.notes ?? '',
      offerCode,
      offerOutcome: (row?.offer_outcome as WrapUpFields['offerOutcome']) ?? (offerCode === null ? null : await offerAnswerOnCall(db, call.id, offerCode)),
      callbackAt: row?.callback_at ?? null,
      tags: parseTags(row?.tags ?? null),
    },
    revision: row?.revision ?? 0,
    submitted: row?.draft === 0,
    endedAt: call.wrap_up_ended_at,
    deadline: mode === 'time-boxed' && call.wrap_up_ended_at === null ? call.wrap_up_deadline : null,
    mode,
    dispositions: dispositions.map(({ code, label }) => ({ code, label })),
    caller: call.caller_display ?? call.caller_e164,
    customerId: call.customer_id,
    callEndedAt: call.ended_at,
  };
}


function parseTags(json: string | null): string[] {
  try {
    const value: unknown = JSON.parse(json ?? '[]');
    return Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string').slice(0, 12) : [];
  } catch {
    return [];
  }
}

/** A new list replaces the active one; old codes stay (inactive) so past wrap-ups keep their meaning. */
/** Replace a queue's (or the default) disposition list, inside the caller's transaction. */
export async function replaceDispositions(tx: Kysely<Database>, queueId: number | null, list: readonly Disposition[]): Promise<Disposition[]> {
  await tx
    .updateTable('dispositions')
    .set({ active: 0 })
    .where((eb) => (queueId === null ? eb('queue_id', 'is', null) : eb('queue_id', '=', queueId)))
    .execute();
  await tx
    .insertInto('dispositions')
    .values(list.map((d, i) => ({ queue_id: queueId, code: d.code, label: d.label, sort_order: i + 1, active: 1 })))
    .execute();
  return (await dispositionsFor(tx, queueId)).map(({ code, label }) => ({ code, label }));
}
