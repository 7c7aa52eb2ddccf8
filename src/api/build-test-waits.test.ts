import { describe, expect, it } from 'vitest';
import { adapterKinds } from '../testing/test-databases.js';
import { useProjectOnDatabase } from '../testing/project-on-database.js';
import { build } from './build.js';
import type { RunEvent } from './command-options.js';

/**
 * A singular test reading a model and its child (a summary reconciled against its fact) must not make the child
 * wait for it: that wait would be a cycle, and the child and everything below it would never run.
 */
const FILES = {
  'seeds/.keep': '',
  'models/fact.sql': "{{ config(materialized='table') }}\nselect 1 as id, 10 as amount union all select 2, 20",
  'models/summary.sql': "{{ config(materialized='table') }}\nselect sum(amount) as amount from {{ ref('fact') }}",
  'models/report.sql': "{{ config(materialized='table') }}\nselect s.amount, count(*) as n from {{ ref('summary') }} s cross join {{ ref('fact') }} group by 1",
  'tests/summary_matches_fact.sql': "select * from {{ ref('summary') }} s where s.amount <> (select sum(amount) from {{ ref('fact') }})",
};

describe.each(adapterKinds())('trevco build with a test over a model and its child on $kind', ({ kind, skipReason }) => {
  describe.skipIf(Boolean(skipReason))(skipReason ? `skipped: ${skipReason}` : 'test waits', () => {
    const fixture = useProjectOnDatabase(kind, FILES);

    it('runs every node, the reconciliation after both models, and the grandchild after it', async () => {
      const { options } = fixture();
      const finished: string[] = [];
      const outcome = await build(options({ onEvent: (event: RunEvent) => event.type === 'node-finished' && finished.push(event.label.nodeId) }));
      const order = finished.map((id) => id.split('.').at(-1));
      expect(outcome.results.map((result) => result.status)).not.toContain('error');
      expect(order).toEqual(expect.arrayContaining(['fact', 'summary', 'report', 'summary_matches_fact']));
      expect(order).toHaveLength(4);
      // report depends on summary and fact, so it waits for the test reading both.
      expect(order.indexOf('report')).toBeGreaterThan(order.indexOf('summary_matches_fact'));
      expect(outcome.success).toBe(true);
    });
  });
});
