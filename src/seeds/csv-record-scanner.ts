const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/** Where scanning stopped: the offset of the first record not yet complete, or `malformed`. */
export type ScanEnd = number | 'malformed';

/**
 * Splits the complete CSV records off `text` (RFC 4180: `,`, `"` quoting with `""` escapes, LF or CRLF) and hands
 * each to `onRecord`. Returns the offset where the first incomplete record starts, so a streaming caller can
 * prepend it to the next piece; with `final`, the text's end also ends the last record. A quote inside an unquoted
 * field, text after a closing quote, or (when final) an unclosed quote is `malformed`, as csv-parse would say.
 * Empty lines are skipped. Made for type inference, where csv-parse's generality cost more than the typing.
 */
export function scanCsvRecords(text: string, final: boolean, onRecord: (fields: string[]) => void): ScanEnd {
  const n = text.length;
  let pos = 0;
  records: while (pos < n) {
    const recordStart = pos;
    const fields: string[] = [];
    for (;;) {
      if (pos < n && text.charCodeAt(pos) === QUOTE) {
        let value = '';
        let from = pos + 1;
        for (;;) {
          const quote = text.indexOf('"', from);
          if (quote === -1 || (quote + 1 >= n && !final)) return final ? 'malformed' : recordStart;
          if (text.charCodeAt(quote + 1) === QUOTE) {
            value += text.slice(from, quote + 1);
            from = quote + 2;
            continue;
          }
          value += text.slice(from, quote);
          pos = quote + 1;
          break;
        }
        fields.push(value);
      } else {
        let end = pos;
        for (; end < n; end++) {
          const c = text.charCodeAt(end);
          if (c === COMMA || c === LF || c === CR) break;
          if (c === QUOTE) return 'malformed';
        }
        fields.push(text.slice(pos, end));
        pos = end;
      }
      if (pos >= n) {
        if (!final) return recordStart;
        emit(fields, onRecord);
        return n;
      }
      const c = text.charCodeAt(pos);
      if (c === COMMA) {
        pos++;
        continue;
      }
      if (c === CR) {
        if (pos + 1 >= n && !final) return recordStart;
        pos += text.charCodeAt(pos + 1) === LF ? 2 : 1;
      } else if (c === LF) {
        pos++;
      } else {
        return 'malformed';
      }
      emit(fields, onRecord);
      continue records;
    }
  }
  return n;
}

function emit(fields: string[], onRecord: (fields: string[]) => void): void {
  if (fields.length === 1 && fields[0] === '') return;
  onRecord(fields);
}
