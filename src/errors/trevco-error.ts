/**
 * The base of every error trevco reports to a person. Each carries a stable `code` (shown as `error[CODE]`),
 * and where known the file, line and column it points at, the node it concerns and a hint saying what to do.
 *
 * Lines and columns are 1-based, as editors show them.
 */
export interface ErrorLocation {
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
}

export interface TrevcoErrorOptions extends ErrorLocation {
  readonly nodeId?: string;
  readonly hint?: string;
  /** The text of the file, when known, so the formatter can show an excerpt with a caret. */
  readonly source?: string;
  readonly cause?: unknown;
}

export class TrevcoError extends Error {
  readonly code: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly nodeId?: string;
  readonly hint?: string;
  readonly source?: string;

  constructor(code: string, message: string, options: TrevcoErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.file = options.file;
    this.line = options.line;
    this.column = options.column;
    this.nodeId = options.nodeId;
    this.hint = options.hint;
    this.source = options.source;
  }

  /** Whether this error means the user's project or command line is wrong (exit code 2) rather than a failed node. */
  get isUsageError(): boolean {
    return true;
  }
}

/** project.yml, a properties YAML file or a command-line flag is invalid. */
export class ConfigError extends TrevcoError {
  constructor(message: string, options: TrevcoErrorOptions = {}) {
    super('CONFIG', message, options);
  }
}

/** A Nunjucks template could not be parsed or rendered. */
export class TemplateError extends TrevcoError {
  constructor(message: string, options: TrevcoErrorOptions = {}) {
    super('TEMPLATE', message, options);
  }
}

/** `ref()`, `source()` or a test points at something that does not exist. */
export class RefNotFoundError extends TrevcoError {
  constructor(message: string, options: TrevcoErrorOptions = {}) {
    super('REF_NOT_FOUND', message, options);
  }
}

/** The dependency graph has a cycle; the message names the whole path. */
export class CycleError extends TrevcoError {
  readonly path: readonly string[];
  constructor(path: readonly string[], options: TrevcoErrorOptions = {}) {
    super('CYCLE', `dependency cycle: ${path.join(' -> ')}`, options);
    this.path = path;
  }
}

/** A CSV file could not be loaded. */
export class SeedError extends TrevcoError {
  constructor(message: string, options: TrevcoErrorOptions = {}) {
    super('SEED', message, options);
  }
  override get isUsageError(): boolean {
    return false;
  }
}

/** The database rejected a statement or could not be reached. */
export class DatabaseError extends TrevcoError {
  /** The SQL that failed, when there was one. */
  readonly sql?: string;
  /** Postgres' SQLSTATE, e.g. 42P01. */
  readonly sqlState?: string;
  constructor(message: string, options: TrevcoErrorOptions & { sql?: string; sqlState?: string } = {}) {
    super('DATABASE', message, options);
    this.sql = options.sql;
    this.sqlState = options.sqlState;
  }
  override get isUsageError(): boolean {
    return false;
  }
}

/** Several errors found together (load and compile collect every diagnostic before reporting). */
export class ErrorList extends TrevcoError {
  readonly errors: readonly TrevcoError[];
  constructor(errors: readonly TrevcoError[]) {
    super('MULTIPLE', `${errors.length} error${errors.length === 1 ? '' : 's'} found`);
    this.errors = errors;
  }

  /** Throws one ErrorList for every collected error, or nothing when there are none. */
  static throwIfAny(errors: readonly TrevcoError[]): void {
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new ErrorList(errors);
  }
}
