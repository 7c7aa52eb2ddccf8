import { TemplateError, TrevcoError } from '../errors/trevco-error.js';
import { macroTrace, type MacroFrame } from './jinja/jinja-macro.js';
import { JinjaRuntimeError } from './jinja/py-values.js';

interface NunjucksError extends Error {
  lineno?: number;
  colno?: number;
  cause?: unknown;
}

/**
 * Turns whatever a template threw into a TrevcoError pointing at the right place: the macro's file and line when
 * it was raised inside a macro (then the chain of callers up to the model), else the template's own line.
 */
export function toTemplateError(
  error: unknown,
  path: string,
  source: string,
  phase: 'parse' | 'render',
  thrown?: unknown,
  sourceOf: (file: string) => string | undefined = () => undefined,
): TrevcoError {
  // Nunjucks wraps an error once per template frame it crosses; the innermost wrapper knows the line.
  const chain: NunjucksError[] = [];
  let current: unknown = error;
  while (current instanceof Error && !(current instanceof TrevcoError) && !(current instanceof JinjaRuntimeError)) {
    chain.push(current as NunjucksError);
    current = (current as NunjucksError).cause;
  }
  const original = thrown instanceof TrevcoError ? thrown : current instanceof Error ? current : chain[chain.length - 1] ?? new Error(String(error));
  const located = [...chain].reverse().find((wrapper) => wrapper.lineno !== undefined);
  // Parse errors carry 1-based positions; errors thrown while rendering carry the compiled code's 0-based line.
  const offset = phase === 'render' ? 1 : 0;
  // Some errors only carry the position in their text: "(path) [Line 2, Column 7]".
  const printed = chain.map((wrapper) => /\[Line (\d+), Column (\d+)\]/.exec(wrapper.message ?? '')).find(Boolean);
  const line = located?.lineno !== undefined ? located.lineno + offset : printed ? Number(printed[1]) + offset : undefined;
  const column = located?.colno !== undefined ? located.colno + offset : printed ? Number(printed[2]) + offset : undefined;
  const trace = macroTrace(original) ?? macroTrace(current);
  if (trace && trace.length > 0 && phase === 'render') return inMacro(original, trace, path, line);
  if (original instanceof TrevcoError) {
    if (original.line !== undefined || !line) return original;
    return withLocation(original, { file: original.file ?? path, line, column, source: original.source ?? source });
  }
  return new TemplateError(cleanMessage(original.message), { file: path, line, column, source, cause: error });

  function inMacro(raised: Error, frames: readonly MacroFrame[], modelPath: string, modelLine: number | undefined): TrevcoError {
    const [first] = frames as [MacroFrame];
    const callers = [
      ...frames.slice(1).map((frame) => `${frame.file}:${frame.line} (macro '${frame.macro}')`),
      modelLine === undefined ? modelPath : `${modelPath}:${modelLine}`,
    ];
    const where = `in macro '${first.macro}', called from ${callers.join(', called from ')}`;
    if (raised instanceof TrevcoError) {
      return withLocation(raised, { file: first.file, line: first.line, column: undefined, source: sourceOf(first.file), message: `${raised.message} (${where})` });
    }
    return new TemplateError(`${cleanMessage(raised.message)} (${where})`, { file: first.file, line: first.line, source: sourceOf(first.file), cause: error });
  }
}

function withLocation(error: TrevcoError, fields: { file?: string; line?: number; column?: number; source?: string; message?: string }): TrevcoError {
  return Object.assign(Object.create(Object.getPrototypeOf(error) as object) as TrevcoError, error, {
    ...fields,
    message: fields.message ?? error.message,
    stack: error.stack,
  });
}

/** Nunjucks prefixes messages with "Template render error: (path) [Line n, Column m]"; we print our own location. */
function cleanMessage(message: string): string {
  return message
    .replace(/^Template render error:\s*/i, '')
    .replace(/^\([^)]*\)\s*(\[Line \d+, Column \d+\])?\s*/, '')
    .replace(/^Error:\s*/, '')
    .trim();
}
