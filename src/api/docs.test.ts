import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Catalog } from '../docs/catalog.js';
import type { DocsData } from '../docs/docs-data.js';
import { adapterKinds } from '../testing/test-databases.js';
import { useProjectOnDatabase } from '../testing/project-on-database.js';
import { build } from './build.js';
import { generateDocs, serveDocs } from './docs.js';

const FILES = {
  'seeds/cities.csv': 'city_id,name\n1,Lyon\n2,Nice\n',
  'models/orders.sql': "{{ config(materialized='table') }}\nselect g as order_id, (g % 2) + 1 as city_id, (g * 1.25)::numeric(10,2) as total from generate_series(1, 7) g",
  'models/orders_view.sql': "select order_id, total from {{ ref('orders') }}",
  'models/helper.sql': "{{ config(materialized='ephemeral') }}\nselect 1 as one",
  'models/later.sql': "select * from {{ ref('orders_view') }}, {{ ref('helper') }}",
  'models/schema.yml': [
    'models:',
    '  - name: orders',
    '    description: One row per order. <script>alert(1)</script>',
    '    columns:',
    '      - name: order_id',
    '        description: The order key',
    '        tests: [unique, not_null]',
    '      - name: documented_only',
    '        description: declared, not in the table',
    '        data_type: text',
  ].join('\n'),
};

function pageData(html: string): DocsData {
  const json = /<script id="docs-data" type="application\/json">(.*?)<\/script>/s.exec(html)![1]!;
  return JSON.parse(json) as DocsData;
}

describe.each(adapterKinds())('trevco docs generate on $kind $skipReason', ({ kind, skipReason }) => {
  describe.skipIf(Boolean(skipReason))(skipReason ? `skipped: ${skipReason}` : 'a small project, partly built', () => {
    const fixture = useProjectOnDatabase(kind, FILES);

    it('writes catalog.json from the database: types, exact row counts of tables, views not counted, unbuilt nodes listed', async () => {
      const built = await build(fixture().options({ exclude: ['later'] }));
      expect(built.success).toBe(true);
      const result = await generateDocs(fixture().options());
      expect(result).toMatchObject({ relations: 3, notBuilt: 1, nodes: 5 + 2 });
      const catalog = JSON.parse(readFileSync(result.catalogPath, 'utf8')) as Catalog;
      expect(catalog.nodes['model.test_project.orders']).toMatchObject({
        metadata: { type: 'table', schema: 'public', name: 'orders' },
        columns: {
          order_id: { name: 'order_id', type: 'integer', index: 1 },
          city_id: { name: 'city_id', type: 'integer', index: 2 },
          total: { name: 'total', type: 'numeric(10,2)', index: 3 },
        },
        stats: { row_count: { value: 7, include: true } },
      });
      expect(catalog.nodes['model.test_project.orders_view']).toMatchObject({ metadata: { type: 'view' }, stats: { row_count: { value: null, include: false } } });
      expect(catalog.nodes['seed.test_project.cities']).toMatchObject({ metadata: { type: 'table' }, stats: { row_count: { value: 2 } } });
      expect(catalog.errors).toEqual(['model.test_project.later: relation not found in the database (not built yet)']);
      expect(JSON.stringify(catalog)).not.toContain('postgres://');
    });

    it('writes one offline page holding every node with docs, columns, SQL, tests and their last status, and a sample of rows', async () => {
      const result = await generateDocs(fixture().options());
      const html = readFileSync(result.sitePath, 'utf8');
      // Offline: nothing is loaded from anywhere; the description's markup stays inert text inside the JSON.
      expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
      expect(html).not.toContain('<script>alert(1)</script>');
      const data = pageData(html);
      const orders = data.nodes.find((node) => node.id === 'model.test_project.orders')!;
      expect(orders).toMatchObject({
        resourceType: 'model',
        description: 'One row per order. <script>alert(1)</script>',
        relation: 'public.orders',
        materialized: 'table',
        database: { kind: 'table', rowCount: 7 },
        lastResult: { status: 'success', message: 'SELECT 7' },
      });
      expect(orders.columns).toEqual([
        { name: 'order_id', type: 'integer', description: 'The order key', tests: ['unique', 'not_null'] },
        { name: 'city_id', type: 'integer', description: '', tests: [] },
        { name: 'total', type: 'numeric(10,2)', description: '', tests: [] },
        { name: 'documented_only', type: 'text', description: 'declared, not in the table', tests: [] },
      ]);
      expect(orders.compiledSql).toContain('generate_series(1, 7)');
      expect(orders.rawSql).toContain("{{ config(materialized='table') }}");
      expect(orders.sample?.rows).toHaveLength(5);
      expect(orders.tests).toHaveLength(2);
      const tests = data.nodes.filter((node) => node.resourceType === 'test');
      expect(tests.map((test) => [test.attachedTo, test.lastResult?.status])).toEqual([['model.test_project.orders', 'pass'], ['model.test_project.orders', 'pass']]);
      const later = data.nodes.find((node) => node.name === 'later')!;
      expect([...later.dependsOn].sort()).toEqual(['model.test_project.helper', 'model.test_project.orders_view']);
      expect(later.database).toBeUndefined();
      expect(data.nodes.find((node) => node.name === 'orders_view')?.sample).toBeUndefined();
    });

    it('trevco docs serve serves the page on 127.0.0.1 and nothing else', async () => {
      await generateDocs(fixture().options());
      const server = await serveDocs({ projectDir: fixture().project.root, port: 0 });
      try {
        expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
        const page = await fetch(server.url);
        expect(page.status).toBe(200);
        expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
        expect(pageData(await page.text()).project).toBe('test_project');
        expect((await fetch(new URL('/project.yml', server.url))).status).toBe(404);
        expect((await fetch(new URL('/../project.yml', server.url))).status).toBe(404);
      } finally {
        await server.stop();
      }
    });
  });
});
