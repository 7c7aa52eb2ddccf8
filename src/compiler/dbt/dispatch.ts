import { isPyFunction } from '../jinja/py-values.js';
import type { DispatchSetting } from '../../config/project-config.js';
import { TemplateError } from '../../errors/trevco-error.js';
import type { TemplateEngine } from '../template-engine.js';
import { CROSS_DATABASE_MACROS, renderBuiltin } from './cross-database-macros.js';

export type MacroFunction = (...args: unknown[]) => unknown;

/** dbt-postgres's adapter chain: a `postgres__` implementation first, then `default__`. */
const PREFIXES = ['postgres__', 'default__'];
/** The namespace of dbt's own macros. */
export const DBT_NAMESPACE = 'dbt';

/**
 * dbt's `adapter.dispatch(macro_name, macro_namespace)`: the first of `postgres__<name>`, `default__<name>` found in
 * the packages of the search order — the project's `dispatch:` setting for that namespace, else the root project
 * then the namespace itself — as a callable macro. dbt's own namespace holds the built-in cross-database macros.
 */
export class Dispatcher {
  constructor(
    private readonly engine: TemplateEngine,
    private readonly rootProject: string,
    private readonly settings: readonly DispatchSetting[],
  ) {}

  searchOrder(namespace: string | null): string[] {
    const configured = this.settings.find((setting) => setting.macroNamespace === (namespace ?? DBT_NAMESPACE));
    if (configured) return [...configured.searchOrder];
    if (namespace === null || namespace === DBT_NAMESPACE) return [this.rootProject, DBT_NAMESPACE];
    return [namespace];
  }

  dispatch(name: unknown, namespace: unknown = null): MacroFunction {
    const macroName = String(name);
    const space = namespace === null || namespace === undefined ? null : String(namespace);
    const searched: string[] = [];
    for (const pkg of this.searchOrder(space)) {
      for (const prefix of PREFIXES) {
        searched.push(`${pkg}.${prefix}${macroName}`);
        const found = this.find(pkg, `${prefix}${macroName}`);
        if (found) return found;
      }
    }
    throw new TemplateError(`In dispatch: no macro named '${macroName}' found within namespace '${space ?? DBT_NAMESPACE}'`, {
      hint: `searched for: ${searched.join(', ')}`,
    });
  }

  /** A macro of one package: the project's and installed packages' from their macro files, dbt's built in. */
  private find(pkg: string, fullName: string): MacroFunction | undefined {
    const own = this.engine.macrosByPackage.get(pkg)?.get(fullName);
    if (own) return nativeCallable(own);
    if (pkg !== DBT_NAMESPACE) return undefined;
    const bare = fullName.replace(/^(postgres__|default__)/, '');
    const builtin = CROSS_DATABASE_MACROS[bare];
    return builtin ? (...args: unknown[]) => renderBuiltin(bare, builtin, args, (other, ...rest) => String(this.dispatch(other, DBT_NAMESPACE)(...rest))) : undefined;
  }
}

/**
 * A macro (a Python-style callable of the jinja engine) as a plain JS function taking Nunjucks' convention (keywords
 * as a last object marked `__keywords`), which is what templates pass to the functions dispatch returns and what the
 * dbt context's own JS code passes; anything else is returned as it is.
 */
export function nativeCallable(fn: MacroFunction): MacroFunction {
  if (!isPyFunction(fn)) return fn;
  return (...args: unknown[]) => {
    const last = args.at(-1);
    const keywords = typeof last === 'object' && last !== null && (last as { __keywords?: unknown }).__keywords === true ? (last as Record<string, unknown>) : undefined;
    const { __keywords: _, ...kwargs } = keywords ?? {};
    return fn(keywords ? args.slice(0, -1) : args, kwargs);
  };
}
