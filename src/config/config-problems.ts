import { ConfigError } from '../errors/trevco-error.js';
import { redactSecretsInLine, redactSecretsInText } from './redact-url.js';

/** One problem found in a config file, located by 1-based line and column. */
export interface ConfigProblem {
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly hint?: string;
  /** A missing environment variable: target loading defers these until the target is chosen. */
  readonly missingEnvVar?: string;
}

interface Secret {
  readonly start: number;
  readonly end: number;
  readonly replacement: string;
  readonly line: number;
  readonly column: number;
}

/**
 * Collects the problems of one config file, so that all of them are reported together. They become `ConfigError`s
 * only at the end, because the excerpt the formatter prints comes from the file text, and secrets (passwords, URLs)
 * found along the way must be masked in that text first.
 */
export class ConfigProblems {
  readonly #problems: ConfigProblem[] = [];
  readonly #secrets: Secret[] = [];
  readonly #warnings: { readonly line: number; readonly text: string }[] = [];

  /** @param file the project-relative path of the file, as errors show it. */
  constructor(readonly file: string) {}

  get count(): number {
    return this.#problems.length;
  }

  add(problem: ConfigProblem): void {
    this.#problems.push(problem);
  }

  /** A key dbt accepts that trevco does not act on: one line, `file:line: message`, never an error. */
  warn(message: string, position: { line: number }): void {
    const text = `${this.file}:${position.line}: ${message}`;
    if (!this.#warnings.some((warning) => warning.text === text)) this.#warnings.push({ line: position.line, text });
  }

  /** The warnings collected, in file order. */
  get warnings(): readonly string[] {
    return [...this.#warnings].sort((a, b) => a.line - b.line).map((warning) => warning.text);
  }

  /** Removes and returns the problems added since `count` was `since` that match `predicate`. */
  takeSince(since: number, predicate: (problem: ConfigProblem) => boolean): ConfigProblem[] {
    const taken: ConfigProblem[] = [];
    for (let i = this.#problems.length - 1; i >= since; i--) {
      if (predicate(this.#problems[i]!)) taken.unshift(...this.#problems.splice(i, 1));
    }
    return taken;
  }

  /** Marks `source[start, end)`, which begins at `position`, as secret: excerpts will show `replacement` instead. */
  maskSecret(start: number, end: number, replacement: string, position: { line: number; column: number }): void {
    this.#secrets.push({ start, end, replacement, ...position });
  }

  /** The file text with every secret masked. */
  maskedSource(source: string): string {
    let masked = source;
    // From the end, so earlier offsets stay valid.
    for (const secret of [...this.#secrets].sort((a, b) => b.start - a.start)) {
      masked = masked.slice(0, secret.start) + secret.replacement + masked.slice(secret.end);
    }
    return masked;
  }

  /** A problem's column in the masked text: a mask shorter than its secret moves later columns of its line left. */
  #maskedColumn(problem: ConfigProblem): number {
    let column = problem.column;
    for (const secret of this.#secrets) {
      if (secret.line === problem.line && secret.column < problem.column) {
        column += secret.replacement.length - (secret.end - secret.start);
      }
    }
    return column;
  }

  /**
   * ConfigErrors for `problems` (default: all collected ones), in file order. Besides the values marked secret,
   * anything that looks like a secret (a `password:` line, a URL with a password) is masked in the excerpt and the
   * message: a file that did not parse had none of its values read, and a typo'd key is never marked.
   */
  toErrors(source: string | undefined, problems: readonly ConfigProblem[] = this.#problems): ConfigError[] {
    const masked = source === undefined ? undefined : this.maskedSource(source);
    const maskedLines = masked?.split('\n');
    const shown = masked === undefined ? undefined : redactSecretsInText(masked);
    return [...problems]
      .sort((a, b) => a.line - b.line || a.column - b.column)
      .map((problem) => {
        const line = maskedLines?.[problem.line - 1];
        const column = this.#maskedColumn(problem);
        return new ConfigError(redactSecretsInText(problem.message), {
          file: this.file,
          line: problem.line,
          column: line === undefined ? column : redactSecretsInLine(line).column(column),
          hint: problem.hint === undefined ? undefined : redactSecretsInText(problem.hint),
          source: shown,
        });
      });
  }
}
