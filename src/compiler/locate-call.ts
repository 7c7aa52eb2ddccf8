/**
 * Finds where a template calls `fn('a', 'b')`, for pointing an error at it when the call itself cannot report
 * its position (pass 1 records refs without failing, so that every unknown ref is reported at once).
 */
export function locateCall(source: string, fn: string, args: readonly string[]): { line?: number; column?: number } {
  const quoted = args.map((arg) => `\\s*['"]${escapeRegExp(arg)}['"]\\s*`).join(',');
  const pattern = new RegExp(`\\b${fn}\\s*\\(${quoted}\\)`);
  const match = pattern.exec(source);
  if (!match) return {};
  const before = source.slice(0, match.index).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
