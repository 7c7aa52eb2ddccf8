import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { formatCsvValue, quoteCsvField, toCsv } from './csv.js';
import { TABLE_SPECS } from './table-specs.js';
import type { ReviewRow } from './rows.js';

describe('quoteCsvField', () => {
  it('leaves plain text alone', () => {
    expect(quoteCsvField('plain text')).toBe('plain text');
  });

  it('quotes commas, quotes, CR and LF, doubling inner quotes', () => {
    expect(quoteCsvField('a,b')).toBe('"a,b"');
    expect(quoteCsvField('27" monitor')).toBe('"27"" monitor"');
    expect(quoteCsvField('line\nbreak')).toBe('"line\nbreak"');
    expect(quoteCsvField('cr\rhere')).toBe('"cr\rhere"');
  });

  it('quotes the empty string so it differs from NULL', () => {
    expect(quoteCsvField('')).toBe('""');
    expect(formatCsvValue(null, 'text')).toBe('');
  });
});

describe('formatCsvValue', () => {
  it('writes money and percentages with two decimals and booleans as True/False', () => {
    expect(formatCsvValue(12.5, 'percent')).toBe('12.50');
    expect(formatCsvValue(0, 'money')).toBe('0.00');
    expect(formatCsvValue(1234.05, 'money')).toBe('1234.05');
    expect(formatCsvValue(true, 'boolean')).toBe('True');
    expect(formatCsvValue(false, 'boolean')).toBe('False');
  });
});

describe('toCsv', () => {
  it('survives a round trip through csv-parse with commas, quotes and newlines', () => {
    const rows: ReviewRow[] = [
      { review_id: 1, order_id: 2, product_id: 3, rating: 4, review_text: 'He said "great", then:\nit broke,\r\nsadly.', review_time: '2025-01-31T23:07:42' },
      { review_id: 2, order_id: 2, product_id: 4, rating: 5, review_text: null, review_time: '2025-02-01T00:00:00' },
    ];
    const text = toCsv(TABLE_SPECS.reviews, rows);
    expect(text.startsWith('review_id,order_id,product_id,rating,review_text,review_time\n')).toBe(true);
    expect(text.endsWith('\n')).toBe(true);
    const records = parse(text, { columns: true }) as Record<string, string>[];
    expect(records).toEqual([
      { review_id: '1', order_id: '2', product_id: '3', rating: '4', review_text: rows[0]!.review_text, review_time: '2025-01-31T23:07:42' },
      { review_id: '2', order_id: '2', product_id: '4', rating: '5', review_text: '', review_time: '2025-02-01T00:00:00' },
    ]);
  });
});
