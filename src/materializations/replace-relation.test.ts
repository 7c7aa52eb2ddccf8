import { describe, expect, it } from 'vitest';
import { run } from '../api/run-models.js';
import { adapterKinds } from '../testing/test-databases.js';
import { useProjectOnDatabase } from '../testing/project-on-database.js';

/**
 * Two tables read by one materialized view, rebuilt at the same time (PostgreSQL runs them on two connections):
 * each swap recreates the view, so without taking turns the second finds the first's copy gone ("could not open
 * relation with OID …"). The warehouse's daily_revenue (over fact_orders and dim_date) hit this.
 */
const FILES = {
  'models/left_side.sql': "{{ config(materialized='table') }}\nselect g as id from generate_series(1, 3) g, (select pg_sleep(0.3)) s",
  'models/right_side.sql': "{{ config(materialized='table') }}\nselect g as id from generate_series(2, 4) g, (select pg_sleep(0.3)) s",
  'models/pair_count.sql': "{{ config(materialized='materialized_view') }}\nselect count(*)::int as n from {{ ref('left_side') }} l join {{ ref('right_side') }} r using (id)",
};

describe.each(adapterKinds())('rebuilding two parents of one view at once on $kind', ({ kind, skipReason }) => {
  describe.skipIf(Boolean(skipReason))(skipReason ? `skipped: ${skipReason}` : 'swaps', () => {
    const fixture = useProjectOnDatabase(kind, FILES);

    it('keeps the view and succeeds, run after run', async () => {
      const { adapter, options } = fixture();
      for (let round = 0; round < 3; round++) {
        const outcome = await run(options({ threads: 4 }));
        expect(outcome.results.map((result) => `${result.nodeId} ${result.status} ${result.status === 'error' ? result.message : ''}`.trim())).toEqual([
          'model.test_project.left_side success', 'model.test_project.right_side success', 'model.test_project.pair_count success',
        ]);
        expect((await adapter.query('select n from pair_count')).rows).toEqual([{ n: 2 }]);
      }
    });
  });
});
