import { readFileSync } from 'node:fs';

/** The package version, read once from package.json (one level above dist/ and src/). */
export const TREVCO_VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
