import { describe, expect, it } from 'vitest';
import { scanCsvRecords } from './csv-record-scanner.js';

function scan(text: string, final: boolean) {
  const records: string[][] = [];
  const end = scanCsvRecords(text, final, (fields) => records.push(fields));
  return { records, end };
}

describe('scanCsvRecords', () => {
  it('splits quoted fields with escaped quotes, commas and newlines, CRLF, and skips empty lines', () => {
    expect(scan('a,"b,""c""\nd",e\r\n\n1,,3', true)).toEqual({ records: [['a', 'b,"c"\nd', 'e'], ['1', '', '3']], end: 22 });
  });

  it('returns where the incomplete last record starts unless final', () => {
    expect(scan('a,b\n1,"2', false)).toEqual({ records: [['a', 'b']], end: 4 });
    expect(scan('a,b\n1,2', false)).toEqual({ records: [['a', 'b']], end: 4 });
    expect(scan('a,b\r', false)).toEqual({ records: [], end: 0 });
  });

  it('calls stray and unclosed quotes malformed', () => {
    expect(scan('a,b"c\n', true).end).toBe('malformed');
    expect(scan('"a"b\n', true).end).toBe('malformed');
    expect(scan('1,"open\n', true).end).toBe('malformed');
  });
});
