import { createHash } from 'node:crypto';
import { Script } from 'node:vm';
import nunjucks from 'nunjucks';
import type { TemplateCodeCache } from './template-code-cache.js';
import { compileJinja } from './jinja/jinja-compiler.js';
import { installJinjaRuntime, templateGlobals } from './jinja/jinja-environment.js';
import { callMacro } from './jinja/jinja-macro.js';
import { str } from './jinja/py-values.js';
import { toTemplateError } from './template-error.js';
import type { MacroFile } from '../project/project.js';
import { ErrorList, TrevcoError } from '../errors/trevco-error.js';

/**
 * Names a model template sees besides its own `{% set %}` variables. They are served by getters on the
 * environment's globals that read the scope of the template being rendered right now, so macros (compiled
 * once, shared by every model) see the calling model's `ref`, `this`, `is_incremental`… as in dbt.
 */
export const SCOPE_NAMES = [
  'ref', 'source', 'config', 'var', 'env_var', 'this', 'is_incremental', 'target', 'run_started_at', 'run_date',
  'model', 'log', 'exceptions', 'execute', 'batch', 'before_begin', 'after_commit', 'schemas', 'builtins',
] as const;

export type ScopeName = (typeof SCOPE_NAMES)[number];
export type TemplateScope = Partial<Record<ScopeName, unknown>>;

/** A template parsed once and rendered as often as needed (pass 1, pass 2, the is_incremental variant). */
export interface ParsedTemplate {
  readonly path: string;
  readonly source: string;
  readonly template: nunjucks.Template;
}

/**
 * The template environment trevco renders with: Nunjucks' environment and Template, with templates parsed and
 * compiled the jinja2 way (./jinja/: dbt's Jinja semantics, or error[TEMPLATE]), autoescape off (this is SQL),
 * jinja2's globals and dbt's helpers, macros from macros/ callable without an import, and `{% test %}` blocks as
 * custom generic tests. `dev: true` keeps the original error inside Nunjucks' wrapper, so errors keep their class.
 */
export class TemplateEngine {
  private readonly env: nunjucks.Environment;
  private scope: TemplateScope = {};
  private thrown: unknown;
  /** Macro files' text by path, so an error raised in a macro shows its excerpt. */
  private readonly macroSources = new Map<string, string>();
  private lastScript: { readonly key: string; readonly script: Script; readonly reusedBytecode: boolean } | undefined;
  /** Scope names read since the outermost render began (pass 1 asks whether a template read `execute`). */
  private readonly readNames = new Set<string>();
  /** Macros by the project or package that defines them, for `<package>.<macro>()` and adapter.dispatch. */
  readonly macrosByPackage = new Map<string, Map<string, (...args: unknown[]) => unknown>>();

