import { writeCompiledSql } from '../artifacts/write-compiled-sql.js';
import { writeManifest } from '../artifacts/write-manifest.js';
import { writeCompiledTest } from '../data-tests/run-test.js';
import type { CompiledProject } from '../compiler/compiled-project.js';
import type { CommandOptions } from './command-options.js';
import { prepareProject } from './prepare-project.js';

/** `trevco compile`: renders every model and data test to target/compiled/ and writes target/manifest.json. No database. */
export function compile(options: CommandOptions = {}): { compiled: CompiledProject; manifestPath: string } {
  const compiled = prepareProject(options);
  writeCompiledSql(compiled);
  for (const test of compiled.tests.values()) writeCompiledTest(compiled, test);
  return { compiled, manifestPath: writeManifest(compiled) };
}
