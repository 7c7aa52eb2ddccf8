import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CUSTOMER_COUNTRIES } from './countries.js';

const text = readFileSync(new URL('../../seeds/countries.csv', import.meta.url), 'utf8');
const rows = parse(text, { columns: true }) as { country_code: string; country_name: string; region: string }[];

describe('seeds/countries.csv', () => {
  it('lists all 249 officially assigned ISO 3166-1 alpha-2 codes once, sorted', () => {
    expect(text.split('\n')[0]).toBe('country_code,country_name,region');
    expect(rows).toHaveLength(249);
    const codes = rows.map((r) => r.country_code);
    expect(new Set(codes).size).toBe(249);
    expect(codes.every((code) => /^[A-Z]{2}$/.test(code))).toBe(true);
    expect([...codes].sort()).toEqual(codes);
  });

  it('gives every country a name and a continent-level region', () => {
    const regions = new Set(['Africa', 'Americas', 'Asia', 'Europe', 'Oceania', 'Antarctica']);
    expect(rows.filter((r) => r.country_name === '' || !regions.has(r.region))).toEqual([]);
    expect(new Set(rows.map((r) => r.region))).toEqual(regions);
    expect(rows.find((r) => r.country_code === 'AQ')?.region).toBe('Antarctica');
    // Names with commas are quoted, so they survive as one field.
    expect(rows.find((r) => r.country_code === 'KR')?.country_name).toBe('Korea, Republic of');
    // Namibia's code is the text NA, not a missing value.
    expect(rows.find((r) => r.country_code === 'NA')?.country_name).toBe('Namibia');
  });

  it('contains every country code the generator emits', () => {
    const codes = new Set(rows.map((r) => r.country_code));
    expect(CUSTOMER_COUNTRIES.filter((code) => !codes.has(code))).toEqual([]);
  });
});
