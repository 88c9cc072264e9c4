/**
 * The demo shop: a home-electronics retailer. Groups carry the planted purchase patterns
 * ("customers who bought a laptop bought a sleeve") that offers and metrics later find.
 */
export interface ProductGroup {
  key: string;
  category: string;
  /** Model names; each becomes one product. */
  models: readonly string[];
  /** Price range in pence. */
  price: readonly [number, number];
  /** Weight as the main item of an order (0: only ever an add-on). */
  anchorWeight: number;
  /** Add-on groups bought with this one, and how often (the planted co-purchase lift). */
  addOns: readonly { group: string; p: number }[];
}

export const PRODUCT_GROUPS: readonly ProductGroup[] = [
  { key: 'phone', category: 'Phones', models: ['Nova 12', 'Nova 12 Pro', 'Nova 13', 'Nova 13 Pro', 'Pebble A5', 'Pebble A7', 'Pebble A9', 'Strata Fold', 'Strata Flip', 'Kite Lite', 'Kite Max', 'Kite Mini'], price: [19_900, 119_900], anchorWeight: 14, addOns: [{ group: 'phone-case', p: 0.6 }, { group: 'screen-protector', p: 0.4 }, { group: 'phone-care', p: 0.3 }] },
  { key: 'laptop', category: 'Laptops', models: ['Aero 13', 'Aero 15', 'Aero 15 Pro', 'Forge 16', 'Forge 17 Studio', 'Slate Go', 'Slate Air', 'Slate Book', 'Atlas 14', 'Atlas 14 Flex'], price: [39_900, 219_900], anchorWeight: 8, addOns: [{ group: 'laptop-sleeve', p: 0.5 }, { group: 'laptop-care', p: 0.35 }, { group: 'mouse', p: 0.3 }] },
  { key: 'tv', category: 'TV & Audio', models: ['Lumen 43" 4K TV', 'Lumen 50" 4K TV', 'Lumen 55" OLED TV', 'Lumen 65" OLED TV', 'Vista 32" HD TV', 'Vista 43" 4K TV', 'Vista 55" 4K TV', 'Vista 65" QLED TV', 'Vista 75" QLED TV', 'Lumen 77" OLED TV'], price: [22_900, 249_900], anchorWeight: 7, addOns: [{ group: 'soundbar', p: 0.35 }, { group: 'tv-care', p: 0.25 }, { group: 'wall-bracket', p: 0.3 }] },
  { key: 'smart-starter', category: 'Smart Home', models: ['Hearth Starter Kit', 'Hearth Starter Kit Plus', 'Hearth Security Kit', 'Hearth Heating Kit'], price: [9_900, 24_900], anchorWeight: 5, addOns: [{ group: 'smart-bulb', p: 0.5 }, { group: 'smart-plug', p: 0.4 }] },
  { key: 'console', category: 'Gaming', models: ['Quasar Console', 'Quasar Console Digital', 'Quasar Portable', 'Nimbus Console'], price: [24_900, 47_900], anchorWeight: 5, addOns: [{ group: 'game', p: 0.7 }, { group: 'controller', p: 0.4 }] },
  { key: 'printer', category: 'Computing', models: ['Inkwell 200', 'Inkwell 400', 'Inkwell Laser 1', 'Inkwell Photo'], price: [5_900, 29_900], anchorWeight: 3, addOns: [{ group: 'ink', p: 0.6 }] },
  { key: 'headphones', category: 'TV & Audio', models: ['Echo Buds', 'Echo Buds Pro', 'Echo Over-Ear', 'Echo Studio', 'Pulse Sport', 'Pulse Kids', 'Pulse ANC', 'Pulse Lite'], price: [2_900, 39_900], anchorWeight: 8, addOns: [] },
  { key: 'cable', category: 'Accessories', models: ['USB-C cable 1 m', 'USB-C cable 2 m', 'HDMI 2.1 cable', 'Lightning cable', 'Ethernet cable 5 m', 'Extension lead'], price: [699, 2_499], anchorWeight: 6, addOns: [] },
  { key: 'charger', category: 'Accessories', models: ['20 W charger', '65 W GaN charger', 'Wireless charging pad', 'Car charger', 'Power bank 10,000 mAh', 'Power bank 20,000 mAh'], price: [1_499, 5_999], anchorWeight: 6, addOns: [] },
  { key: 'game', category: 'Gaming', models: ['Starfall Racing', 'Deep Orbit', 'Kingdoms of Ash', 'Pitch Legends 26', 'Puzzle Harbour', 'Night Courier', 'Frost Line', 'Tiny Tactics'], price: [1_999, 6_999], anchorWeight: 4, addOns: [] },
  { key: 'phone-case', category: 'Accessories', models: ['Slim case', 'Rugged case', 'Wallet case', 'Clear case'], price: [999, 3_999], anchorWeight: 0, addOns: [] },
  { key: 'screen-protector', category: 'Accessories', models: ['Glass screen protector', 'Privacy screen protector'], price: [899, 2_499], anchorWeight: 0, addOns: [] },
  { key: 'phone-care', category: 'Protection plans', models: ['Phone Care 1 year', 'Phone Care 2 years'], price: [4_900, 12_900], anchorWeight: 0, addOns: [] },
  { key: 'laptop-sleeve', category: 'Accessories', models: ['Laptop sleeve 13"', 'Laptop sleeve 15"', 'Laptop backpack'], price: [1_999, 6_999], anchorWeight: 0, addOns: [] },
  { key: 'laptop-care', category: 'Protection plans', models: ['Laptop Care 2 years', 'Laptop Care 3 years'], price: [9_900, 19_900], anchorWeight: 0, addOns: [] },
  { key: 'mouse', category: 'Computing', models: ['Wireless mouse', 'Ergonomic mouse', 'Travel mouse'], price: [1_499, 7_999], anchorWeight: 0, addOns: [] },
  { key: 'soundbar', category: 'TV & Audio', models: ['Arc Soundbar', 'Arc Soundbar + Sub', 'Arc Mini Soundbar'], price: [14_900, 79_900], anchorWeight: 0, addOns: [] },
  { key: 'tv-care', category: 'Protection plans', models: ['TV Care 3 years', 'TV Care 5 years'], price: [7_900, 19_900], anchorWeight: 0, addOns: [] },
  { key: 'wall-bracket', category: 'Accessories', models: ['Tilting wall bracket', 'Full-motion wall bracket'], price: [2_999, 8_999], anchorWeight: 0, addOns: [] },
  { key: 'smart-bulb', category: 'Smart Home', models: ['Hearth smart bulb', 'Hearth smart bulb 4-pack', 'Hearth light strip'], price: [1_499, 4_999], anchorWeight: 0, addOns: [] },
  { key: 'smart-plug', category: 'Smart Home', models: ['Hearth smart plug', 'Hearth smart plug 2-pack'], price: [1_299, 2_299], anchorWeight: 0, addOns: [] },
  { key: 'controller', category: 'Gaming', models: ['Quasar controller', 'Quasar pro controller'], price: [5_499, 17_999], anchorWeight: 0, addOns: [] },
  { key: 'ink', category: 'Computing', models: ['Inkwell black ink', 'Inkwell colour ink', 'Inkwell ink multipack'], price: [1_499, 5_999], anchorWeight: 0, addOns: [] },
];

export interface CatalogueProduct {
  id: number;
  sku: string;
  name: string;
  category: string;
  group: string;
  unitPrice: number;
}

/** Products with stable ids and prices spread evenly across each group's range (no randomness: identical for every seed). */
export function buildCatalogue(): CatalogueProduct[] {
  const products: CatalogueProduct[] = [];
  for (const g of PRODUCT_GROUPS) {
    g.models.forEach((model, i) => {
      const [lo, hi] = g.price;
      const step = g.models.length > 1 ? (hi - lo) / (g.models.length - 1) : 0;
      const price = Math.round((lo + step * i) / 100) * 100 - 1;
      products.push({
        id: products.length + 1,
        sku: `${g.key.toUpperCase()}-${String(i + 1).padStart(3, '0')}`,
        name: model,
        category: g.category,
        group: g.key,
        unitPrice: price,
      });
    });
  }
  return products;
}
