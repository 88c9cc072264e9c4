import type { CustomerRecord, OpenItem, Purchase, RecentContact } from '../../../shared/contract/schemas/crm';
import { customerValue, tenureMonths } from '../../../shared/domain/customer-value';
import { productLine, rankOffers } from '../../../shared/domain/offers/next-best-offer';
import { offerPolicyVersion, presentOffers } from '../../../shared/domain/offers/offer-policy';
import type { ReaderContext } from './pop-reader';

export const RECENT_PURCHASES = 20;
/** Order lines read per pop: enough to know what a customer owns; bounds the work for the biggest accounts. */
export const HISTORY_LINES = 400;
export const RECENT_CONTACTS = 5;
/** Soft data tags shown on the pop. */
export const SOFT_TAGS = 8;
export const OFFERS_SHOWN = 3;
const DAY = 86_400_000;

/**
 * The pop's queries, written once with `?` placeholders: the SQLite reader prepares them as they are,
 * the PostgreSQL reader numbers the placeholders. Each is portable SQL on the pop's indexes (ADR 0003).
 * A bare `LIMIT ?` makes SQLite prepare the statement again on every execution (db/literal-limits.ts);
 * the cast keeps one prepared statement whatever the limit.
 */
export const POP_SQL = {
  idsByPhone: 'SELECT customer_id FROM customer_phones WHERE e164 = ? ORDER BY customer_id LIMIT CAST(? AS INTEGER)',
  customer: 'SELECT id, first_name, last_name, email, city, customer_since FROM customers WHERE id = ?',
  phones: 'SELECT e164, label, is_primary FROM customer_phones WHERE customer_id = ? ORDER BY is_primary DESC, id',
  account: 'SELECT currency, balance, credit_limit, overdue FROM accounts WHERE customer_id = ?',
  spend: `SELECT count(*) AS order_count, sum(total) AS total, min(ordered_at) AS first_at, max(ordered_at) AS last_at
       FROM orders WHERE customer_id = ?`,
  // One pass over the customer's order lines gives both the last 20 purchases and every product line owned.
  purchases: `SELECT o.id AS order_id, o.ordered_at, l.product_id, p.name AS product_name, p.sku, p.category, l.quantity, l.amount
       FROM orders o
       JOIN order_lines l ON l.order_id = o.id
       JOIN products p ON p.id = l.product_id
      WHERE o.customer_id = ?
      ORDER BY o.ordered_at DESC, l.id
      LIMIT CAST(? AS INTEGER)`,
  declines: `SELECT f.code, x.at FROM offer_outcomes x JOIN offers f ON f.id = x.offer_id
      WHERE x.customer_id = ? AND x.outcome = 'declined' AND x.at >= ?`,
  contacts: `SELECT c.id, coalesce(c.answered_at, c.offered_at, c.queued_at) AS at, q.name AS queue, a.name AS agent,
            d.label AS disposition, w.resolved
       FROM calls c
       LEFT JOIN queues q ON q.id = c.queue_id
       LEFT JOIN agents a ON a.id = c.agent_id
       LEFT JOIN wrap_ups w ON w.call_id = c.id AND w.draft = 0
       LEFT JOIN dispositions d ON d.id = w.disposition_id
      WHERE c.customer_id = ?
      ORDER BY c.queued_at DESC, c.id DESC
      LIMIT CAST(? AS INTEGER)`,
  callbacks: `SELECT w.callback_at FROM wrap_ups w JOIN calls c ON c.id = w.call_id
      WHERE c.customer_id = ? AND w.draft = 0 AND w.callback_at >= ? ORDER BY w.callback_at`,
  softTags: 'SELECT tag FROM customer_tags WHERE customer_id = ? GROUP BY tag ORDER BY max(at) DESC LIMIT CAST(? AS INTEGER)',
} as const;

