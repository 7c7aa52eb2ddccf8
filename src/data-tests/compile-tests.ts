import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import type { ColumnProperties, NodeConfig } from '../config/project-config.js';
import { resolveFolderConfig } from '../config/resolve-folder-config.js';
import type { CompiledNode } from '../compiler/compiled-project.js';
import { ephemeralCteName } from '../compiler/ephemeral-cte.js';
import { renderNative } from '../compiler/dbt/render-native.js';
import { isRenderQueryFailure } from '../compiler/dbt/sync-database.js';
import { injectCtes, trimStatement, type Cte } from '../compiler/inject-ctes.js';
import { locateCall } from '../compiler/locate-call.js';
import { locateConfigKey } from '../compiler/check-config-call.js';
import { configKeySpec, normalizeConfigKey } from '../config/node-config-schema.js';
import { Relation } from '../compiler/relation.js';
import type { RelationResolver } from '../compiler/relation-resolver.js';
import type { TemplateEngine, TemplateScope } from '../compiler/template-engine.js';
import { commonScope, configArguments, type RunScope } from '../compiler/template-scope.js';
import { ConfigError, ErrorList, TrevcoError, didYouMean, type ErrorLocation } from '../errors/index.js';
import type { GraphNode } from '../graph/graph-node.js';
import type { Project } from '../project/project.js';
import { BUILTIN_TESTS } from './builtin-tests.js';
import type { CompiledTest } from './compiled-test.js';
import { parseTestEntry } from './parse-test-entry.js';
import { resolveTestConfig } from './test-config.js';
import { genericTestName } from './test-name.js';

/** What compileProject hands over: its template engine and run scope, the compiled nodes, and its error list. */
export interface TestCompileContext {
  readonly engine: TemplateEngine;
  readonly run: RunScope;
  readonly nodes: ReadonlyMap<string, CompiledNode>;
  /** The ref/source resolution models used (compiler/relation-resolver.ts). */
  readonly resolver: RelationResolver;
  /** Problems are pushed here, to be reported with every other compile error. */
  readonly errors: TrevcoError[];
}

/** A node that declares generic tests in YAML, and where. */
interface TestTarget {
  readonly node: CompiledNode;
  /** `orders`, or `<source>_<table>` for a source table, as in dbt's test names. */
  readonly targetName: string;
  readonly isSource: boolean;
  readonly file: string;
}

/**
 * Compiles every enabled data test: generic tests declared under `tests:`/`data_tests:` of models, seeds, source
 * tables and their columns, and singular tests (`tests/**\/*.sql`). Each becomes SQL returning failing rows.
 * Problems (unknown test, malformed entry, unknown `ref` in `relationships`, bad config) are pushed to `errors`.
 */
export function compileTests(project: Project, context: TestCompileContext): Map<string, CompiledTest> {
  const compiler = new TestCompiler(project, context);
  for (const node of context.nodes.values()) {
    try {
      compiler.compileGenericTestsOf(node);
    } catch (error) {
      collect(context.errors, error);
    }
  }
  for (const file of project.singularTests) {
    try {
      compiler.compileSingular(file);
    } catch (error) {
      collect(context.errors, error);
    }
  }
  return compiler.tests;
}

/** Test nodes for the dependency graph: they depend on what they test, so selection and `build` order see them. */
export function testGraphNodes(tests: ReadonlyMap<string, CompiledTest>): GraphNode[] {
  return [...tests.values()].map((test) => ({
    id: test.id,
    resourceType: 'test',
    name: test.name,
    path: test.path,
    tags: test.tags,
    config: test.config,
    dependsOn: test.dependsOn,
    testType: test.testType,
    packageName: test.packageName,
  }));
}

class TestCompiler {
  readonly tests = new Map<string, CompiledTest>();
  private readonly packageName: string;
  private readonly customTests: string[];

