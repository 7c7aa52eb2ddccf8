import { afterEach, describe, expect, it } from 'vitest';
import type { PgliteTarget } from '../config/project-config.js';
import { ErrorList, TrevcoError } from '../errors/trevco-error.js';
import { loadProject } from '../project/load-project.js';
import { writeProject, type TempProject } from '../testing/temp-project.js';
import { compileProject } from './compile-project.js';
import { TemplateEngine } from './template-engine.js';
import { commonScope } from './template-scope.js';

const RUN = { target: { name: 'dev', type: 'pglite', schema: 'public', threads: 1 }, vars: {}, env: {}, runStartedAt: '2024-01-02T03:04:05.000Z', runDate: '2024-01-02' } as const;
const MACROS = [
  'macros/checks.sql',
  [
    '{% macro require(x) %}', // 1
    '  {%- if not x -%}', // 2
    "    {{ exceptions.raise_compiler_error('x is required') }}", // 3
    '  {%- endif -%}', // 4
    '  {{ x }}', // 5
    '{% endmacro %}', // 6
    '{% macro uses_missing() %}', // 7
    '  {{ no_such_macro(1) }}', // 8
    '{% endmacro %}', // 9
    '{% macro outer(n) %}', // 10
    '  {{ require(n) }}', // 11
    '{% endmacro %}', // 12
    '{% macro attribute_of_undefined() %}{{ missing.attr }}{% endmacro %}', // 13
    '{% macro one(a) %}{{ a }}{% endmacro %}', // 14
    '{% macro too_many() %}', // 15
    '{{ one(1, 2) }}', // 16
    '{% endmacro %}', // 17
  ].join('\n'),
] as const;

function renderError(model: string, path = 'models/m.sql'): TrevcoError {
  const engine = new TemplateEngine([{ path: MACROS[0], source: MACROS[1] }]);
  try {
    engine.render(engine.parse(path, model), commonScope(RUN as never, 'm'));
  } catch (error) {
    expect(error).toBeInstanceOf(TrevcoError);
    return error as TrevcoError;
  }
  throw new Error('expected the template to fail');
}

describe('template errors name the file and line where they happen', () => {
  it('raise_compiler_error in a macro: the macro file and line, then the calling model', () => {
    const error = renderError('select 1\n{{ require(0) }}');
    expect(error.code).toBe('TEMPLATE');
    expect(error.file).toBe('macros/checks.sql');
    expect(error.line).toBe(3);
    expect(error.message).toBe("x is required (in macro 'require', called from models/m.sql:2)");
  });

  it('a macro calling a macro: every caller in order, down to the model', () => {
    const error = renderError('\n\n{{ outer(none) }}');
    expect(error.file).toBe('macros/checks.sql');
    expect(error.line).toBe(3);
    expect(error.message).toBe("x is required (in macro 'require', called from macros/checks.sql:11 (macro 'outer'), called from models/m.sql:3)");
  });

  it('calling an undefined name inside a macro names it, at the macro line', () => {
    const error = renderError('{{ uses_missing() }}');
    expect(error).toMatchObject({ code: 'TEMPLATE', file: 'macros/checks.sql', line: 8 });
    expect(error.message).toBe("'no_such_macro' is undefined (in macro 'uses_missing', called from models/m.sql:1)");
  });

  it('reading an attribute of an undefined name inside a macro', () => {
    const error = renderError('x\n{{ attribute_of_undefined() }}');
    expect(error).toMatchObject({ file: 'macros/checks.sql', line: 13 });
    expect(error.message).toBe("'missing' is undefined (in macro 'attribute_of_undefined', called from models/m.sql:2)");
  });

  it('a bad call inside a macro (too many arguments)', () => {
    const error = renderError('{{ too_many() }}');
    expect(error).toMatchObject({ file: 'macros/checks.sql', line: 16 });
    expect(error.message).toBe("macro 'one' takes not more than 1 argument(s) (in macro 'too_many', called from models/m.sql:1)");
  });

  it('an error in the model itself points at the model line', () => {
    const error = renderError('select\n  {{ 1 + "a" }}');
    expect(error).toMatchObject({ code: 'TEMPLATE', file: 'models/m.sql', line: 2 });
    expect(error.message).toBe(`unsupported operand type(s) for +: 'int' and 'str'`);
  });

  it('printing an undefined name is empty; calling one is an error naming it', () => {
    const engine = new TemplateEngine();
    expect(engine.render(engine.parse('models/a.sql', '[{{ nothing }}]'), {})).toBe('[]');
    const error = renderError('\n{{ nothing() }}');
    expect(error).toMatchObject({ file: 'models/m.sql', line: 2 });
    expect(error.message).toBe("'nothing' is undefined");
  });

  it('an unknown filter is reported when the template is parsed, at its line', () => {
    const engine = new TemplateEngine();
    expect(() => engine.parse('models/f.sql', 'select\n{{ x | nosuch }}')).toThrow(expect.objectContaining({ code: 'TEMPLATE', file: 'models/f.sql', line: 2, message: "no filter named 'nosuch'" }));
  });

  it('a syntax error in a macro file names that file and line', () => {
    expect(() => new TemplateEngine([{ path: 'macros/bad.sql', source: '{% macro m() %}\n{{ 1 + }}\n{% endmacro %}' }])).toThrow(expect.objectContaining({ code: 'TEMPLATE', file: 'macros/bad.sql', line: 2 }));
  });

  it('an unsupported construct is refused with error[TEMPLATE] at its line', () => {
    const error = renderError("ok\n{{ {1: 'a'} }}");
    expect(error).toMatchObject({ code: 'TEMPLATE', file: 'models/m.sql', line: 2 });
    expect(error.message).toContain('dict keys must be strings');
  });
});