export interface CustomerRow {
  id: number;
  first_name: string;
  last_name: string;
  email: string | null;
  city: string | null;
  customer_since: number;
}
export interface PhoneRow {
  e164: string;
  label: string;
  is_primary: number;
}
export interface AccountRow {
  currency: string;
  balance: number;
  credit_limit: number;
  overdue: number;
}
export interface SpendRow {
  order_count: number;
  total: number | null;
  first_at: number | null;
  last_at: number | null;
}
export interface PurchaseRow {
  order_id: number;
  ordered_at: number;
  product_id: number;
  product_name: string;
  sku: string;
  category: string;
  quantity: number;
  amount: number;
}
export interface ContactRow {
  id: number;
  at: number;
  queue: string | null;
  agent: string | null;
  disposition: string | null;
  resolved: number | null;
}

/** Everything one pop reads about a customer, as rows (each store reads them its own way). */
export interface PopRows {
  customer: CustomerRow;
  phones: PhoneRow[];
  account: AccountRow | undefined;
  spend: SpendRow | undefined;
  /** The customer's latest order lines, newest first, at most HISTORY_LINES. */
  lines: PurchaseRow[];
  declines: { code: string; at: number }[];
  contacts: ContactRow[];
  callbacks: { callback_at: number }[];
  softTags: { tag: string }[];
}

/** The cut-off for declined offers the ranking still respects. */
export const declinesSince = (ctx: ReaderContext): number => ctx.now - ctx.offerRules.declineCooldownDays * DAY;

/** The record the pop shows, from its rows: value, ranked offers and the presentation policy, recent contacts, open items. */
export function assembleRecord(rows: PopRows, { now, value, offerRules, affinitiesFrom, explorationRate, draw }: ReaderContext, defaultCurrency: string): CustomerRecord {
  const { customer: c, account: a, lines } = rows;
  const s = rows.spend ?? { order_count: 0, total: null, first_at: null, last_at: null };
  const total = s.total ?? 0;
  const recent: Purchase[] = lines.slice(0, RECENT_PURCHASES).map((p) => ({
    orderId: p.order_id,
    orderedAt: p.ordered_at,
    productId: p.product_id,
    productName: p.product_name,
    category: p.category,
    quantity: p.quantity,
    amount: p.amount,
  }));
  const accountView = {
    currency: a?.currency ?? defaultCurrency,
    balance: a?.balance ?? 0,
    creditLimit: a?.credit_limit ?? 0,
    overdue: a?.overdue ?? 0,
  };
  const customerValueNow = customerValue(total, c.customer_since, now, value);
  const ranked = rankOffers(
    {
      ...accountView,
      orderCount: s.order_count,
      firstOrderAt: s.first_at,
      lastOrderAt: s.last_at,
      recentPurchases: recent,
      ownedLines: new Set(lines.map((r) => productLine(r.sku))),
      declines: rows.declines.map((d) => ({ offerCode: d.code, at: d.at })),
      annualMargin: customerValueNow.annualMargin,
    },
    affinitiesFrom,
    now,
    offerRules,
    OFFERS_SHOWN,
  );
  const presented = presentOffers(ranked, explorationRate, [draw(), draw()]).map((p) => ({ ...p.offer, rank: p.rank, probability: p.probability }));
  const recentContacts: RecentContact[] = rows.contacts.map((r) => ({
    callId: r.id,
    at: r.at,
    queue: r.queue,
    agent: r.agent,
    disposition: r.disposition,
    resolved: r.resolved === null ? null : r.resolved === 1,
  }));
  const openItems: OpenItem[] = rows.callbacks.map((r) => ({ kind: 'callback', text: 'Callback promised', at: r.callback_at }));
  if (accountView.overdue > 0) openItems.unshift({ kind: 'overdue', text: 'Overdue balance', at: null });
  return {
    id: c.id,
    displayName: `${c.first_name} ${c.last_name}`,
    firstName: c.first_name,
    lastName: c.last_name,
    email: c.email,
    city: c.city,
    customerSince: c.customer_since,
    tenureMonths: tenureMonths(c.customer_since, now),
    phones: rows.phones.map((p) => ({ e164: p.e164, label: p.label, primary: p.is_primary === 1 })),
    account: accountView,
    spend: { total, orderCount: s.order_count, firstOrderAt: s.first_at, lastOrderAt: s.last_at },
    recentPurchases: recent,
    value: customerValueNow,
    offers: presented,
    offerPolicy: offerPolicyVersion(explorationRate),
    recentContacts,
    openItems,
    softTags: rows.softTags.map((r) => r.tag),
  };
}
