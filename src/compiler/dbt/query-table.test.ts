import { describe, expect, it } from 'vitest';
import { call, getattr, getitem } from '../jinja/py-access.js';
import { iterate } from '../jinja/py-operators.js';
import { QueryTable } from './query-table.js';

describe('QueryTable on the jinja runtime', () => {
  const table = new QueryTable([{ id: 1, name: 'a' }, { id: 2, name: 'b' }]);

  it('reads a row by position, by name as an item and as an attribute, and iterates it', () => {
    const row = getitem(table.rows, 0);
    expect(getitem(row, 0)).toBe(1);
    expect(getitem(row, -1)).toBe('a');
    expect(getitem(row, 'name')).toBe('a');
    expect(getattr(row, 'id')).toBe(1);
    expect(iterate(row)).toEqual([1, 'a']);
  });

  it("gives a column its name and values(), as agate's columns", () => {
    const column = getitem(table.columns, 1);
    expect(getattr(column, 'name')).toBe('name');
    expect(call(getattr(column, 'values'), [])).toEqual(['a', 'b']);
  });

  it('keeps the values readable from TypeScript as own properties', () => {
    expect(table.rows[1]![0]).toBe(2);
    expect(table.rows[1]!.name).toBe('b');
    expect(table.print_table()).toBe('id | name\n1 | a\n2 | b');
  });
});
