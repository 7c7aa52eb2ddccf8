import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Nunjucks turns each template into JavaScript source; that step is most of compile time on a large project.
 * This cache keeps the generated code by the template text's hash (dbt's partial parsing, at the template level):
 * an unchanged model is not parsed again. Only a changed text misses, so the cache can never serve stale SQL.
 */
export interface TemplateCodeCache {
  get(source: string): string | undefined;
  set(source: string, code: string): void;
  /** V8 bytecode of the script that evaluates all templates at once, by the script's hash. */
  getCompiledCode?(key: string): Buffer | undefined;
  setCompiledCode?(key: string, data: Buffer): void;
}

/** Bump when the generated code's shape changes (a new extension, an upgrade of Nunjucks). */
const FORMAT = 'trevco-template-cache-2-jinja';

interface CacheFile {
  readonly format: string;
  readonly entries: Record<string, string>;
}

/** A cache in one JSON file (target/partial_parse.json). Entries not used by the last compile are dropped on save. */
export class FileTemplateCache implements TemplateCodeCache {
  private readonly stored: Record<string, string>;
  private readonly used = new Map<string, string>();
  private changed = false;
  private compiledCode: { key: string; data: Buffer } | undefined;

  constructor(private readonly path: string, private readonly environmentKey: string) {
    this.stored = readCacheFile(path, `${FORMAT}:${environmentKey}`);
  }

  getCompiledCode(key: string): Buffer | undefined {
    try {
      const data = readFileSync(this.bytecodePath());
      // The file starts with the key of the script it belongs to; bytecode of another script is useless.
      const header = Buffer.from(`${key}\n`);
      return data.subarray(0, header.length).equals(header) ? data.subarray(header.length) : undefined;
    } catch {
      return undefined;
    }
  }

  setCompiledCode(key: string, data: Buffer): void {
    this.compiledCode = { key, data };
  }

  private bytecodePath(): string {
    return `${this.path.replace(/\.json$/, '')}.${process.version}.v8`;
  }

  get(source: string): string | undefined {
    const key = hash(source);
    const code = this.used.get(key) ?? this.stored[key];
    if (code !== undefined) this.used.set(key, code);
    return code;
  }

  set(source: string, code: string): void {
    this.used.set(hash(source), code);
    this.changed = true;
  }

  /** Writes the entries this compile used, atomically (write then rename), when anything changed. */
  save(): void {
    if (this.compiledCode) writeAtomically(this.bytecodePath(), Buffer.concat([Buffer.from(`${this.compiledCode.key}\n`), this.compiledCode.data]));
    if (!this.changed && this.used.size === Object.keys(this.stored).length) return;
    const file: CacheFile = { format: `${FORMAT}:${this.environmentKey}`, entries: Object.fromEntries(this.used) };
    writeAtomically(this.path, JSON.stringify(file));
  }
}

function writeAtomically(path: string, content: string | Buffer): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, content);
  renameSync(temporary, path);
}

function readCacheFile(path: string, format: string): Record<string, string> {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as CacheFile;
    return parsed.format === format && typeof parsed.entries === 'object' ? parsed.entries : {};
  } catch {
    // Missing or unreadable: start empty; the file is rewritten after this compile.
    return {};
  }
}

function hash(source: string): string {
  return createHash('sha1').update(source).digest('base64url');
}
