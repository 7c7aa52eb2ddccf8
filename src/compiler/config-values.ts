/** A config value that is a non-empty string, else undefined (config values arrive untyped from templates and YAML). */
export function stringConfig(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

