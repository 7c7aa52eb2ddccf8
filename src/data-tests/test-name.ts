import { createHash } from 'node:crypto';

/**
 * dbt's `synthesize_generic_test_names`: `<test>_<target>_<argument values>` (arguments sorted by name, values
 * flattened, non-word characters replaced by `_`, joined by `__`). When the full name reaches 64 characters the
 * short name is its first 30 characters of `<test>_<target>` plus the md5 of the full name, as dbt does.
 */
export function genericTestName(testName: string, targetName: string, args: Readonly<Record<string, unknown>>): { shortName: string; fullName: string } {
  const flat: string[] = [];
  for (const name of Object.keys(args).sort()) {
    if (name === 'model') continue;
    const value = args[name];
    const parts = Array.isArray(value) ? value : typeof value === 'object' && value !== null ? Object.values(value) : [value];
    flat.push(...parts.map(pythonStr));
  }
  const unique = flat.map((part) => part.replace(/[^0-9a-zA-Z_]+/g, '_')).join('__');
  const identifier = `${testName}_${targetName}`;
  const fullName = `${identifier}_${unique}`;
  if (fullName.length < 64) return { shortName: fullName, fullName };
  const hash = createHash('md5').update(fullName).digest('hex');
  return { shortName: `${identifier.slice(0, 30)}_${hash}`, fullName };
}

/** How Python's str() prints a YAML value, so names match dbt's (`True`, `None`, `['a', 'b']`). */
function pythonStr(value: unknown): string {
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (value === null || value === undefined) return 'None';
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  if (typeof value === 'object') return `{${Object.entries(value).map(([k, v]) => `${pythonRepr(k)}: ${pythonRepr(v)}`).join(', ')}}`;
  return String(value);
}

function pythonRepr(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : pythonStr(value);
}
