import { latest } from './entity.js';
import type { Dataset } from './rows.js';
import type { Entity } from './entity.js';
import type { World } from './world.js';

/**
 * Cuts exports out of a world. CDC tables hold the versions that arrived within a span, in arrival order (so a
 * late row sits among rows with later CDC values, as in a real export); products and order_items hold the full
 * snapshot as of the span's end, because those tables are always exported whole.
 */
export function exportBetween(world: World, from: number, to: number): Dataset {
  const cdc = <Row>(entities: readonly Entity<Row>[]): Row[] =>
    entities
      .flatMap((entity) => entity.versions.map((version) => ({ entity, version })))
      .filter(({ version }) => version.arrival >= from && version.arrival <= to)
      .sort((a, b) => a.version.arrival - b.version.arrival || a.version.at - b.version.at || a.entity.id - b.entity.id)
      .map(({ version }) => version.row);
  return {
    customers: cdc(world.customers),
    sessions: cdc(world.sessions),
    events: cdc(world.events),
    ...snapshotAt(world, to),
    orders: cdc(world.orders),
    reviews: cdc(world.reviews),
  };
}

/** The products on sale and the lines of every order known by `instant`. */
export function snapshotAt(world: World, instant: number): Pick<Dataset, 'products' | 'order_items'> {
  return {
    products: world.products.filter((p) => p.launch <= instant).map((p) => p.row),
    order_items: world.orders.filter((o) => o.versions[0]!.arrival <= instant).flatMap((o) => o.items),
  };
}

/** Every version ever exported: the whole history as one export. */
export function fullExport(world: World): Dataset {
  return exportBetween(world, -Infinity, world.timeline.end);
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
