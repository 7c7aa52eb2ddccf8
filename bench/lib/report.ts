/** Prints a markdown table: benchmark output is meant to be pasted into notes and issues. */
export function markdownTable(headers: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const lines = [`| ${headers.join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`];
  for (const row of rows) lines.push(`| ${row.map(String).join(' | ')} |`);
  return lines.join('\n');
}

export function mebibytes(kibibytes: number): string {
  return (kibibytes / 1024).toFixed(0);
}
