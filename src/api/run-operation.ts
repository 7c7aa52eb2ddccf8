import { Relation } from '../compiler/relation.js';
import { installDbtContext } from '../compiler/dbt/dbt-context.js';
import { SyncDatabase } from '../compiler/dbt/sync-database.js';
import { TemplateEngine } from '../compiler/template-engine.js';
import { commonScope } from '../compiler/template-scope.js';
import { didYouMean } from '../errors/did-you-mean.js';
import { ConfigError, TemplateError } from '../errors/trevco-error.js';
import type { CommandOptions } from './command-options.js';
import { prepareProject } from './prepare-project.js';

/**
 * `trevco run-operation MACRO --args '{...}'`: calls a project or package macro (`name` or `package.name`) with
 * `execute` true; its `run_query`, `{% call statement %}` and adapter calls run on the target. Returns what the
 * macro printed (trimmed) and what it returned with `return()`.
 */
export function runOperation(macro: string, args: Readonly<Record<string, unknown>>, options: CommandOptions = {}): { readonly output: string } {
  // Compiled first, as dbt parses first: ref() and source() name the relations the project builds.
  const compiled = prepareProject(options);
  const { project, target } = compiled;
  const relationOf = (id: string | undefined): Relation => {
    const node = id === undefined ? undefined : compiled.nodes.get(id);
    const relation = node && 'relation' in node ? node.relation : undefined;
    if (!relation) throw new TemplateError(`run-operation: '${id ?? ''}' has no relation (an ephemeral model, or not in the project)`);
    return new Relation(relation.schema, relation.identifier);
  };
  const byName = new Map([...compiled.nodes.values()].filter((node) => node.resourceType !== 'source').map((node) => [node.name, node.id]));
  const database = new SyncDatabase(target);
  try {
    const engine = new TemplateEngine(project.macros);
    installDbtContext(engine, {
      rootProject: project.config.name,
      dispatch: project.config.dbt?.dispatch ?? [],
      flags: { ...project.config.dbt?.flags, WHICH: 'run-operation' },
      database: { database: () => database, unavailable: '' },
    });
    const [pkg, name] = macro.includes('.') ? macro.split('.', 2) as [string, string] : [undefined, macro];
    const fn = pkg === undefined ? (engine.hasMacro(name) ? engine.global(name) : undefined) : engine.macrosByPackage.get(pkg)?.get(name);
    if (typeof fn !== 'function') {
      const known = [...engine.macrosByPackage.values()].flatMap((macros) => [...macros.keys()]);
      const near = didYouMean(name, known);
      throw new ConfigError(`run-operation: no macro named '${macro}'`, { hint: near ? `did you mean '${near}'?` : 'macros come from macros/ and installed packages' });
    }
    engine.addGlobal('__trevco_operation', fn);
    const now = new Date().toISOString();
    const run = { target, vars: project.config.vars, env: options.env ?? process.env, runStartedAt: now, runDate: now.slice(0, 10), dbtProject: project.config.dbt !== undefined, projectName: project.config.name };
    const scope = {
      ...commonScope(run, macro),
      execute: true,
      ref: (...refArgs: unknown[]) => relationOf(byName.get(String(refArgs.filter((arg) => typeof arg === 'string').at(-1)))),
      source: (sourceName: unknown, table: unknown) => relationOf([...compiled.nodes.values()].find((node) => node.resourceType === 'source' && node.sourceName === sourceName && node.name === table)?.id),
    };
    const output = engine.callMacro('__trevco_operation', { ...args }, scope, `run-operation ${macro}`);
    return { output: output.trim() };
  } finally {
    database.close();
  }
}
