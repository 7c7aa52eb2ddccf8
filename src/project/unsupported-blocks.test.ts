import { describe, expect, it } from 'vitest';
import { stripUnsupportedBlocks } from './unsupported-blocks.js';

describe('stripUnsupportedBlocks', () => {
  it('takes out materialization and docs blocks, keeping every line, and warns about the materialization', () => {
    const source = "{% macro a() %}1{% endmacro %}\n{% materialization insert_only, adapter='postgres' %}\n  {{ return({'relations': []}) }}\n{% endmaterialization %}\n{% docs d %}text{% enddocs %}\n{% macro b() %}2{% endmacro %}";
    const { source: stripped, warnings } = stripUnsupportedBlocks(source, 'macros/m.sql');
    expect(stripped).toBe('{% macro a() %}1{% endmacro %}\n\n\n\n\n{% macro b() %}2{% endmacro %}');
    expect(warnings).toEqual(["macros/m.sql:2: custom materialization 'insert_only' is not supported yet; models that use it will be reported"]);
  });
});