  constructor(private readonly project: Project, private readonly context: TestCompileContext) {
    this.packageName = project.config.name;
    this.customTests = project.macros.flatMap((macro) => [...macro.source.matchAll(/\{%-?\s*test\s+([A-Za-z_]\w*)\s*\(/g)].map((match) => match[1]!));
  }

  compileGenericTestsOf(node: CompiledNode): void {
    const declared = node.resourceType === 'source'
      ? { tests: node.table.tests ?? [], testLines: node.table.testLines, columns: node.table.columns ?? [], file: node.table.declaredIn, line: node.table.line }
      : node.properties && { ...node.properties };
    if (!declared) return;
    const target: TestTarget = {
      node,
      targetName: node.resourceType === 'source' ? `${node.sourceName}_${node.name}` : node.name,
      isSource: node.resourceType === 'source',
      file: declared.file,
    };
    declared.tests.forEach((raw, index) => this.tryCompile(() => this.compileGeneric(target, raw, declared.testLines?.[index] ?? declared.line)));
    for (const column of declared.columns as readonly ColumnProperties[]) {
      (column.tests ?? []).forEach((raw, index) => this.tryCompile(() => this.compileGeneric(target, raw, column.testLines?.[index] ?? column.line ?? declared.line, column.name)));
    }
  }

  compileSingular(file: Project['singularTests'][number]): void {
    const dependsOn = new Set<string>();
    const ctes = new Map<string, Cte>();
    const recorded: Record<string, unknown> = {};
    const scope = this.scope(file.name, file.path, file.rawSql, dependsOn, ctes, recorded);
    const rendered = this.context.engine.render(this.context.engine.parse(file.path, file.rawSql), scope);
    // config() here is checked against the node-config schema for tests, like a model's: a model-only key would be ignored.
    for (const key of Object.keys(recorded)) {
      const spec = configKeySpec(key);
      if (spec && !spec.resourceTypes.includes('test')) {
        throw new ConfigError(`test '${file.name}' sets ${normalizeConfigKey(key)}, which only applies to ${spec.resourceTypes.map((type) => `${type}s`).join(', ')}`, { file: file.path, ...locateConfigKey(file.rawSql, key), source: file.rawSql, nodeId: file.id });
      }
    }
    const config = withStoreFailures(resolveTestConfig([file.config, recorded], { file: file.path, nodeId: file.id }), this.context.run.storeFailures);
    if (!config.enabled) return;
    const sql = withLimit(trimStatement(rendered), config.limit);
    this.add({
      id: file.id,
      resourceType: 'test',
      name: file.name,
      testType: 'singular',
      testName: file.name,
      dependsOn: [...dependsOn].sort(),
      config,
      compiledSql: injectCtes(sql, [...ctes.values()]),
      rawSql: file.rawSql,
      path: file.path,
      packageName: this.packageName,
      checksum: file.checksum,
      tags: config.tags,
    });
  }

  private compileGeneric(target: TestTarget, raw: unknown, line: number | undefined, columnName?: string): void {
    const at: ErrorLocation = { file: target.file, line };
    const entry = parseTestEntry(raw, at);
    const { column_name: argColumn, ...args } = entry.args;
    const column = columnName ?? (typeof argColumn === 'string' ? argColumn : undefined);
    const names = genericTestName(target.isSource ? `source_${entry.testName}` : entry.testName, target.targetName, { ...args, ...(column !== undefined && { column_name: column }) });
    const name = entry.customName ?? names.shortName;
    const id = `test.${this.packageName}.${name}`;
    const located = { ...at, nodeId: id };
    const config = withStoreFailures(resolveTestConfig([this.folderDefaults(target.file), entry.config as NodeConfig], located), this.context.run.storeFailures);
    if (!config.enabled) return;

    const dependsOn = new Set([target.node.id]);
    const ctes = new Map<string, Cte>();
    const resolvedArgs = Object.fromEntries(Object.entries(args).map(([key, value]) => [key, this.resolveArgument(value, located, dependsOn, ctes, target)]));
    const relation = this.relationOf(target.node, ctes);
    const model = config.where === undefined ? relation : `(select * from ${String(relation)} where ${config.where}) dbt_subquery`;
    const fail = (message: string, hint?: string): Error =>
      new ConfigError(`${message} (test '${name}' on ${target.node.resourceType} '${target.targetName}')`, { ...located, hint });

    let sql: string;
    let renderError: TrevcoError | undefined;
    const macro = `test_${entry.testName}`;
    // A project's own `{% test %}` wins over a built-in of the same name, as a project macro does in dbt.
    if (this.context.engine.hasMacro(macro)) {
      const scope = this.scope(name, target.file, '', dependsOn, ctes, {});
      try {
        sql = this.context.engine.callMacro(macro, { model, ...(column !== undefined && { column_name: column }), ...resolvedArgs }, scope, target.file);
      } catch (error) {
        // A query the test ran while rendering failed (its model is built later in this run): the test fails then.
        if (!isRenderQueryFailure(error)) throw error;
        sql = '';
        renderError = error;
      }
    } else if (Object.hasOwn(BUILTIN_TESTS, entry.testName)) {
      sql = BUILTIN_TESTS[entry.testName]!({ model: String(model), column, args: resolvedArgs, storeFailures: config.store_failures, fail });
    } else {
      const suggestion = didYouMean(entry.testName, [...Object.keys(BUILTIN_TESTS), ...this.customTests]);
      throw new ConfigError(`unknown test '${entry.testName}' on ${target.node.resourceType} '${target.targetName}'${column ? `, column '${column}'` : ''}`, {
        ...located,
        hint: suggestion ? `did you mean '${suggestion}'?` : `the built-in tests are ${Object.keys(BUILTIN_TESTS).join(', ')}; define others with {% test ${entry.testName}(model, column_name) %} in macros/ or tests/generic/`,
      });
    }
    this.add({
      id,
      resourceType: 'test',
      name,
      testType: 'generic',
      testName: entry.testName,
      attachedNodeId: target.node.id,
      ...(column !== undefined && { column }),
      arguments: args,
      dependsOn: [...dependsOn].sort(),
      config,
      compiledSql: injectCtes(withLimit(trimStatement(sql), config.limit), [...ctes.values()]),
      path: target.file,
      line,
      packageName: this.packageName,
      checksum: createHash('sha256').update(JSON.stringify(raw)).digest('hex'),
      tags: config.tags,
      ...(renderError && { renderError }),
    });
  }

  private add(test: CompiledTest): void {
    const previous = this.tests.get(test.id);
    if (previous) {
      throw new ConfigError(`two tests are named '${test.name}' (also ${previous.path}${previous.line ? `:${previous.line}` : ''})`, {
        file: test.path,
        line: test.line,
        nodeId: test.id,
        hint: "give one of them a different name with 'name:'",
      });
    }
    this.tests.set(test.id, test);
  }

  private tryCompile(work: () => void): void {
    try {
      work();
    } catch (error) {
      collect(this.context.errors, error);
    }
  }

  /** `tests:` defaults of project.yml, for the folder of the properties file (under models/ or seeds/). */
  private folderDefaults(file: string): NodeConfig {
    const paths = this.project.config.paths;
    const root = [paths.models, paths.seeds].find((folder) => file.startsWith(`${folder}/`));
    const folders = root ? posix.dirname(file.slice(root.length + 1)).split('/').filter((part) => part !== '.') : [];
    return resolveFolderConfig(this.project.config.tests, folders);
  }

  /** Strings written `ref('x')` / `source('a', 'b')` are relations (dbt renders test arguments); `{{ }}` is rendered. */
  private resolveArgument(value: unknown, at: ErrorLocation & { nodeId: string }, dependsOn: Set<string>, ctes: Map<string, Cte>, target: TestTarget): unknown {
    if (typeof value !== 'string') return value;
    const ref = /^\s*ref\(\s*['"]([^'"]+)['"]\s*\)\s*$/.exec(value);
    if (ref) return this.resolveRef(ref[1]!, dependsOn, ctes, { ...at, what: `test on '${target.targetName}'` });
    const source = /^\s*source\(\s*['"]([^'"]+)['"]\s*,\s*['"]([^'"]+)['"]\s*\)\s*$/.exec(value);
    if (source) return this.resolveSource(source[1]!, source[2]!, dependsOn, { ...at, what: `test on '${target.targetName}'` });
    if (value.includes('{{') || value.includes('{%')) {
      const scope = this.scope(target.targetName, at.file ?? '', value, dependsOn, ctes, {});
      // dbt renders test arguments natively: "{{ var('methods') }}" is the list itself, not its printed text.
      const single = /^\s*\{\{(?:(?!\}\}).)*\}\}\s*$/s.test(value);
      if (single) return renderNative(this.context.engine, at.file ?? '', value, scope);
      return this.context.engine.render(this.context.engine.parse(at.file ?? '', value), scope);
    }
    return value;
  }

