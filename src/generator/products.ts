import { CATEGORIES } from './accepted-values.js';
import { BRANDS, PRODUCT_CATALOG } from './product-catalog.js';
import { toDollars } from './money.js';
import { historyInstant, instantInDay, windowDayStarts } from './timeline.js';
import type { Category } from './accepted-values.js';
import type { ProductRow } from './rows.js';
import type { Rng } from './rng.js';
import type { Timeline } from './timeline.js';

/** A product and when it went on sale (not exported: products are always exported in full). */
export interface Product {
  readonly row: ProductRow;
  readonly launch: number;
  /** How often shoppers pick it, relative to other products. */
  readonly popularity: number;
}

/**
 * The catalogue: most products are on sale from the first day, some launch later, and in daily-export mode one
 * launches on each day of the window, so consecutive products snapshots differ. Ids follow launch order.
 */
export function generateProducts(rng: Rng, timeline: Timeline, count: number): Product[] {
  const launches: number[] = [];
  for (let i = 0; i < count; i++) launches.push(rng.chance(0.75) ? timeline.start : historyInstant(rng, timeline));
  for (const dayStart of windowDayStarts(timeline)) launches.push(instantInDay(rng, dayStart));
  launches.sort((a, b) => a - b);

  const categoryWeights = CATEGORIES.map((c) => [c, PRODUCT_CATALOG[c].weight] as const);
  const usedNames = new Set<string>();
  return launches.map((launch, index) => {
    const category: Category = rng.weighted(categoryWeights);
    const catalog = PRODUCT_CATALOG[category];
    const name = uniqueName(`${rng.pick(BRANDS)} ${rng.pick(catalog.items)}`, usedNames);
    // Skewed towards cheap items. Only + and × here: Math.exp and Math.pow may differ in the last bit between
    // JavaScript engines, which would break byte-for-byte reproducibility.
    const u = rng.next();
    const dollars = catalog.minPrice + (catalog.maxPrice - catalog.minPrice) * u * u * u;
    const priceCents = Math.max(99, Math.floor(dollars) * 100 + rng.weighted([[99, 6], [49, 2], [0, 1]] as const));
    const share = catalog.costShare[0] + rng.next() * (catalog.costShare[1] - catalog.costShare[0]);
    const costCents = Math.round(priceCents * share);
    return {
      launch,
      // Math.sqrt is exactly rounded everywhere (IEEE 754), unlike Math.pow.
      popularity: 1 / Math.sqrt(1 + rng.int(0, count)),
      row: {
        product_id: index + 1,
        category,
        name,
        price_usd: toDollars(priceCents),
        cost_usd: toDollars(costCents),
        margin_usd: toDollars(priceCents - costCents),
      },
    };
  });
}

/** Catalogues rarely repeat a name; a second product of the same brand and kind gets a series mark. */
function uniqueName(name: string, used: Set<string>): string {
  let candidate = name;
  for (let series = 2; used.has(candidate); series++) candidate = `${name} (Series ${series})`;
  used.add(candidate);
  return candidate;
}
