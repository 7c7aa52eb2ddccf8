import type { TemplateEngine } from '../template-engine.js';
import type { MacroFunction } from './dispatch.js';

/** What dbt's `return(value)` throws; the macro call it is in ends and yields `value`. */
class MacroReturn {
  constructor(readonly value: unknown) {}
}

/**
 * dbt's `{{ return(value) }}`: ends the macro and makes the call's value `value` (a list, a dict, a relation — not
 * only text). Installed only when the template engine does not provide `return` itself: every macro of the project
 * and its packages is wrapped so that the call yields the returned value.
 */
export function installMacroReturn(engine: TemplateEngine): void {
  if (engine.global('return') !== undefined) return;
  engine.addGlobal('return', (value: unknown) => {
    throw new MacroReturn(value);
  });
  const wrapped = new Map<MacroFunction, MacroFunction>();
  const wrap = (macro: MacroFunction): MacroFunction => {
    const existing = wrapped.get(macro);
    if (existing) return existing;
    const returning = (...args: unknown[]): unknown => {
      try {
        return macro(...args);
      } catch (error) {
        if (error instanceof MacroReturn) return error.value;
        // Nunjucks wraps errors of nested calls; the signal may sit in the cause chain.
        const signal = findReturn(error);
        if (signal) return signal.value;
        throw error;
      }
    };
    wrapped.set(macro, returning);
    return returning;
  };
  for (const macros of engine.macrosByPackage.values()) {
    for (const [name, macro] of macros) {
      const returning = wrap(macro);
      macros.set(name, returning);
      if (engine.global(name) === macro) engine.addGlobal(name, returning);
    }
  }
}

function findReturn(error: unknown): MacroReturn | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 10 && current instanceof Error; depth++) current = (current as { cause?: unknown }).cause;
  return current instanceof MacroReturn ? current : undefined;
}
