import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adapterKinds } from '../testing/test-databases.js';
import { useProjectOnDatabase } from '../testing/project-on-database.js';
import { getRelation } from '../adapters/relations.js';
import type { RunEvent } from './command-options.js';
import { run } from './run-models.js';
import { DatabaseError } from '../errors/trevco-error.js';

const FILES = {
  'seeds/.keep': '',
  'macros/cents.sql': "{% macro cents(column) %}round({{ column }} * 100)::int{% endmacro %}\n",
  'models/staging/stg_orders.sql': [
    "{{ config(materialized='table') }}",
    'select * from (values (1, 10.5, \'DE\'), (2, 20.25, \'FR\'), (3, 5.0, \'DE\')) as t(order_id, amount, country)',
  ].join('\n'),
  'models/staging/stg_countries.sql': "{{ config(materialized='ephemeral') }}\nselect 'DE' as code, 'Germany' as name union all select 'FR', 'France'",
  'models/marts/orders_by_country.sql': [
    "{{ config(materialized='table', schema='marts') }}",
    'select c.name as country, count(*)::int as orders, sum({{ cents("o.amount") }})::int as cents',
    "from {{ ref('stg_orders') }} o join {{ ref('stg_countries') }} c on c.code = o.country",
    'group by c.name',
  ].join('\n'),
  'models/marts/big_orders.sql': "select * from {{ ref('stg_orders') }} where amount > {{ var('threshold', 10) }}",
  'models/marts/country_summary.sql': "{{ config(materialized='materialized_view', schema='marts') }}\nselect count(*)::int as countries from {{ ref('orders_by_country') }}",
};

