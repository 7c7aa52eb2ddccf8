import { describe, expect, it } from 'vitest';
import { adapterKinds } from '../testing/test-databases.js';
import { useProjectOnDatabase } from '../testing/project-on-database.js';
import { retry } from './retry.js';
import { seed } from './seed.js';
import { build } from './build.js';

/** `retry` repeats the last seed or build (not only run) with the arguments it recorded, for what did not succeed. */
describe.each(adapterKinds())('retry of seed and build on $kind', ({ kind, skipReason }) => {
  describe.skipIf(Boolean(skipReason))(skipReason ? `skipped: ${skipReason}` : 'a project with an export folder', () => {
    const fixture = useProjectOnDatabase(kind, {
      'exports/day1/good.csv': 'id\n1\n2\n',
      'exports/day1/bad.csv': 'id,v\n1\n',
      'csv/good.csv': 'id\n9\n',
      'csv/bad.csv': 'id,v\n9,9\n',
      'models/total.sql': "{{ config(materialized='table') }}\nselect count(*)::int as n from {{ source('raw', 'bad') }}",
    }, 'name: shop\nsources:\n  raw:\n    tables:\n      good: { csv: good.csv }\n      bad: { csv: bad.csv }\n');

    it('seed: retries only the failed load, from the same --csv-dir', async () => {
      const { adapter, options, project } = fixture();
      const first = await seed({ ...options(), csvDir: 'exports/day1' });
      expect(Object.fromEntries(first.results.map((result) => [result.nodeId, result.status]))).toEqual({ 'source.shop.raw.bad': 'error', 'source.shop.raw.good': 'success' });
      project.write({ 'exports/day1/bad.csv': 'id,v\n1,1\n' });
      const again = await retry(options());
      expect(again.results.map((result) => [result.nodeId, result.status])).toEqual([['source.shop.raw.bad', 'success']]);
      // From exports/day1, not the project's csv/ folder.
      expect((await adapter.query('select id, v from raw.bad')).rows).toEqual([{ id: 1, v: 1 }]);
    });

    it('build: retries the failed node and what it held back', async () => {
      const { options, project } = fixture();
      project.write({ 'models/total.sql': "{{ config(materialized='table') }}\nselect count(*)::int as n from {{ source('raw', 'bad') }} where nonsense" });
      const first = await build(options({ fullRefresh: true }));
      expect(first.results.find((result) => result.nodeId === 'model.shop.total')!.status).toBe('error');
      project.write({ 'models/total.sql': "{{ config(materialized='table') }}\nselect count(*)::int as n from {{ source('raw', 'bad') }}" });
      const again = await retry(options());
      expect(again.results.map((result) => [result.nodeId, result.status])).toEqual([['model.shop.total', 'success']]);
    });
  });
});
