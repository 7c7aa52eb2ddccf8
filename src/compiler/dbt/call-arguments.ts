import { TemplateError } from '../../errors/trevco-error.js';

/** A parameter of a context function: its name and, when optional, its default. */
export type Parameter = string | readonly [name: string, fallback: unknown];

/**
 * Binds a call from a template to named parameters, as Jinja binds a macro call: positional arguments first, then
 * keyword arguments (Nunjucks passes those as a last object marked `__keywords`), then defaults. A missing required
 * argument or an unknown keyword is a TemplateError naming the function.
 */
export function bindArguments(functionName: string, parameters: readonly Parameter[], args: readonly unknown[]): Record<string, unknown> {
  const last = args.at(-1);
  const keywords = isKeywords(last) ? last : undefined;
  const positional = keywords ? args.slice(0, -1) : args;
  const bound: Record<string, unknown> = {};
  const names = parameters.map((parameter) => (typeof parameter === 'string' ? parameter : parameter[0]));
  if (positional.length > names.length) throw new TemplateError(`${functionName}() takes at most ${names.length} arguments (${positional.length} given)`);
  positional.forEach((value, index) => {
    bound[names[index]!] = value;
  });
  for (const [key, value] of Object.entries(keywords ?? {})) {
    if (key === '__keywords') continue;
    if (!names.includes(key)) throw new TemplateError(`${functionName}() got an unexpected keyword argument '${key}'`, { hint: `its parameters are ${names.join(', ')}` });
    bound[key] = value;
  }
  for (const parameter of parameters) {
    const [name, fallback] = typeof parameter === 'string' ? [parameter, undefined] : parameter;
    if (Object.hasOwn(bound, name)) continue;
    if (typeof parameter === 'string') throw new TemplateError(`${functionName}() is missing the argument '${name}'`);
    bound[name] = fallback;
  }
  return bound;
}

function isKeywords(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && (value as { __keywords?: unknown }).__keywords === true;
}

/** A template value as SQL text: macro output (a SafeString) and numbers print as Jinja prints them. */
export function sqlText(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return String(value);
}
