/**
 * The countries customers come from, by ISO 3166-1 alpha-2 code, weighted roughly like a US-based shop with an
 * international audience. Every code must appear in `seeds/countries.csv` (a test checks it).
 */
export const CUSTOMER_COUNTRY_WEIGHTS: readonly (readonly [string, number])[] = [
  ['US', 300],
  ['GB', 80],
  ['DE', 70],
  ['CA', 55],
  ['FR', 55],
  ['AU', 40],
  ['NL', 30],
  ['ES', 30],
  ['IT', 30],
  ['BR', 30],
  ['JP', 28],
  ['IN', 28],
  ['MX', 22],
  ['SE', 20],
  ['PL', 20],
  ['KR', 18],
  ['BE', 15],
  ['CH', 15],
  ['IE', 12],
  ['AT', 12],
  ['DK', 10],
  ['NO', 10],
  ['FI', 8],
  ['PT', 10],
  ['NZ', 10],
  ['SG', 10],
  ['AR', 10],
  ['CL', 8],
  ['CO', 8],
  ['ZA', 8],
  ['AE', 8],
  ['IL', 6],
  ['TR', 6],
  ['CZ', 6],
  ['NG', 5],
  ['KE', 4],
  ['CI', 2],
];

/** Every code the generator can emit. */
export const CUSTOMER_COUNTRIES: readonly string[] = CUSTOMER_COUNTRY_WEIGHTS.map(([code]) => code);
