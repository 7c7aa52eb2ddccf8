import type { NodeLabel, RunEvent, RunOutcome } from '../api/command-options.js';
import type { NodeResult } from '../executor/node-result.js';
import { formatError } from '../errors/format-error.js';

export type LogFormat = 'text' | 'json';

const LINE_WIDTH = 80;

/** Colours only on a TTY, and never with NO_COLOR set (https://no-color.org). */
export function useColour(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(stream.isTTY) && !env.NO_COLOR && env.TERM !== 'dumb';
}

/**
 * All terminal output. Text lines follow dbt's (`3 of 12 OK created table model marts.fact_orders … [SELECT 33580 in 0.41s]`);
 * `--log-format json` prints one JSON object per event instead, for machines.
 */
export class Reporter {
  private readonly paint: Paint;
  private progressShown = false;
  /** What the command said it would run, repeated in the closing line. */
  private running: string | undefined;

  constructor(
    private readonly format: LogFormat,
    private readonly out: NodeJS.WriteStream = process.stdout,
    private readonly err: NodeJS.WriteStream = process.stderr,
    colour = useColour(out),
    /** `--quiet`: only errors, failures and the closing summary. */
    private readonly quiet = false,
  ) {
    this.paint = colour ? ANSI : PLAIN;
  }

  /** Prints a line of text, or a JSON record with the same information. */
  info(message: string, fields: Record<string, unknown> = {}): void {
    if (this.quiet) return;
    if (this.format === 'json') this.json({ level: 'info', message, ...fields });
    else this.line(message);
  }

  warn(message: string): void {
    if (this.format === 'json') this.json({ level: 'warn', message });
    else this.line(this.paint.yellow(`warning: ${message}`));
  }

  /** Whether a warning was shown (for --warn-error). */
  warned = false;

  event(event: RunEvent): void {
    if (event.type === 'warning') this.warned = true;
    const problem = event.type === 'warning' || (event.type === 'node-finished' && ['error', 'fail', 'warn'].includes(event.result.status));
    if (this.quiet && !problem) return;
    if (this.format === 'json') {
      if (event.type === 'progress') return;
      this.json({ level: 'info', event: event.type, ...jsonFields(event) });
      return;
    }
    switch (event.type) {
      case 'run-started':
        this.running = event.summary;
        this.line(`Running ${event.summary} on target '${event.target}'`);
        this.line('');
        return;
      case 'node-started':
        return;
      case 'node-finished':
        this.clearProgress();
        this.line(this.resultLine(event.label, event.result, event.index, event.total));
        return;
      case 'progress':
        this.progress(event);
        return;
      case 'warning':
        this.clearProgress();
        this.warn(event.message);
        return;
      case 'notice':
        // stderr, so that machine output on stdout (`show --output csv`) stays clean.
        this.clearProgress();
        this.err.write(`${event.message}\n`);
        return;
    }
  }

  /** The closing block: failures in full, then dbt's `Done. PASS=… WARN=… ERROR=… SKIP=… TOTAL=…`. */
  summary(outcome: RunOutcome, what: string): void {
    const counts = countStatuses(outcome.results);
    if (this.format === 'json') {
      this.json({ level: 'info', event: 'summary', elapsed: round(outcome.elapsedSeconds), ...counts, success: outcome.success });
      return;
    }
    this.line('');
    this.line(`Finished running ${this.running ?? what} in ${outcome.elapsedSeconds.toFixed(2)}s.`);
    const failures = outcome.results.filter((result) => result.status === 'error' || result.status === 'fail' || result.status === 'warn');
    if (failures.length > 0) {
      this.line('');
      this.line(outcome.success ? this.paint.yellow('Completed with warnings:') : this.paint.red(`Completed with ${counts.error + counts.fail} error${counts.error + counts.fail === 1 ? '' : 's'}:`));
      for (const result of failures) {
        this.line('');
        this.line(result.error ? formatError(result.error) : `${result.nodeId}: ${result.message}`);
        const rows = result.details?.sampleRows as Record<string, unknown>[] | undefined;
        if (rows && rows.length > 0) this.line(formatRows(rows));
        const compiled = result.details?.compiledPath;
        if (typeof compiled === 'string' && !(result.error && 'file' in result.error && result.error.file === compiled)) this.line(`  compiled SQL: ${compiled}`);
      }
    } else {
      this.line('');
      this.line(this.paint.green('Completed successfully'));
    }
    this.line('');
    this.line(`Done. PASS=${counts.pass} WARN=${counts.warn} ERROR=${counts.error + counts.fail} SKIP=${counts.skipped} TOTAL=${outcome.results.length}`);
  }

  /** A failure of the whole command (bad config, compile errors, no connection). */
  error(error: unknown): void {
    this.clearProgress();
    if (this.format === 'json') {
      const fields = typeof error === 'object' && error !== null ? error as Record<string, unknown> : {};
      this.json({ level: 'error', message: formatError(error), code: fields.code, file: fields.file, line: fields.line });
      return;
    }
    this.err.write(`${this.paint.red(formatError(error))}\n`);
  }

