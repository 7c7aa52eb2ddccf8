/**
 * The generator's internal model of one exported record: every version it has had (each a row of the export, with
 * a strictly later CDC instant than the one before) and when each version reaches an export.
 */
export interface Version<Row> {
  readonly row: Row;
  /** The version's CDC value as an instant (seconds). */
  readonly at: number;
  /** When the version is exported (seconds); final once `assignArrivals` has run. */
  arrival: number;
}

export interface Entity<Row> {
  readonly id: number;
  readonly versions: Version<Row>[];
  /** Whole days the first version reaches the export after its CDC value (0: on time). */
  readonly lateDays: number;
  /** Records this one references: it is never exported before their latest version is. */
  readonly parents: readonly Entity<unknown>[];
}

/** A new entity with a single version, exported `lateDays` whole days after `at` (see `assignArrivals`). */
export function newEntity<Row>(
  id: number,
  row: Row,
  at: number,
  parents: readonly Entity<unknown>[] = [],
  lateDays = 0,
): Entity<Row> {
  return { id, versions: [{ row, at, arrival: at }], lateDays, parents };
}

/** The latest version. */
export function latest<Row>(entity: Entity<Row>): Version<Row> {
  return entity.versions[entity.versions.length - 1]!;
}

/** Appends a version; its instant must be strictly later than the latest one (CDC keeps the greatest value). */
export function addVersion<Row>(entity: Entity<Row>, row: Row, at: number): void {
  if (at <= latest(entity).at) throw new RangeError(`version at ${at} is not after ${latest(entity).at}`);
  entity.versions.push({ row, at, arrival: at });
}
