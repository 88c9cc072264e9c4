import type { Kysely } from 'kysely';
import { ContractFailure } from '../../../shared/contract/errors';
import type { CustomerRecord, CustomerSummary, LookupByPhoneOutput } from '../../../shared/contract/schemas/crm';
import type { Settings } from '../../../shared/contract/schemas/settings';
import { looksLikePhone, normalisePhone } from '../../../shared/domain/phone';
import type { Database } from '../db/schema';
import { DEFAULT_OFFER_RULES, type Affinity } from '../../../shared/domain/offers/next-best-offer';
import type { PopReader, ReaderContext } from './pop-reader';
import { searchNameKey, storedSearchName } from './search-name';

/** Most customers returned for one number; a switchboard number can be shared by thousands. */
export const MAX_MATCHES_PER_NUMBER = 10;

export interface CrmServiceDeps {
  db: Kysely<Database>;
  reader: PopReader;
  settings: () => Settings;
  now: () => number;
  affinitiesFrom: (productId: number) => readonly Affinity[];
  /** Share of pops whose first offer is drawn at random among the candidates (ADR 0016); 0 = always the best. */
  offerExplorationRate?: number;
  random?: () => number;
}

export function createCrmService({ db, reader, settings, now, affinitiesFrom, offerExplorationRate = 0, random = Math.random }: CrmServiceDeps) {
  function readerContext(): ReaderContext {
    const s = settings();
    return { now: now(), value: s.value, offerRules: { ...DEFAULT_OFFER_RULES, marginRate: s.value.marginRate }, affinitiesFrom, explorationRate: offerExplorationRate, draw: random };
  }

  async function lookupByPhone(phone: string, region?: string): Promise<LookupByPhoneOutput> {
    const s = settings();
    const parsed = normalisePhone(phone, region ?? s.defaultRegion);
    if (parsed.kind !== 'number') {
      return { phone: parsed, match: parsed.kind, customers: [], truncated: false };
    }
    const { records: customers, more } = await reader.recordsForNumber(parsed.e164, MAX_MATCHES_PER_NUMBER, readerContext());
    const match = customers.length === 0 ? 'none' : customers.length === 1 ? 'one' : 'many';
    return { phone: parsed, match, customers, truncated: more };
  }

  async function getCustomer(id: number): Promise<CustomerRecord> {
    const record = await reader.record(id, readerContext());
    if (record === null) throw new ContractFailure('NOT_FOUND', `no customer ${id}`);
    return record;
  }

  const summaryColumns = [
    'customers.id',
    'customers.first_name',
    'customers.last_name',
    'customers.city',
    'customers.email',
  ] as const;

  async function summaries(ids: number[]): Promise<CustomerSummary[]> {
    if (ids.length === 0) return [];
    const rows = await db
      .selectFrom('customers')
      .leftJoin('customer_phones', (j) =>
        j.onRef('customer_phones.customer_id', '=', 'customers.id').on('customer_phones.is_primary', '=', 1),
      )
      .select([...summaryColumns, 'customer_phones.e164'])
      .where('customers.id', 'in', ids)
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((id) => {
      const r = byId.get(id);
      return r === undefined
        ? []
        : [{ id: r.id, displayName: `${r.first_name} ${r.last_name}`, city: r.city, email: r.email, primaryPhone: r.e164 }];
    });
  }

  async function searchCustomers(query: string, limit: number) {
    const q = query.trim();
    const idMatch = /^#?(\d{1,9})$/.exec(q);
    if (idMatch?.[1] !== undefined && q.replace(/\D/g, '').length < 6) {
      return { searchedBy: 'id' as const, customers: await summaries([Number(idMatch[1])]) };
    }
    if (q.includes('@')) {
      const rows = await db.selectFrom('customers').select('id').where('email', '=', q.toLowerCase()).limit(limit).execute();
      return { searchedBy: 'email' as const, customers: await summaries(rows.map((r) => r.id)) };
    }
    if (looksLikePhone(q)) {
      const parsed = normalisePhone(q, settings().defaultRegion);
      const ids = parsed.kind === 'number' ? await reader.customerIdsForNumber(parsed.e164, limit) : [];
      return { searchedBy: 'phone' as const, customers: await summaries(ids) };
    }
    const keys = searchNameKey(q);
    const rows = await db
      .selectFrom('customers')
      .select(['id', 'search_name'])
      .where((eb) => eb.or(keys.map((k) => eb.and([eb('search_name', '>=', k), eb('search_name', '<', `${k}\uffff`)]))))
      .orderBy('search_name')
      .orderBy('id')
      .limit(limit)
      .execute();
    return { searchedBy: 'name' as const, customers: await summaries(rows.map((r) => r.id)) };
  }

  async function createCustomer(input: { firstName: string; lastName: string; phone: string; email?: string | undefined; city?: string | undefined }) {
    const parsed = normalisePhone(input.phone, settings().defaultRegion);
    if (parsed.kind !== 'number') {
      throw new ContractFailure('INVALID_INPUT', `"${input.phone.slice(0, 40)}" is not a phone number we can store`, [
        { path: 'phone', message: parsed.kind === 'withheld' ? 'the number is withheld' : parsed.reason },
      ]);
    }
    const at = now();
    const id = await db.transaction().execute(async (tx) => {
      const row = await tx
        .insertInto('customers')
        .values({
          first_name: input.firstName,
          last_name: input.lastName,
          search_name: storedSearchName(input.firstName, input.lastName),
          email: input.email ?? null,
          city: input.city ?? null,
          customer_since: at,
          updated_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx.insertInto('customer_phones').values({ customer_id: row.id, e164: parsed.e164, label: 'primary', is_primary: 1 }).execute();
      await tx
        .insertInto('accounts')
        .values({ customer_id: row.id, currency: settings().currency, balance: 0, credit_limit: 0, overdue: 0, updated_at: at })
        .execute();
      return row.id;
    });
    return getCustomer(id);
  }

  return { lookupByPhone, getCustomer, searchCustomers, createCustomer };
}

export type CrmService = ReturnType<typeof createCrmService>;
