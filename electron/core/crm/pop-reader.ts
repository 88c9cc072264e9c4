import type { CustomerRecord } from '../../../shared/contract/schemas/crm';
import type { ValueSettings } from '../../../shared/contract/schemas/settings';
import type { Affinity, OfferRules } from '../../../shared/domain/offers/next-best-offer';

/** What a record read needs besides the customer's id: the clock, value settings and the offer policy. */
export interface ReaderContext {
  now: number;
  value: ValueSettings;
  offerRules: OfferRules;
  affinitiesFrom: (productId: number) => readonly Affinity[];
  /** The offer policy's exploration rate, and uniform draws for it. */
  explorationRate: number;
  draw: () => number;
}

/**
 * The screen-pop read path, behind an async interface so each store implements it its own way
 * (SQLite: prepared better-sqlite3 statements; PostgreSQL: prepared `pg` statements).
 */
export interface PopReader {
  /** Customers on this E.164 number, best match first, at most `limit`. */
  customerIdsForNumber(e164: string, limit: number): Promise<number[]>;
  /** The whole record the pop shows, or null when there is no such customer. */
  record(id: number, ctx: ReaderContext): Promise<CustomerRecord | null>;
  /**
   * The screen pop: the records of the customers on this E.164 number, in id order, at most `max`;
   * `more` when the number has more customers than that. One read where the store allows it
   * (PostgreSQL: one round trip).
   */
  recordsForNumber(e164: string, max: number, ctx: ReaderContext): Promise<{ records: CustomerRecord[]; more: boolean }>;
}
