import { describe, expect, it } from 'vitest';
import { mergeNodeConfig } from './merge-node-config.js';
import type { FolderConfigTree, NodeConfig } from './project-config.js';
import { resolveFolderConfig } from './resolve-folder-config.js';

function folder(config: NodeConfig, children: Record<string, FolderConfigTree> = {}): FolderConfigTree {
  return { config, children: new Map(Object.entries(children)) };
}

describe('resolveFolderConfig', () => {
  const tree = folder({ materialized: 'view', tags: ['all'], meta: { owner: 'data' } }, {
    staging: folder({ materialized: 'table', schema: 'staging', tags: ['staging', 'all'], meta: { tier: 1 } }, {
      shop: folder({ enabled: false, 'post-hook': ['select 2'] }),
    }),
  });

  it('merges from the root down, deeper folders winning', () => {
    expect(resolveFolderConfig(tree, [])).toEqual(tree.config);
    expect(resolveFolderConfig(tree, ['staging', 'shop', 'deeper'])).toEqual({
      materialized: 'table',
      schema: 'staging',
      tags: ['all', 'staging'],
      meta: { owner: 'data', tier: 1 },
      enabled: false,
      'post-hook': ['select 2'],
    });
  });

  it('stops at the first folder without an entry', () => {
    expect(resolveFolderConfig(tree, ['marts', 'shop'])).toEqual(tree.config);
  });
});

describe('mergeNodeConfig', () => {
  it('appends tags (once each) and hooks, merges meta-like mappings shallowly, and replaces the rest', () => {
    const merged = mergeNodeConfig(
      { tags: ['a'], 'pre-hook': ['x'], meta: { a: 1, b: { c: 1 } }, grants: { select: ['r1'] }, alias: 'one' },
      { tags: ['b', 'a'], 'pre-hook': ['x'], meta: { b: { d: 2 } }, grants: { insert: ['r2'] }, alias: 'two' },
    );
    expect(merged).toEqual({
      tags: ['a', 'b'],
      'pre-hook': ['x', 'x'],
      meta: { a: 1, b: { d: 2 } },
      grants: { select: ['r1'], insert: ['r2'] },
      alias: 'two',
    });
  });
});
