import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adapterKinds } from '../testing/test-databases.js';
import { useProjectOnDatabase } from '../testing/project-on-database.js';
import { seed } from './seed.js';
import { sourceFreshness, statusFor } from './source-freshness.js';

describe('statusFor', () => {
  it("is dbt's rule: error past error_after, warn past warn_after, pass otherwise; no rows is an error", () => {
    const freshness = { warnAfter: { count: 1, period: 'hour' as const }, errorAfter: { count: 1, period: 'day' as const } };
    expect([statusFor(60, freshness), statusFor(7200, freshness), statusFor(90000, freshness), statusFor(null, freshness)]).toEqual(['pass', 'warn', 'error', 'error']);
    expect(statusFor(10 ** 9, {})).toBe('pass');
  });
});

const PROJECT_YML = `name: shop
sources:
  raw:
    schema: raw
    freshness:
      warn_after: { count: 1, period: hour }
    tables:
      orders:
        csv: orders.csv
      old_orders:
        csv: old_orders.csv
        loaded_at_field: ordered_at
        freshness:
          warn_after: { count: 1, period: day }
          error_after: { count: 30, period: day }
      untracked:
        csv: orders.csv
        freshness: null
`;

describe.each(adapterKinds())('trevco source freshness on $kind', ({ kind, skipReason }) => {
  describe.skipIf(Boolean(skipReason))(skipReason ? `skipped: ${skipReason}` : 'ages of source tables', () => {
    const fixture = useProjectOnDatabase(kind, {
      'csv/orders.csv': 'order_id,ordered_at\n1,2020-01-01\n',
      'csv/old_orders.csv': 'order_id,ordered_at\n1,2020-01-01\n2,2020-02-01\n',
    }, PROJECT_YML);

    it('passes a CSV source loaded just now (by _trevco_loaded_at), fails one whose loaded_at_field is old, skips freshness: null', async () => {
      const { options, project } = fixture();
      await seed(options());
      const outcome = await sourceFreshness(options());
      expect(outcome.results.map((result) => [result.nodeId, result.status])).toEqual([
        ['source.shop.raw.old_orders', 'error'],
        ['source.shop.raw.orders', 'pass'],
      ]);
      expect(outcome.success).toBe(false);
      const written = JSON.parse(readFileSync(join(project.root, 'target', 'sources.json'), 'utf8')) as { results: { unique_id: string; status: string }[] };
      expect(written.results.map((result) => [result.unique_id, result.status])).toEqual([['source.shop.raw.old_orders', 'error'], ['source.shop.raw.orders', 'pass']]);
    });
  });
});
