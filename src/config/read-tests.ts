import type { YamlMap } from './yaml-value.js';

/**
 * The generic tests under `tests:` or its dbt 1.8 alias `data_tests:` of a model, column or source table, exactly as
 * written (the data-tests stage interprets them). Only the shape is checked here: each entry is a test name or a
 * mapping with a single key (`- accepted_values: { values: [a, b] }`).
 */
export function readTestsOf(map: YamlMap): unknown[] {
  return readTestEntries(map).tests;
}

/** As readTestsOf, with the 1-based line of each entry, so the data-tests stage can point at it. */
export function readTestEntries(map: YamlMap): { tests: unknown[]; lines: number[] } {
  const tests = map.get('tests');
  const dataTests = map.get('data_tests');
  if (tests && dataTests) {
    const both = `${map.childPath('data_tests')} and ${map.childPath('tests')}`;
    dataTests.error(`${both} are the same thing`, 'keep one of them');
  }
  const value = dataTests ?? tests;
  // Test arguments may hold templates for the data-tests stage, so nothing is rendered here.
  const items = value?.verbatim().list({ allowNull: true }) ?? [];
  const out: unknown[] = [];
  const lines: number[] = [];
  for (const item of items) {
    const written = item.toJS();
    const isName = typeof written === 'string' && written.trim() !== '';
    const isSingleKeyMap = item.kind === 'map' && Object.keys(written as object).length === 1;
    if (isName || isSingleKeyMap) {
      out.push(written);
      lines.push(item.position.line);
    }
    else {
      item.mustBe(
        'a test name or a mapping with one key',
        "e.g. '- unique' or '- accepted_values: { values: [a, b] }'",
      );
    }
  }
  return { tests: out, lines };
}
