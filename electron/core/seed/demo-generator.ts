import type SqliteDatabase from 'better-sqlite3';
import { storedSearchName } from '../crm/search-name';
import { buildCatalogue, PRODUCT_GROUPS, type CatalogueProduct } from './catalogue';
import { CITIES, FIRST_NAMES, LAST_NAMES } from './names';
import { homeFor, mobileFor, workFor } from './phone-plan';
import { PLANTED_CUSTOMERS, type PlantedCustomer, type Profile } from './planted-customers';
import { seededRandom, type Random } from './random';

const DAY = 86_400_000;

export interface SeedOptions {
  customers: number;
  seed: number;
  /** "Now" for the generated history; fixed in tests so two runs are identical. */
  anchor: number;
  currency?: string;
  batchSize?: number;
  onProgress?: (progress: SeedProgress) => void;
}

export interface SeedProgress {
  customersDone: number;
  customersTotal: number;
  orderLines: number;
}

export interface SeedSummary {
  customers: number;
  phones: number;
  orders: number;
  orderLines: number;
  products: number;
}

interface Statements {
  customer: SqliteDatabase.Statement;
  phone: SqliteDatabase.Statement;
  account: SqliteDatabase.Statement;
  order: SqliteDatabase.Statement;
  line: SqliteDatabase.Statement;
}

interface CustomerPlan {
  id: number;
  firstName: string;
  lastName: string;
  city: string;
  profile: Profile;
  overdue: boolean;
  since: number;
  phones: { e164: string; label: string }[];
  forcedBuys: readonly string[];
  creditLimit: number | null;
}

function randomProfile(r: Random): Profile {
  const x = r.unit();
  if (x < 0.03) return 'big-spender';
  if (x < 0.15) return 'lapsed';
  if (x < 0.2) return 'new';
  return 'regular';
}

function randomPhones(r: Random, id: number): { e164: string; label: string }[] {
  const mobile = { e164: mobileFor(id), label: 'mobile' };
  const home = { e164: homeFor(id), label: 'home' };
  const phones = r.chance(0.6) ? [mobile] : [home];
  if (r.chance(0.35)) phones.push(phones[0] === mobile ? home : mobile);
  if (r.chance(0.1)) phones.push({ e164: workFor(id), label: 'work' });
  // Households: the previous customer's landline is also this customer's.
  if (id > PLANTED_CUSTOMERS.length + 1 && r.chance(0.02)) phones.push({ e164: homeFor(id - 1), label: 'home (shared)' });
  return phones;
}

function sinceFor(r: Random, profile: Profile, anchor: number): number {
  if (profile === 'new') return anchor - r.int(3, 60) * DAY;
  if (profile === 'lapsed') return anchor - r.int(800, 3650) * DAY;
  return anchor - r.int(60, 3650) * DAY;
}

function planCustomer(r: Random, id: number, anchor: number): CustomerPlan {
  const planted: PlantedCustomer | undefined = PLANTED_CUSTOMERS.find((p) => p.id === id);
  if (planted !== undefined) {
    return {
      ...planted,
      since: sinceFor(r, planted.profile, anchor),
      phones: [...planted.phones],
      forcedBuys: planted.buys,
      creditLimit: planted.creditLimit,
    };
  }
  const profile = randomProfile(r);
  return {
    id,
    firstName: r.pick(FIRST_NAMES),
    lastName: r.pick(LAST_NAMES),
    city: r.pick(CITIES),
    profile,
    overdue: r.chance(0.07),
    since: sinceFor(r, profile, anchor),
    phones: randomPhones(r, id),
    forcedBuys: [],
    creditLimit: null,
  };
}

function orderCount(r: Random, profile: Profile): number {
  switch (profile) {
    case 'new':
      return 1;
    case 'big-spender':
      return r.int(6, 14);
    case 'lapsed':
      return r.int(2, 7);
    default:
      return r.int(0, 7);
  }
}

/**
 * Deterministic demo CRM: the same options always produce the same rows. Writes in batched
 * transactions on prepared statements (the only way to reach 10M order lines in minutes).
 */
