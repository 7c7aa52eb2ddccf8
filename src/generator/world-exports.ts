import { latest } from './entity.js';
import type { Dataset } from './rows.js';
import type { Entity } from './entity.js';
import type { World } from './world.js';

/** Cuts exports out of one world; each call is a binary search, so many daily exports stay cheap. */
export interface Exporter {
  /**
   * The export of everything that arrived within [from, to]. CDC tables hold those versions in arrival order (so a
   * late row sits among rows with later CDC values, as in a real export); products and order_items hold the full
   * snapshot as of `to`, because those tables are always exported whole.
   */
  between(from: number, to: number): Dataset;
}

interface Arrived<Row> {
  readonly arrival: number;
  readonly row: Row;
}

/** Prepares a world for cutting: every version of every CDC table, sorted once by arrival. */
export function createExporter(world: World): Exporter {
  const customers = byArrival(world.customers);
  const sessions = byArrival(world.sessions);
  const events = byArrival(world.events);
  const orders = byArrival(world.orders);
  const reviews = byArrival(world.reviews);
  const products = [...world.products].sort((a, b) => a.launch - b.launch).map((p) => ({ arrival: p.launch, row: p.row }));
  // An order's lines are exported from the day its first version arrives.
  const lines = [...world.orders]
    .sort((a, b) => a.versions[0]!.arrival - b.versions[0]!.arrival || a.id - b.id)
    .map((o) => ({ arrival: o.versions[0]!.arrival, id: o.id, items: o.items }));
  return {
    between(from, to) {
      const knownLines = lines.slice(0, countUpTo(lines, to)).sort((a, b) => a.id - b.id);
      return {
        customers: slice(customers, from, to),
        sessions: slice(sessions, from, to),
        events: slice(events, from, to),
        products: products.slice(0, countUpTo(products, to)).map((p) => p.row).sort((a, b) => a.product_id - b.product_id),
        orders: slice(orders, from, to),
        order_items: knownLines.flatMap((o) => o.items),
        reviews: slice(reviews, from, to),
      };
    },
  };
}

function byArrival<Row>(entities: readonly Entity<Row>[]): readonly Arrived<Row>[] {
  return entities
    .flatMap((entity) => entity.versions.map((version) => ({ entity, version })))
    .sort((a, b) => a.version.arrival - b.version.arrival || a.version.at - b.version.at || a.entity.id - b.entity.id)
    .map(({ version }) => ({ arrival: version.arrival, row: version.row }));
}

/** How many items (sorted by arrival) arrived at or before `instant`. */
function countUpTo(sorted: readonly { readonly arrival: number }[], instant: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]!.arrival <= instant) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function slice<Row>(sorted: readonly Arrived<Row>[], from: number, to: number): Row[] {
  return sorted.slice(countUpTo(sorted, from - 1), countUpTo(sorted, to)).map((item) => item.row);
}

/** Every version ever exported: the whole history as one export. */
export function fullExport(world: World): Dataset {
  return createExporter(world).between(-Infinity, world.timeline.end);
}

/** The truth at the end: the latest version of every record, by key; the full products and order_items. */
export function truthOf(world: World): Dataset {
  const final = <Row>(entities: readonly Entity<Row>[]): Row[] =>
    [...entities].sort((a, b) => a.id - b.id).map((entity) => latest(entity).row);
  return {
    customers: final(world.customers),
    sessions: final(world.sessions),
    events: final(world.events),
    products: world.products.map((p) => p.row),
    orders: final(world.orders),
    order_items: world.orders.flatMap((o) => o.items),
    reviews: final(world.reviews),
  };
}
