import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NODE_CONFIG_SCHEMA, validateNodeConfig } from './node-config-schema.js';

describe('the node-config schema', () => {
  it('is documented key by key in src/config/README.md', () => {
    const readme = readFileSync(new URL('./README.md', import.meta.url), 'utf8');
    const documented = Object.keys(NODE_CONFIG_SCHEMA).filter((key) => readme.includes(`\`${key}\``));
    expect(documented).toEqual(Object.keys(NODE_CONFIG_SCHEMA));
  });

  it('refuses a key whose value is missing (a template\'s undefined) rather than taking the default', () => {
    const { problems } = validateNodeConfig({ indexes: [{ columns: ['id'], unique: undefined }], post_hook: { sql: 'x', transaction: undefined } }, 'model', 'm');
    expect(problems.map((problem) => problem.key)).toEqual(['indexes', 'post-hook']);
    expect(validateNodeConfig({ full_refresh: undefined, schema: null }, 'model', 'm')).toEqual({
      config: {},
      problems: [{ key: 'full_refresh', message: "model 'm' sets full_refresh to an undefined value", hint: 'is it a name the template does not know? Use true, false and none (lower case)' }],
    });
  });

  it('checks config() values like YAML ones: hooks in both forms, grants, indexes, resource types, and every problem at once', () => {
    const { config, problems } = validateNodeConfig({
      post_hook: ['select 1', { sql: 'vacuum x', transaction: false }],
      grants: { SELECT: 'reporter' },
      indexes: [{ columns: 'id', unique: true }],
      my_own: { any: 'thing' },
      lookback: -1,
      store_failures: true,
      indexes_typo: null,
    }, 'model', 'orders');
    expect(config).toEqual({
      'post-hook': [{ sql: 'select 1', transaction: true }, { sql: 'vacuum x', transaction: false }],
      grants: { select: ['reporter'] },
      indexes: [{ columns: ['id'], unique: true }],
      my_own: { any: 'thing' },
    });
    expect(problems).toEqual([
      { key: 'lookback', message: "model 'orders' has lookback=-1; expected a non-negative integer", hint: undefined },
      { key: 'store_failures', message: "model 'orders' sets store_failures, which only applies to tests" },
    ]);
  });
});
