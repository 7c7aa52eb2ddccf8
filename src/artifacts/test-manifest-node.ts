import type { ManifestNode } from './manifest.js';
import type { CompiledProject } from '../compiler/compiled-project.js';
import type { CompiledTest } from '../data-tests/compiled-test.js';
import { testCompiledPath } from '../data-tests/run-test.js';

/** A test in manifest.json, in dbt's shape: `test_metadata` for generic tests, `attached_node`, `column_name`. */
export function testManifestNode(compiled: CompiledProject, test: CompiledTest): ManifestNode {
  return {
    unique_id: test.id,
    resource_type: 'test',
    name: test.name,
    package_name: test.packageName,
    original_file_path: test.path,
    depends_on: { nodes: [...test.dependsOn] },
    config: test.config,
    tags: test.tags,
    checksum: { name: 'sha256', checksum: test.checksum },
    description: '',
    compiled_path: testCompiledPath(compiled, test),
    compiled_code: test.compiledSql,
    ...(test.rawSql !== undefined && { raw_code: test.rawSql }),
    ...(test.testType === 'generic' && {
      test_metadata: { name: test.testName, kwargs: { ...test.arguments, ...(test.column !== undefined && { column_name: test.column }) } },
      attached_node: test.attachedNodeId ?? null,
      column_name: test.column ?? null,
      line: test.line ?? null,
    }),
  };
}
