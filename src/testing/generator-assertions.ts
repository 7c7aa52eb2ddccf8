import { expect } from 'vitest';

/*
 * Assertions for tests over generated data sets: tens of thousands of rows, so one expect per rule (not per row),
 * which keeps the tests fast and the failures short.
 */

/** The rows breaking a rule, at most five. */
export function failing<T>(rows: Iterable<T>, ok: (row: T) => boolean): T[] {
  const bad: T[] = [];
  for (const row of rows) if (!ok(row) && bad.push(row) >= 5) break;
  return bad;
}

/** Deep equality of long arrays, fast: compares serialised rows and shows only the first difference. */
export function expectSameRecords(actual: readonly unknown[], expected: readonly unknown[], label: string): void {
  expect(actual.length, label).toBe(expected.length);
  const index = actual.findIndex((row, i) => JSON.stringify(row) !== JSON.stringify(expected[i]));
  if (index >= 0) expect(actual[index], `${label} row ${index}`).toEqual(expected[index]);
}

/** Rows grouped by a key, in input order. */
export function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const group = groups.get(key(row));
    if (group) group.push(row);
    else groups.set(key(row), [row]);
  }
  return groups;
}