  constructor(macros: readonly MacroFile[] = [], private readonly cache?: TemplateCodeCache) {
    installJinjaRuntime();
    this.env = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: false, dev: true });
    for (const [name, value] of Object.entries(templateGlobals())) this.env.addGlobal(name, value);
    for (const name of SCOPE_NAMES) {
      Object.defineProperty(this.globals, name, {
        get: () => {
          this.readNames.add(name);
          return this.scope[name];
        },
        enumerable: true,
        configurable: true,
      });
    }
    const errors: TrevcoError[] = [];
    for (const macro of macros) {
      try {
        this.registerMacros(macro);
      } catch (error) {
        errors.push(error as TrevcoError);
      }
    }
    ErrorList.throwIfAny(errors);
  }

  /** Nunjucks keeps globals on a field its type declarations do not show. */
  private get globals(): Record<string, unknown> {
    return (this.env as unknown as { globals: Record<string, unknown> }).globals;
  }

  /** Makes a value callable or readable from every template (dbt's context: `dbt`, `adapter`, package namespaces). */
  addGlobal(name: string, value: unknown): void {
    this.env.addGlobal(name, value);
  }

  /** The value of a global, if any (a registered macro, or something addGlobal put there). */
  global(name: string): unknown {
    return (SCOPE_NAMES as readonly string[]).includes(name) ? undefined : this.globals[name];
  }

  /**
   * Remembers an error a context function is throwing, so the TemplateError reported keeps its class, message and
   * hint (Nunjucks keeps only the text of errors it passes on).
   */
  noteThrown(error: unknown): void {
    this.thrown ??= error;
  }

  /** The current render's value of a scope name, counted as read (context functions ask for `execute`, `target`). */
  current(name: ScopeName): unknown {
    this.readNames.add(name);
    return this.scope[name];
  }

  /** Whether the last render read a scope name (e.g. `execute`, so its output depends on the phase). */
  wasRead(name: ScopeName): boolean {
    return this.readNames.has(name);
  }

  /** Registers a custom tag (a Nunjucks extension: `tags` and `parse(parser, nodes)`), e.g. dbt's `{% materialization %}`. */
  addExtension(name: string, extension: nunjucks.Extension): void {
    this.env.addExtension(name, extension);
  }

  /** Adds names every template sees (e.g. dbt's `adapter`); a name of the node scope is replaced. */
  addGlobals(values: Record<string, unknown>): void {
    for (const [name, value] of Object.entries(values)) {
      Object.defineProperty(this.globals, name, { value, writable: true, enumerable: true, configurable: true });
    }
  }

  /** Whether a macro of this name was registered (e.g. a custom generic test `test_<name>`, or `generate_schema_name`). */
  hasMacro(name: string): boolean {
    return typeof this.globals[name] === 'function' && !(SCOPE_NAMES as readonly string[]).includes(name);
  }

  /** Calls a registered macro with keyword arguments, in the given scope, and returns its output. */
  callMacro(name: string, kwargs: Record<string, unknown>, scope: TemplateScope, path: string): string {
    const macro = this.globals[name];
    return this.withScope(scope, path, '', () => str(callMacro(macro, [], kwargs)));
  }

  /**
   * Parses many templates at once: their generated code is evaluated as one script, so V8 parses it in one go
   * and, with the cache, reuses its compiled bytecode from the previous compile instead of compiling again.
   * A template with a syntax error yields its TemplateError in its place.
   */
  parseAll(inputs: readonly { readonly path: string; readonly source: string }[]): (ParsedTemplate | TrevcoError)[] {
    const codes = inputs.map(({ path, source }) => {
      try {
        return this.generateCode(path, source);
      } catch (error) {
        return toTemplateError(error, path, source, 'parse');
      }
    });
    const good = codes.filter((code): code is string => typeof code === 'string');
    const script = `[${good.map((code) => `function(){${code}\n}`).join(',\n')}]`;
    const factories = this.evaluate(script);
    let next = 0;
    return inputs.map(({ path, source }, index) => {
      const code = codes[index]!;
      if (typeof code !== 'string') return code;
      const properties = factories[next++]!();
      const template = new nunjucks.Template({ type: 'code', obj: properties } as unknown as string, this.env, path, true);
      return { path, source, template };
    });
  }

  /** Hands the bytecode of the last parseAll script to the cache (call after rendering, when it is all compiled). */
  keepCompiledCode(): void {
    const last = this.lastScript;
    if (!last || !this.cache?.setCompiledCode || last.reusedBytecode) return;
    this.cache.setCompiledCode(last.key, last.script.createCachedData());
  }

  private evaluate(source: string): (() => object)[] {
    const key = createHash('sha1').update(source).digest('base64url');
    const cachedData = this.cache?.getCompiledCode?.(key);
    const script = new Script(source, { filename: 'trevco-templates.js', cachedData });
    this.lastScript = { key, script, reusedBytecode: cachedData !== undefined && !script.cachedDataRejected };
    if (process.env.TREVCO_DEBUG_CACHE) process.stderr.write(`template bytecode: ${cachedData ? (script.cachedDataRejected ? 'rejected' : 'reused') : 'none'}\n`);
    return script.runInThisContext() as (() => object)[];
  }

  private generateCode(path: string, source: string): string {
    let code = this.cache?.get(source);
    if (code === undefined) {
      code = compileJinja(source, path, (this.env as unknown as { extensionsList: unknown[] }).extensionsList);
      this.cache?.set(source, code);
    }
    return code;
  }

  /** Parses a template; a syntax error becomes a TemplateError with the file, line and column. */
  parse(path: string, source: string): ParsedTemplate {
    try {
      const code = this.generateCode(path, source);
      // The generated code is Nunjucks' own output for this text (fresh or cached); evaluating it is how Nunjucks loads templates too.
      const properties = new Function(code)() as object; // eslint-disable-line @typescript-eslint/no-implied-eval
      const template = new nunjucks.Template({ type: 'code', obj: properties } as unknown as string, this.env, path, true);
      return { path, source, template };
    } catch (error) {
      throw toTemplateError(error, path, source, 'parse');
    }
  }

  /** Renders a parsed template in a scope. Errors thrown by scope functions keep their class and gain a line. */
  render(parsed: ParsedTemplate, scope: TemplateScope, variables: Record<string, unknown> = {}): string {
    return this.withScope(scope, parsed.path, parsed.source, () => parsed.template.render(variables));
  }

  private withScope<T>(scope: TemplateScope, path: string, source: string, work: () => T): T {
    const previous = this.scope;
    if (this.depth++ === 0) this.readNames.clear();
    this.scope = this.rememberingThrows(scope);
    this.thrown = undefined;
    try {
      return work();
    } catch (error) {
      throw toTemplateError(error, path, source, 'render', this.thrown, (file) => this.macroSources.get(file));
    } finally {
      this.scope = previous;
      this.depth--;
    }
  }

  private depth = 0;

  /**
   * Nunjucks replaces an error thrown by a function it calls with its own, keeping only the text; remember the
   * original so a RefNotFoundError or a var error keeps its class, message and hint.
   */
  private rememberingThrows(scope: TemplateScope): TemplateScope {
    const wrapped: Record<string, unknown> = {};
    const remember = (fn: (...args: unknown[]) => unknown): ((...args: unknown[]) => unknown) => (...args: unknown[]) => {
      try {
        return fn(...args);
      } catch (error) {
        this.thrown ??= error;
        throw error;
      }
    };
    for (const [name, value] of Object.entries(scope)) {
      // Properties of a function survive the wrapping (dbt's `config.get` hangs on `config`).
      if (typeof value === 'function') {
        const own = remember(value as (...args: unknown[]) => unknown);
        const keys = Object.keys(value);
        wrapped[name] = keys.length === 0 ? own : Object.assign(own, Object.fromEntries(keys.map((key) => {
          const method = (value as unknown as Record<string, unknown>)[key];
          return [key, typeof method === 'function' ? remember(method as (...args: unknown[]) => unknown) : method];
        })));
      }
      else if (name === 'exceptions' && typeof value === 'object' && value !== null) {
        wrapped[name] = Object.fromEntries(Object.entries(value).map(([key, fn]) => [key, typeof fn === 'function' ? remember(fn as (...args: unknown[]) => unknown) : fn]));
      } else wrapped[name] = value;
    }
    return wrapped;
  }

  private registerMacros(macro: MacroFile): void {
    this.macroSources.set(macro.path, macro.source);
    const parsed = this.parse(macro.path, rewriteTestBlocks(macro.source));
    let exported: Record<string, unknown> = {};
    const template = parsed.template as unknown as ExportingTemplate;
    template.getExported((error: Error | null, result: Record<string, unknown>) => {
      if (error) throw toTemplateError(error, macro.path, macro.source, 'render');
      exported = result;
    });
    for (const [name, value] of Object.entries(exported)) {
      if (typeof value !== 'function') continue;
      this.env.addGlobal(name, value);
      if (macro.packageName !== undefined) {
        const own = this.macrosByPackage.get(macro.packageName) ?? new Map<string, (...args: unknown[]) => unknown>();
        own.set(name, value as (...args: unknown[]) => unknown);
        this.macrosByPackage.set(macro.packageName, own);
      }
    }
  }
}

/** dbt's `{% test name(args) %}…{% endtest %}` is a macro named `test_<name>`; Nunjucks only knows macros. */
export function rewriteTestBlocks(source: string): string {
  return source
    .replace(/\{%(-?)\s*test\s+([A-Za-z_][A-Za-z0-9_]*)\s*\(/g, '{%$1 macro test_$2(')
    .replace(/\{%(-?)\s*endtest\s*(-?)%\}/g, '{%$1 endmacro $2%}');
}

/** Nunjucks runs a template's top level to collect its macros; synchronous when no async filter is used. */
interface ExportingTemplate {
  getExported(callback: (error: Error | null, exported: Record<string, unknown>) => void): void;
}
