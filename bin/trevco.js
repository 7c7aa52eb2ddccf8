#!/usr/bin/env node
// A thin shim so `npx trevco` works: the CLI itself is compiled to dist/ by `npm install` (the prepare script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('trevco: dist/ is missing; run `npm install` (or `npm run build`) in the trevco checkout first.\n');
  process.exit(2);
}
await import(entry.href);
