import type { SeedNode } from '../compiler/compiled-project.js';

/** A seed node with every config a seed plan applies, for golden plan tests. */
export const seedPlanFixture: SeedNode = {
  id: 'seed.shop.codes', resourceType: 'seed', name: 'codes', packageName: 'shop', path: 'seeds/codes.csv', absolutePath: '/x/seeds/codes.csv',
  config: { indexes: [{ columns: ['code'], unique: false, type: 'hash' }], persist_docs: { relation: true }, grants: { select: ['reporter'] } },
  tags: [], dependsOn: [], checksum: '', description: 'Codes.', relation: { schema: 'raw', identifier: 'codes' },
  hooks: { pre: [{ sql: 'delete from audit', transaction: true, label: 'pre-hook 1' }], post: [{ sql: 'insert into audit values (1)', transaction: true, label: 'post-hook 1' }] },
};