  private resultLine(label: NodeLabel, result: NodeResult, index: number, total: number): string {
    const counter = `${String(index).padStart(String(total).length)} of ${total}`;
    // dbt's wording: `table model marts.fact_orders`, `seed file public.countries`; a source says `source raw.orders`.
    const what = label.resourceType === 'model' ? `${label.description} model ${label.displayName}` : `${label.description} ${label.displayName}`;
    const time = `in ${result.executionTime.toFixed(2)}s`;
    const action = String(result.details?.action ?? 'created');
    let head: string;
    let tail: string;
    switch (result.status) {
      case 'success':
        head = `${this.paint.green('OK')} ${action} ${what}`;
        tail = `[${result.message} ${time}]`;
        break;
      case 'pass':
        head = `${this.paint.green('PASS')} ${label.displayName}`;
        tail = `[${this.paint.green('PASS')} ${time}]`;
        break;
      case 'warn':
        head = `${this.paint.yellow('WARN')} ${result.failures ?? ''} ${label.displayName}`.replace('  ', ' ');
        tail = `[${this.paint.yellow('WARN')} ${result.failures ?? ''} ${time}]`.replace('  ', ' ');
        break;
      case 'fail':
        head = `${this.paint.red('FAIL')} ${result.failures ?? ''} ${label.displayName}`.replace('  ', ' ');
        tail = `[${this.paint.red('FAIL')} ${result.failures ?? ''} ${time}]`.replace('  ', ' ');
        break;
      case 'skipped':
        head = `${this.paint.yellow('SKIP')} ${what}`;
        tail = `[${this.paint.yellow('SKIP')}]`;
        break;
      default:
        head = `${this.paint.red('ERROR')} ${label.resourceType === 'test' ? label.displayName : `creating ${what}`}`;
        tail = `[${this.paint.red('ERROR')} ${time}]`;
    }
    const visible = (text: string): number => text.replace(/\x1b\[[0-9;]*m/g, '').length;
    const dots = Math.max(3, LINE_WIDTH - visible(counter) - visible(head) - visible(tail) - 3);
    return `${counter} ${head} ${'.'.repeat(dots)} ${tail}`;
  }

  private progress(event: Extract<RunEvent, { type: 'progress' }>): void {
    if (!this.out.isTTY) return;
    const fraction = event.total > 0 ? Math.min(1, event.done / event.total) : 0;
    const width = 30;
    const bar = '#'.repeat(Math.round(fraction * width)).padEnd(width, '-');
    const amount = event.unit === 'bytes' ? `${mb(event.done)}/${mb(event.total)} MB` : `${event.done}/${event.total} batches`;
    const rate = event.rate === undefined ? '' : ` ${Math.round(event.rate).toLocaleString('en-US')} rows/s`;
    this.out.write(`\r${event.label.displayName} [${bar}] ${(fraction * 100).toFixed(0).padStart(3)}% ${amount}${rate}\x1b[K`);
    this.progressShown = true;
  }

  private clearProgress(): void {
    if (!this.progressShown) return;
    this.out.write('\r\x1b[K');
    this.progressShown = false;
  }

  private line(text: string): void {
    this.out.write(`${text}\n`);
  }

  private json(record: Record<string, unknown>): void {
    this.out.write(`${JSON.stringify({ ts: new Date().toISOString(), ...record })}\n`);
  }
}

export function countStatuses(results: readonly NodeResult[]): { pass: number; warn: number; error: number; fail: number; skipped: number } {
  const counts = { pass: 0, warn: 0, error: 0, fail: 0, skipped: 0 };
  for (const result of results) {
    if (result.status === 'success' || result.status === 'pass') counts.pass++;
    else counts[result.status]++;
  }
  return counts;
}

function jsonFields(event: RunEvent): Record<string, unknown> {
  switch (event.type) {
    case 'node-finished': {
      const { error, ...result } = event.result;
      return {
        node: event.label,
        index: event.index,
        total: event.total,
        ...result,
        error: error ? { code: error.code, message: error.message, file: error.file, line: error.line, column: error.column } : undefined,
      };
    }
    case 'node-started':
      return { node: event.label, index: event.index, total: event.total };
    default:
      return { ...event, type: undefined };
  }
}

function formatRows(rows: readonly Record<string, unknown>[]): string {
  const columns = Object.keys(rows[0]!);
  const cells = rows.map((row) => columns.map((column) => (row[column] === null ? 'null' : String(row[column]))));
  const widths = columns.map((column, i) => Math.min(40, Math.max(column.length, ...cells.map((cell) => cell[i]!.length))));
  const format = (values: readonly string[]): string => `  | ${values.map((value, i) => value.slice(0, 40).padEnd(widths[i]!)).join(' | ')} |`;
  return [format(columns), `  |${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...cells.map(format)].join('\n');
}

function mb(bytes: number): string {
  return (bytes / 1_048_576).toFixed(1);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

interface Paint {
  green(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
}

const ANSI: Paint = {
  green: (text) => `\x1b[32m${text}\x1b[0m`,
  red: (text) => `\x1b[31m${text}\x1b[0m`,
  yellow: (text) => `\x1b[33m${text}\x1b[0m`,
};

const PLAIN: Paint = { green: (text) => text, red: (text) => text, yellow: (text) => text };