  /** Through the resolver models use: the same names, the same errors (here saying which test refers). */
  private resolveRef(name: string, dependsOn: Set<string>, ctes: Map<string, Cte>, at: ErrorLocation & { what: string; nodeId?: string; source?: string }): Relation {
    const found = this.context.resolver.ref(name, { who: at.what, ...at });
    dependsOn.add(found.id);
    return this.relationOf(this.context.nodes.get(found.id)!, ctes);
  }

  private resolveSource(sourceName: string, tableName: string, dependsOn: Set<string>, at: ErrorLocation & { what: string; nodeId?: string; source?: string }): Relation {
    const found = this.context.resolver.source(sourceName, tableName, { who: at.what, ...at });
    dependsOn.add(found.id);
    return new Relation(found.relation!.schema, found.relation!.identifier);
  }

  /** A node's relation; an ephemeral model is inlined as a CTE of the test, as dbt does. */
  private relationOf(node: CompiledNode, ctes: Map<string, Cte>): Relation {
    if (node.resourceType === 'model' && !node.relation) {
      const cteName = ephemeralCteName(node.name);
      ctes.set(cteName, { name: cteName, sql: node.compiledSql });
      return new Relation('', node.name, cteName);
    }
    return new Relation(node.relation!.schema, node.relation!.identifier);
  }

