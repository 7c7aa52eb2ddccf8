import { describe, expect, it } from 'vitest';
import { formatCsv, formatTable } from './format-rows.js';

const COLUMNS = ['id', 'label', 'amount', 'note'];
const ROWS = [
  { id: 1, label: 'a, "quoted"', amount: '1.50', note: null },
  { id: 20, label: 'two\nlines', amount: '-3', note: { k: [1] } },
];

describe('show output formats', () => {
  it('prints an aligned table with numeric columns right-aligned, NULL as null, JSON as JSON', () => {
    expect(formatTable(COLUMNS, ROWS)).toBe([
      '| id | label       | amount | note      |',
      '| -- | ----------- | ------ | --------- |',
      '|  1 | a, "quoted" |   1.50 | null      |',
      '| 20 | two\\nlines  |     -3 | {"k":[1]} |',
    ].join('\n'));
  });

  it('clips long cells in a table only', () => {
    const long = 'x'.repeat(100);
    expect(formatTable(['v'], [{ v: long }]).split('\n')[2]).toBe(`| ${'x'.repeat(59)}… |`);
    expect(formatCsv(['v'], [{ v: long }]).split('\n')[1]).toBe(long);
  });

  it('prints RFC 4180 CSV: quotes fields with commas, quotes and line breaks; NULL is an empty field', () => {
    expect(formatCsv(COLUMNS, ROWS)).toBe([
      'id,label,amount,note',
      '1,"a, ""quoted""",1.50,',
      '20,"two\nlines",-3,"{""k"":[1]}"',
    ].join('\n'));
  });

  it('prints only the header when there are no rows', () => {
    expect(formatTable(['a', 'b'], [])).toBe('| a | b |\n| - | - |');
    expect(formatCsv(['a', 'b'], [])).toBe('a,b');
  });
});
