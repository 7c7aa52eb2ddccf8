/**
 * dbt block tags trevco does not render, taken out of macro files before the template engine sees them (it would
 * stop at the unknown tag and fail the whole project): `{% materialization %}` (a custom materialization, with a
 * warning: a model that asks for it is then an error naming it) and `{% docs %}` (documentation text, which does
 * not change any data). Lines are kept, so every other error keeps its line number.
 */
export function stripUnsupportedBlocks(source: string, path: string): { source: string; warnings: string[] } {
  const warnings: string[] = [];
  const block = /\{%-?\s*(materialization|docs)\b([^%]*)-?%\}[\s\S]*?\{%-?\s*end(?:materialization|docs)\s*-?%\}/g;
  const stripped = source.replace(block, (text: string, tag: string, head: string, offset: number) => {
    if (tag === 'materialization') {
      const line = source.slice(0, offset).split('\n').length;
      const name = head.trim().split(/[\s,]+/)[0] ?? '';
      warnings.push(`${path}:${line}: custom materialization '${name}' is not supported yet; models that use it will be reported`);
    }
    return text.replace(/[^\n]/g, '');
  });
  return { source: stripped, warnings };
}
