import { LineCounter, parseDocument } from 'yaml';
import type { ConfigProblems } from './config-problems.js';
import type { EnvVarRenderer } from './env-var-renderer.js';
import { YamlValue } from './yaml-value.js';

/**
 * Parses one YAML file into a located value. Syntax errors are added to `problems` with their line and column, and
 * then nothing is returned: a half-parsed document would only add confusing follow-on errors.
 */
export function parseYaml(source: string, problems: ConfigProblems, render?: EnvVarRenderer): YamlValue | undefined {
  const lineCounter = new LineCounter();
  // merge: dbt projects use `<<: *defaults` (YAML 1.1 merge keys) to share config between entries.
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, merge: true });
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      problems.add({
        message: `YAML syntax error: ${error.message}`,
        line,
        column: col,
        hint: error.code === 'TAB_AS_INDENT' ? 'indent YAML with spaces, not tabs' : undefined,
      });
    }
    return undefined;
  }
  return new YamlValue({ doc, lineCounter, source, problems, render }, doc.contents, '', { line: 1, column: 1 });
}
