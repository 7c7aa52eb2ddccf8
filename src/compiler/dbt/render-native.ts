import type { TemplateEngine, TemplateScope } from '../template-engine.js';

const CAPTURE = '__trevco_native_value';

/**
 * dbt's native rendering of a YAML value that is one `{{ expression }}`: the expression's value (a list, a number)
 * rather than its printed text. Anything else is rendered as text by the caller.
 */
export function renderNative(engine: TemplateEngine, path: string, text: string, scope: TemplateScope): unknown {
  const expression = text.trim().slice(2, -2);
  let captured: unknown;
  engine.addGlobal(CAPTURE, (value: unknown) => {
    captured = value;
    return '';
  });
  engine.render(engine.parse(path, `{{ ${CAPTURE}(${expression}) }}`), scope);
  return captured;
}
