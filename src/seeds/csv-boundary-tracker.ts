const QUOTE = 0x22;
const NEWLINE = 0x0a;

/**
 * Follows CSV quoting across the buffers of a stream so a stream can be cut between records, never inside a quoted
 * field. A doubled quote (`""`) toggles twice, so counting quotes is enough; no field is parsed.
 */
export class CsvBoundaryTracker {
  private inQuote = false;

  /** Whether the bytes fed so far end inside a quoted field. */
  get insideQuotes(): boolean {
    return this.inQuote;
  }

  /**
   * Feeds the next buffer and returns the offset just past its last record-ending newline, or -1 when no record
   * ends in it. Buffers without a quote (most machine-written CSV) cost one native search each.
   */
  feed(buffer: Buffer): number {
    if (!this.inQuote && buffer.indexOf(QUOTE) === -1) {
      const last = buffer.lastIndexOf(NEWLINE);
      return last === -1 ? -1 : last + 1;
    }
    let last = -1;
    for (let i = 0; i < buffer.length; i++) {
      const byte = buffer[i];
      if (byte === QUOTE) this.inQuote = !this.inQuote;
      else if (byte === NEWLINE && !this.inQuote) last = i + 1;
    }
    return last;
  }
}

/** Newlines in a buffer (physical lines), by native search. */
export function countNewlines(buffer: Buffer): number {
  let count = 0;
  for (let i = buffer.indexOf(NEWLINE); i !== -1; i = buffer.indexOf(NEWLINE, i + 1)) count++;
  return count;
}