describe('compileProject reports macro errors with the macro location and the model', () => {
  let project: TempProject | undefined;
  afterEach(() => project?.remove());
  const TARGET: PgliteTarget = { name: 'dev', type: 'pglite', path: '/tmp/unused', schema: 'public', threads: 1 };

  it('names the macro file and line and the model that called it', () => {
    project = writeProject({
      'project.yml': 'name: shop\n',
      'macros/guard.sql': "{% macro guard(v) %}\n{% if v < 0 %}{{ exceptions.raise_compiler_error('negative: ' ~ v) }}{% endif %}{{ v }}\n{% endmacro %}\n",
      'models/ok.sql': 'select {{ guard(1) }} as v',
      'models/bad.sql': "select 1 as a,\n  {{ guard(-5) }} as v",
    });
    let caught: unknown;
    try {
      compileProject(loadProject(project.root), { target: TARGET });
    } catch (error) {
      caught = error;
    }
    const errors = caught instanceof ErrorList ? caught.errors : [caught as TrevcoError];
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'TEMPLATE', file: 'macros/guard.sql', line: 2 });
    expect(errors[0]!.message).toBe("negative: -5 (in macro 'guard', called from models/bad.sql:2)");
  });
});

describe('custom tags', () => {
  it('a Nunjucks extension registered on the engine parses its tag and renders through the jinja2 compiler', () => {
    const engine = new TemplateEngine();
    engine.addExtension('shout', {
      tags: ['shout'],
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Nunjucks' parser API is untyped
      parse(parser: any, nodes: any) {
        const token = parser.nextToken();
        const args = parser.parseSignature(null, true);
        parser.advanceAfterBlockEnd(token.value);
        return new nodes.CallExtension(this, 'run', args);
      },
      run(_context: unknown, value: unknown, other: unknown, options?: { suffix?: string }) {
        return `${String(value).toUpperCase()}${String(other ?? '')}${options?.suffix ?? ''}`;
      },
    } as never);
    expect(engine.render(engine.parse('models/x.sql', "a {% shout 'hi' ~ 1 %} b"), {})).toBe('a HI1 b');
    expect(engine.render(engine.parse('models/y.sql', "{% shout 'x', 2, suffix='!' %}"), {})).toBe('X2!');
  });
});

describe('native functions', () => {
  it('receive floats as numbers and dict views as lists (config(x=1.0) stores 1)', () => {
    const engine = new TemplateEngine();
    const seen: unknown[] = [];
    engine.addGlobals({ capture: (...args: unknown[]) => { seen.push(...args); return ''; } });
    engine.render(engine.parse('models/n.sql', "{{ capture(1.0, [2.0, 'a'], {'k': {'a': 1}.keys()}, x=3.0) }}"), {});
    expect(seen).toEqual([1, [2, 'a'], { k: ['a'] }, { x: 3, __keywords: true }]);
  });
});
