import { sql, type Kysely } from 'kysely';
import { crossSellCode } from '../../../shared/domain/offers/next-best-offer';
import type { Database } from '../db/schema';

/** Baskets measured: the most recent orders by id, enough for stable rates without scanning 10M lines at start. */
export const AFFINITY_SAMPLE_ORDERS = 400_000;

export interface AffinitySummary {
  baskets: number;
  pairs: number;
}

/**
 * Rebuild product_affinities from order history (portable SQL, runs on SQLite and PostgreSQL):
 * confidence P(Y|X) = baskets with X and Y / baskets with X; lift = confidence / P(Y).
 * Also makes sure every product has its cross-sell offer row, so outcomes can reference it.
 */
export async function rebuildAffinities(db: Kysely<Database>, now: number, sampleOrders = AFFINITY_SAMPLE_ORDERS): Promise<AffinitySummary> {
  const maxId = (await db.selectFrom('orders').select((eb) => eb.fn.max('id').as('m')).executeTakeFirst())?.m ?? 0;
  const since = Math.max(0, Number(maxId) - sampleOrders);
  return db.transaction().execute(async (tx) => {
    await tx.deleteFrom('product_affinities').execute();
    const total = await sql<{ n: number }>`SELECT count(DISTINCT order_id) AS n FROM order_lines WHERE order_id > ${since}`.execute(tx);
    const baskets = Number(total.rows[0]?.n ?? 0);
    if (baskets === 0) return { baskets: 0, pairs: 0 };
    const inserted = await sql`
      INSERT INTO product_affinities
        (from_product_id, to_product_id, baskets_both, baskets_from, baskets_to, baskets_total, confidence, lift, computed_at)
      SELECT p.x, p.y, p.n, fx.n, fy.n, ${baskets},
             CAST(p.n AS double precision) / fx.n,
             (CAST(p.n AS double precision) / fx.n) / (CAST(fy.n AS double precision) / ${baskets}),
             ${now}
        FROM (SELECT a.product_id AS x, b.product_id AS y, count(*) AS n
                FROM (SELECT DISTINCT order_id, product_id FROM order_lines WHERE order_id > ${since}) a
                JOIN (SELECT DISTINCT order_id, product_id FROM order_lines WHERE order_id > ${since}) b
                  ON a.order_id = b.order_id AND a.product_id <> b.product_id
               GROUP BY a.product_id, b.product_id) p
        JOIN (SELECT product_id, count(DISTINCT order_id) AS n FROM order_lines WHERE order_id > ${since} GROUP BY product_id) fx
          ON fx.product_id = p.x
        JOIN (SELECT product_id, count(DISTINCT order_id) AS n FROM order_lines WHERE order_id > ${since} GROUP BY product_id) fy
          ON fy.product_id = p.y`.execute(tx);
    const products = await tx.selectFrom('products').select(['id', 'name']).execute();
    for (const p of products) {
      await tx
        .insertInto('offers')
        .values({ code: crossSellCode(p.id), name: p.name, kind: 'cross-sell', product_id: p.id, active: 1 })
        .onConflict((oc) => oc.column('code').doNothing())
        .execute();
    }
    return { baskets, pairs: Number(inserted.numAffectedRows ?? 0) };
  });
}