describe.each(adapterKinds())('trevco run on $kind', ({ kind, skipReason }) => {
  describe.skipIf(Boolean(skipReason))(skipReason ? `skipped: ${skipReason}` : 'materializations', () => {
    const fixture = useProjectOnDatabase(kind, FILES);

    it('builds tables, views, ephemeral CTEs and materialized views with the right rows and relation types', async () => {
      const { adapter, options } = fixture();
      const events: RunEvent[] = [];
      const outcome = await run(options({ onEvent: (event) => events.push(event) }));
      expect(outcome.results.map((result) => [result.nodeId, result.status])).toEqual([
        ['model.test_project.stg_orders', 'success'],
        ['model.test_project.big_orders', 'success'],
        ['model.test_project.orders_by_country', 'success'],
        ['model.test_project.country_summary', 'success'],
      ]);
      expect(outcome.success).toBe(true);
      expect(await getRelation(adapter, 'public', 'stg_orders')).toMatchObject({ kind: 'table' });
      expect(await getRelation(adapter, 'public', 'big_orders')).toMatchObject({ kind: 'view' });
      expect(await getRelation(adapter, 'marts', 'orders_by_country')).toMatchObject({ kind: 'table' });
      expect(await getRelation(adapter, 'marts', 'country_summary')).toMatchObject({ kind: 'materialized_view' });
      expect(await getRelation(adapter, 'public', 'stg_countries')).toBeUndefined();
      const rows = await adapter.query('select country, orders, cents from marts.orders_by_country order by country');
      expect(rows.rows).toEqual([{ country: 'France', orders: 1, cents: 2025 }, { country: 'Germany', orders: 2, cents: 1550 }]);
      expect((await adapter.query('select order_id from big_orders order by 1')).rows).toEqual([{ order_id: 1 }, { order_id: 2 }]);
      const table = outcome.results.find((result) => result.nodeId.endsWith('stg_orders'))!;
      expect(table.message).toBe('SELECT 3');
      expect(table.rowsAffected).toBe(3);
      expect(events.filter((event) => event.type === 'node-finished')).toHaveLength(4);
    });

    it('refreshes an unchanged materialized view and rebuilds a changed one', async () => {
      const { adapter, options, project } = fixture();
      const first = await run(options({ select: ['country_summary'] }));
      expect(first.results[0]!.details).toMatchObject({ action: 'refreshed' });
      project.write({ 'models/marts/country_summary.sql': "{{ config(materialized='materialized_view', schema='marts') }}\nselect count(*)::int as countries, 1 as version from {{ ref('orders_by_country') }}" });
      const second = await run(options({ select: ['country_summary'] }));
      expect(second.results[0]!.details).toMatchObject({ action: 'created' });
      expect((await adapter.query('select countries, version from marts.country_summary')).rows).toEqual([{ countries: 2, version: 1 }]);
    });

    it('keeps the previous table and its dependent views when a rebuild fails, and skips dependents', async () => {
      const { adapter, options, project } = fixture();
      await run(options());
      project.write({ 'models/staging/stg_orders.sql': "{{ config(materialized='table') }}\nselect order_id, amount, country\nfrom (values (1, 1, 'DE')) as t(order_id, amount, country)\nwhere 1 / 0 = 1" });
      const outcome = await run(options());
      const statuses = Object.fromEntries(outcome.results.map((result) => [result.nodeId.split('.').pop(), result.status]));
      expect(statuses).toEqual({ stg_orders: 'error', big_orders: 'skipped', orders_by_country: 'skipped', country_summary: 'skipped' });
      expect(outcome.success).toBe(false);
      const error = outcome.results[0]!.error as DatabaseError;
      expect(error).toBeInstanceOf(DatabaseError);
      expect(error.message).toContain('division by zero');
      expect(error.file).toBe('target/compiled/test_project/models/staging/stg_orders.sql');
      expect((await adapter.query('select count(*)::int as n from stg_orders')).rows[0]).toEqual({ n: 3 });
      expect((await adapter.query('select count(*)::int as n from big_orders')).rows[0]).toEqual({ n: 2 });
      expect(await getRelation(adapter, 'public', 'stg_orders__trevco_new')).toBeUndefined();
      project.write({ 'models/staging/stg_orders.sql': FILES['models/staging/stg_orders.sql'] });
    });

    it('rebuilds a table without breaking the views that read it', async () => {
      const { adapter, options, project } = fixture();
      await run(options());
      await adapter.execute('create view public.user_report as select order_id from public.stg_orders where amount > 6');
      project.write({ 'models/staging/stg_orders.sql': "{{ config(materialized='table') }}\nselect * from (values (1, 10.5, 'DE'), (4, 99.0, 'FR')) as t(order_id, amount, country)" });
      const outcome = await run(options({ select: ['stg_orders'] }));
      expect(outcome.success).toBe(true);
      expect((await adapter.query('select order_id from public.user_report order by 1')).rows).toEqual([{ order_id: 1 }, { order_id: 4 }]);
      expect((await adapter.query('select order_id from public.big_orders order by 1')).rows).toEqual([{ order_id: 1 }, { order_id: 4 }]);
      project.write({ 'models/staging/stg_orders.sql': FILES['models/staging/stg_orders.sql'] });
    });

    it('maps a database error to the compiled file line and writes run_results.json', async () => {
      const { options, project } = fixture();
      project.write({ 'models/broken.sql': "{{ config(materialized='table') }}\nselect 1 as a,\n  missing_column as b\nfrom {{ ref('stg_orders') }}" });
      const outcome = await run(options({ select: ['broken'] }));
      const error = outcome.results[0]!.error as DatabaseError;
      expect(error.sqlState).toBe('42703');
      expect(error.line).toBe(2);
      expect(error.column).toBe(3);
      const compiledSql = readFileSync(join(project.root, 'target/compiled/test_project/models/broken.sql'), 'utf8');
      expect(compiledSql.split('\n')[1]).toContain('missing_column');
      const results = JSON.parse(readFileSync(join(project.root, 'target/run_results.json'), 'utf8'));
      expect(results.results[0]).toMatchObject({ unique_id: 'model.test_project.broken', status: 'error' });
      expect(JSON.stringify(results)).not.toContain('password');
      project.write({ 'models/broken.sql': 'select 1 as a' });
    });
  });
});