export function seedDemoData(raw: SqliteDatabase.Database, options: SeedOptions): SeedSummary {
  const r = seededRandom(options.seed);
  const currency = options.currency ?? 'GBP';
  const batchSize = options.batchSize ?? 5_000;
  const catalogue = buildCatalogue();
  const byGroup = new Map<string, CatalogueProduct[]>();
  for (const p of catalogue) byGroup.set(p.group, [...(byGroup.get(p.group) ?? []), p]);
  const anchors = PRODUCT_GROUPS.filter((g) => g.anchorWeight > 0);
  const anchorWeightTotal = anchors.reduce((s, g) => s + g.anchorWeight, 0);
  const extras = ['cable', 'charger', 'headphones', 'game'];

  const insertProduct = raw.prepare('INSERT INTO products (id, sku, name, category, unit_price) VALUES (?, ?, ?, ?, ?)');
  const st: Statements = {
    customer: raw.prepare(
      'INSERT INTO customers (id, first_name, last_name, search_name, email, city, customer_since, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    phone: raw.prepare('INSERT INTO customer_phones (customer_id, e164, label, is_primary) VALUES (?, ?, ?, ?)'),
    account: raw.prepare(
      'INSERT INTO accounts (customer_id, currency, balance, credit_limit, overdue, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    order: raw.prepare('INSERT INTO orders (id, customer_id, ordered_at, status, total) VALUES (?, ?, ?, ?, ?)'),
    line: raw.prepare('INSERT INTO order_lines (order_id, product_id, quantity, unit_price, amount) VALUES (?, ?, ?, ?, ?)'),
  };

  const summary: SeedSummary = { customers: 0, phones: 0, orders: 0, orderLines: 0, products: catalogue.length };
  raw.transaction(() => {
    for (const p of catalogue) insertProduct.run(p.id, p.sku, p.name, p.category, p.unitPrice);
  })();

  function pickAnchorGroup(): string {
    let x = r.unit() * anchorWeightTotal;
    for (const g of anchors) {
      x -= g.anchorWeight;
      if (x < 0) return g.key;
    }
    return anchors[anchors.length - 1]?.key ?? 'cable';
  }

  function pickProduct(group: string, premium: boolean): CatalogueProduct {
    const list = byGroup.get(group) ?? [];
    const from = premium ? Math.floor(list.length / 2) : 0;
    return list[r.int(from, list.length - 1)] as CatalogueProduct;
  }

  function writeOrder(customerId: number, at: number, anchorGroup: string, premium: boolean): void {
    const lines: { product: CatalogueProduct; quantity: number }[] = [{ product: pickProduct(anchorGroup, premium), quantity: 1 }];
    const group = PRODUCT_GROUPS.find((g) => g.key === anchorGroup);
    for (const addOn of group?.addOns ?? []) {
      if (r.chance(addOn.p)) lines.push({ product: pickProduct(addOn.group, premium), quantity: 1 });
    }
    const extraCount = r.int(0, 2);
    for (let i = 0; i < extraCount; i++) lines.push({ product: pickProduct(r.pick(extras), false), quantity: r.int(1, 2) });
    const orderId = ++summary.orders;
    const total = lines.reduce((s, l) => s + l.product.unitPrice * l.quantity, 0);
    st.order.run(orderId, customerId, at, 'complete', total);
    for (const l of lines) {
      st.line.run(orderId, l.product.id, l.quantity, l.product.unitPrice, l.product.unitPrice * l.quantity);
    }
    summary.orderLines += lines.length;
  }

  function writeCustomer(c: CustomerPlan): void {
    const email = `${c.firstName}.${c.lastName}${c.id}@example.com`.toLowerCase().replace(/[^a-z0-9.@]/g, '');
    st.customer.run(c.id, c.firstName, c.lastName, storedSearchName(c.firstName, c.lastName), email, c.city, c.since, options.anchor);
    c.phones.forEach((p, i) => st.phone.run(c.id, p.e164, p.label, i === 0 ? 1 : 0));
    summary.phones += c.phones.length;

    const creditLimit = c.creditLimit ?? r.pick([0, 50_000, 100_000, 250_000, 500_000]);
    const balance = creditLimit > 0 ? r.int(creditLimit / 20, creditLimit / 2) : 0;
    const owed = c.overdue ? Math.max(balance, 5_000) : balance;
    const overdue = c.overdue ? r.int(Math.round(owed * 0.3), owed) : 0;
    st.account.run(c.id, currency, owed, Math.max(creditLimit, owed), overdue, options.anchor);

    const count = Math.max(orderCount(r, c.profile), c.forcedBuys.length);
    // Lapsed customers stopped buying more than a year ago: the "lack of action" pattern.
    const lastPossible = c.profile === 'lapsed' ? options.anchor - 400 * DAY : options.anchor - DAY;
    // …after buying regularly (about every two months) before that.
    const firstPossible = c.profile === 'lapsed' ? Math.max(c.since, lastPossible - count * 60 * DAY) : c.since;
    const times: number[] = [];
    for (let i = 0; i < count; i++) times.push(r.int(firstPossible, Math.max(firstPossible, lastPossible)));
    times.sort((a, b) => a - b);
    times.forEach((at, i) => writeOrder(c.id, at, c.forcedBuys[i] ?? pickAnchorGroup(), c.profile === 'big-spender'));
    summary.customers++;
  }

  for (let start = 1; start <= options.customers; start += batchSize) {
    const end = Math.min(options.customers, start + batchSize - 1);
    raw.transaction(() => {
      for (let id = start; id <= end; id++) writeCustomer(planCustomer(r, id, options.anchor));
    })();
    options.onProgress?.({ customersDone: end, customersTotal: options.customers, orderLines: summary.orderLines });
  }
  raw.pragma('analysis_limit = 1000');
  raw.exec('ANALYZE');
  return summary;
}
