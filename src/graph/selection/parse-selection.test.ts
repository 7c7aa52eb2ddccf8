import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../errors/trevco-error.js';
import { parseCriterion, parseSelection } from './parse-selection.js';

const plain = { methodArguments: [], parents: false, children: false, childrensParents: false };

describe('parseSelection', () => {
  it('splits arguments on whitespace into a union, and on commas into intersections', () => {
    const expected = parseSelection(['a', 'b,tag:c']);
    expect(parseSelection(['a b,tag:c'])).toEqual(expected);
    expect(parseSelection(['  a\tb,tag:c  '])).toEqual(expected);
    expect(expected.union.map((part) => part.raw)).toEqual(['a', 'b,tag:c']);
    expect(expected.union[1]!.criteria.map((criterion) => [criterion.method, criterion.value])).toEqual([
      ['fqn', 'b'],
      ['tag', 'c'],
    ]);
  });

  it('gives an empty union for no arguments', () => {
    expect(parseSelection([])).toEqual({ union: [] });
    expect(parseSelection(['', ' '])).toEqual({ union: [] });
  });
});

describe('parseCriterion', () => {
  it('reads a bare name as an fqn, a path as a path and a file name as a file', () => {
    expect(parseCriterion('fact_orders')).toEqual({ raw: 'fact_orders', method: 'fqn', value: 'fact_orders', ...plain });
    expect(parseCriterion('models/marts').method).toBe('path');
    expect(parseCriterion('fact_orders.sql').method).toBe('file');
    expect(parseCriterion('country_codes.CSV').method).toBe('file');
    expect(parseCriterion('trevco.marts.*').method).toBe('fqn');
  });

  it.each([
    ['+a', { parents: true, parentsDepth: undefined }],
    ['a+', { children: true, childrenDepth: undefined }],
    ['2+a', { parents: true, parentsDepth: 2 }],
    ['a+1', { children: true, childrenDepth: 1 }],
    ['+a+', { parents: true, children: true }],
    ['3+a+12', { parents: true, parentsDepth: 3, children: true, childrenDepth: 12 }],
    ['@a', { childrensParents: true }],
  ])('reads the graph operators of %s', (raw, operators) => {
    expect(parseCriterion(raw)).toEqual({ raw, method: 'fqn', value: 'a', ...plain, ...operators });
  });

  it('reads methods and their dotted arguments', () => {
    expect(parseCriterion('+tag:nightly')).toMatchObject({ method: 'tag', value: 'nightly', parents: true });
    expect(parseCriterion('config.materialized:incremental')).toMatchObject({
      method: 'config',
      methodArguments: ['materialized'],
      value: 'incremental',
    });
    expect(parseCriterion('config.meta.owner:finance').methodArguments).toEqual(['meta', 'owner']);
    expect(parseCriterion('@source:raw.orders')).toMatchObject({ method: 'source', value: 'raw.orders', childrensParents: true });
    expect(parseCriterion('path:models/a.sql+')).toMatchObject({ method: 'path', value: 'models/a.sql', children: true });
    expect(parseCriterion('result:error+')).toMatchObject({ method: 'result', value: 'error', children: true });
  });

  function messageOf(raw: string): string {
    try {
      parseCriterion(raw);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as ConfigError).message;
    }
    throw new Error(`expected '${raw}' to be rejected`);
  }

  it.each([
    ['++a', "'++a' has a misplaced '+': write +name or 2+name for parents, name+ or name+1 for children"],
    ['a++', "'a++' has a misplaced '+': write +name or 2+name for parents, name+ or name+1 for children"],
    ['a+b', "'a+b' has a misplaced '+': write +name or 2+name for parents, name+ or name+1 for children"],
    ['2+', "'2+' names no nodes: put a name or method:value beside the operators"],
    ['+', "'+' names no nodes: put a name or method:value beside the operators"],
    ['@', "'@' names no nodes: put a name or method:value beside the operators"],
    ['tag:', "'tag:' names no nodes: put a name or method:value beside the operators"],
    ['+@a', "'+@a' has a misplaced '@': it goes first, as in @name"],
    ['@a+', "'@a+' combines '@' with '+'; '@name' already takes the descendants and their parents"],
    ['@+a', "'@+a' combines '@' with '+'; '@name' already takes the descendants and their parents"],
    ['foo:bar', "'foo:bar' uses an unknown selector method 'foo'"],
    ['config:table', "'config:table' needs a key after 'config.': write config.<key>:<value>"],
    ['config.:table', "'config.:table' needs a key after 'config.': write config.<key>:<value>"],
    ['tag.x:y', "'tag.x:y': the tag method takes no '.x'; write tag:<tag>"],
    ['resource_type:analysis', "'resource_type:analysis': unknown resource type 'analysis'"],
    ['test_type:unit', "'test_type:unit': unknown test type 'unit'"],
    ['source:a.b.c.d', "'source:a.b.c.d' has too many parts: use source:<source>, source:<source>.<table> or source:<package>.<source>.<table>"],
  ])('rejects %s', (raw, message) => {
    expect(messageOf(raw)).toBe(message);
  });

  it('rejects an empty selector between commas', () => {
    expect(() => parseSelection(['a,,b'])).toThrow("'a,,b' has an empty selector");
    expect(() => parseSelection(['a,'])).toThrow("'a,' has an empty selector");
  });

  it('hints at the valid methods and operators, and at a likely typo', () => {
    let caught: unknown;
    try {
      parseCriterion('tg:nightly');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const { hint, code } = caught as ConfigError;
    expect(code).toBe('CONFIG');
    expect(hint).toMatch(/^did you mean 'tag'\? methods: fqn:/);
    for (const usage of ['tag:<tag>', 'path:<folder or file>', 'source:<source>[.<table>]', 'config.<key>:<value>', 'result:', '@name', '2+name']) {
      expect(hint).toContain(usage);
    }
  });
});