  /** The template scope of a singular test or a custom generic test: `ref`/`source` resolve and record dependencies. */
  private scope(name: string, path: string, text: string, dependsOn: Set<string>, ctes: Map<string, Cte>, config: Record<string, unknown>): TemplateScope {
    const at = (fn: string, args: string[]) => ({ file: path, source: text || undefined, ...(text ? locateCall(text, fn, args) : {}), what: `test '${name}'` });
    return {
      ...commonScope(this.context.run, name),
      ref: (...args: unknown[]) => {
        const refName = String(args.filter((arg) => typeof arg === 'string').at(-1));
        return this.resolveRef(refName, dependsOn, ctes, at('ref', [refName]));
      },
      source: (sourceName: unknown, tableName: unknown) => this.resolveSource(String(sourceName), String(tableName), dependsOn, at('source', [String(sourceName), String(tableName)])),
      config: (...args: unknown[]) => {
        Object.assign(config, configArguments(args));
        return '';
      },
      is_incremental: () => false,
      model: { name, path },
    };
  }
}

function withLimit(sql: string, limit: number | undefined): string {
  // A trailing line comment would swallow the limit, so it goes on its own line.
  return limit === undefined ? sql : `${sql}\nlimit ${limit}`;
}

/** dbt's `--store-failures`: every test stores its failing rows, whatever its config says. */
function withStoreFailures<T extends { store_failures: boolean }>(config: T, always: boolean | undefined): T {
  return always ? { ...config, store_failures: true } : config;
}

function collect(errors: TrevcoError[], error: unknown): void {
  if (error instanceof ErrorList) errors.push(...error.errors);
  else if (error instanceof TrevcoError) errors.push(error);
  else throw error;
}
