import type SqliteDatabase from 'better-sqlite3';
import type { CustomerRecord } from '../../../shared/contract/schemas/crm';
import type { PopReader, ReaderContext } from './pop-reader';
import {
  assembleRecord,
  declinesSince,
  HISTORY_LINES,
  POP_SQL,
  RECENT_CONTACTS,
  SOFT_TAGS,
  type AccountRow,
  type ContactRow,
  type CustomerRow,
  type PhoneRow,
  type PurchaseRow,
  type SpendRow,
} from './pop-record';

export { HISTORY_LINES, OFFERS_SHOWN, RECENT_CONTACTS, RECENT_PURCHASES, SOFT_TAGS } from './pop-record';

/**
 * The screen-pop read path on prepared better-sqlite3 statements (Kysely re-prepares each
 * query, about 2x slower; see DESIGN.md). Everything else reads through Kysely.
 */
export function createCustomerReader(raw: SqliteDatabase.Database, defaultCurrency: string) {
  const idsByPhone = raw.prepare<[string, number], { customer_id: number }>(POP_SQL.idsByPhone);
  const customer = raw.prepare<[number], CustomerRow>(POP_SQL.customer);
  const phones = raw.prepare<[number], PhoneRow>(POP_SQL.phones);
  const account = raw.prepare<[number], AccountRow>(POP_SQL.account);
  const spend = raw.prepare<[number], SpendRow>(POP_SQL.spend);
  const purchases = raw.prepare<[number, number], PurchaseRow>(POP_SQL.purchases);
  const declines = raw.prepare<[number, number], { code: string; at: number }>(POP_SQL.declines);
  const contacts = raw.prepare<[number, number], ContactRow>(POP_SQL.contacts);
  const callbacks = raw.prepare<[number, number], { callback_at: number }>(POP_SQL.callbacks);
  const softTags = raw.prepare<[number, number], { tag: string }>(POP_SQL.softTags);

  function customerIdsForNumber(e164: string, limit: number): number[] {
    return idsByPhone.all(e164, limit).map((r) => r.customer_id);
  }

  function record(id: number, ctx: ReaderContext): CustomerRecord | null {
    const c = customer.get(id);
    if (c === undefined) return null;
    const rows = {
      customer: c,
      account: account.get(id),
      spend: spend.get(id),
      lines: purchases.all(id, HISTORY_LINES),
      declines: declines.all(id, declinesSince(ctx)),
      contacts: contacts.all(id, RECENT_CONTACTS),
      callbacks: callbacks.all(id, ctx.now),
      phones: phones.all(id),
      softTags: softTags.all(id, SOFT_TAGS),
    };
    return assembleRecord(rows, ctx, defaultCurrency);
  }

  return { customerIdsForNumber, record };
}

export type CustomerReader = ReturnType<typeof createCustomerReader>;

/** The SQLite store's pop reader: the prepared statements above, answered as promises. */
export function sqlitePopReader(reader: CustomerReader): PopReader {
  return {
    customerIdsForNumber: async (e164, limit) => reader.customerIdsForNumber(e164, limit),
    record: async (id, ctx) => reader.record(id, ctx),
    recordsForNumber: async (e164, max, ctx) => {
      const ids = reader.customerIdsForNumber(e164, max + 1);
      const records = ids.slice(0, max).map((id) => reader.record(id, ctx)).filter((r): r is CustomerRecord => r !== null);
      return { records, more: ids.length > max };
    },
  };
}
