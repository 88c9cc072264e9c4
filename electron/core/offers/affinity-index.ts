import type { Kysely } from 'kysely';
import { productLine, type Affinity } from '../../../shared/domain/offers/next-best-offer';
import type { Database } from '../db/schema';

/** The affinity table in memory (products² rows at most): the pop reads it in microseconds. */
export async function loadAffinityIndex(db: Kysely<Database>): Promise<(productId: number) => readonly Affinity[]> {
  const rows = await db
    .selectFrom('product_affinities as a')
    .innerJoin('products as p', 'p.id', 'a.to_product_id')
    .innerJoin('products as f', 'f.id', 'a.from_product_id')
    .select([
      'a.from_product_id',
      'a.to_product_id',
      'a.confidence',
      'a.lift',
      'a.baskets_both',
      'p.name',
      'p.sku',
      'p.category',
      'p.unit_price',
      'f.unit_price as from_unit_price',
    ])
    .execute();
  const byFrom = new Map<number, Affinity[]>();
  for (const r of rows) {
    const list = byFrom.get(r.from_product_id) ?? [];
    list.push({
      fromProductId: r.from_product_id,
      fromUnitPrice: r.from_unit_price,
      toProductId: r.to_product_id,
      toProductName: r.name,
      toLine: productLine(r.sku),
      toCategory: r.category,
      toUnitPrice: r.unit_price,
      confidence: r.confidence,
      lift: r.lift,
      support: r.baskets_both,
    });
    byFrom.set(r.from_product_id, list);
  }
  const none: readonly Affinity[] = [];
  return (productId) => byFrom.get(productId) ?? none;
}
