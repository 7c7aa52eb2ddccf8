import type { SeedProgress } from './seed-job.js';

/** Adds up bytes and lines over the files of one load and reports them. */
export class SeedProgressCounter {
  private bytesRead = 0;
  private newlines = 0;
  private headers = 0;

  constructor(
    private readonly totalBytes: number,
    private readonly report?: (progress: SeedProgress) => void,
  ) {}

  /** The load starts over (a column was widened): forget what was counted. */
  restart(): void {
    this.bytesRead = 0;
    this.newlines = 0;
    this.headers = 0;
  }

  /** A new file started: its header line is not a row. */
  startFile(): void {
    this.headers++;
  }

  /** For `copyCsvFile`'s `onBytes`: rows are counted by newlines, an estimate until `finish` (quoted newlines). */
  readonly onBytes = (bytes: number, newlines: number): void => {
    this.bytesRead += bytes;
    this.newlines += newlines;
    this.report?.({ bytesRead: this.bytesRead, totalBytes: this.totalBytes, rows: Math.max(0, this.newlines - this.headers) });
  };

  /** The final report, with the exact row count. */
  finish(rows: number): void {
    this.report?.({ bytesRead: this.totalBytes, totalBytes: this.totalBytes, rows });
  }
}
