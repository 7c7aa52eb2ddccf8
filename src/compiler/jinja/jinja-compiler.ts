/**
 * Nunjucks' compiler, taught jinja2's semantics: expressions as in jinja-expression-compiler.ts; statements get
 * jinja2's scoping (a `for` body does not leak its assignments and starts afresh each iteration), and macros bind
 * arguments as jinja2 does and record their file and line on errors.
 */
import { createRequire } from 'node:module';
import { JinjaExpressionCompiler, type CompileFrame } from './jinja-expression-compiler.js';
import { type AstNode, nodes } from './jinja-nodes.js';
import { parseJinja } from './jinja-parser.js';

const require = createRequire(import.meta.url);
const { Frame } = require('nunjucks/src/runtime') as { Frame: new (parent?: unknown, isolate?: boolean) => CompileFrame };

/** Every name an AST reads (including inside call arguments, which Nunjucks' findAll does not walk). */
function symbolsIn(root: AstNode): Set<string> {
  const names = new Set<string>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(walk);
      return;
    }
    if (!(value instanceof nodes.Node)) return;
    const node = value as AstNode;
    if (node.typename === 'Symbol') names.add(node.value);
    if (node.typename === 'NamespaceRef') names.add(node.name);
    for (const field of node.fields as string[]) walk(node[field]);
  };
  walk(root);
  return names;
}

class JinjaCompiler extends JinjaExpressionCompiler {
  private macroDepth = 0;
  // ---- statements ----

  compileOutput(node: AstNode, frame: CompileFrame): void {
    for (const child of node.children) {
      if (child.typename === 'TemplateData') {
        if (child.value) {
          this._emit(`${this.buffer} += `);
          this.compileLiteral(child, frame);
          this._emitLine(';');
        }
      } else {
        // A call or filter records its own line; anything else records the line of the output tag.
        if (child.typename !== 'PyCall' && child.typename !== 'PyFilter') this.line(child);
        this._emit(`${this.buffer} += py.str(`);
        this.expr(child, frame);
        this._emitLine(');');
      }
    }
  }

  compileIf(node: AstNode, frame: CompileFrame): void {
    this.line(node);
    this._emit('if (py.truthy(');
    this.expr(node.cond, frame);
    this._emitLine(')) {');
    this._withScopedSyntax(() => this.compile(node.body, frame));
    if (node.else_) {
      this._emitLine('} else {');
      this._withScopedSyntax(() => this.compile(node.else_, frame));
    }
    this._emitLine('}');
  }

  compileDo(node: AstNode, frame: CompileFrame): void {
    this.line(node);
    this.expr(node.expr, frame);
    this._emitLine(';');
  }

  compileBreak(node: AstNode): void {
    if (this.loopDepth === 0) this.fail("'break' outside a loop", node.lineno, node.colno);
    this._emitLine('break;');
  }

  compileContinue(node: AstNode): void {
    if (this.loopDepth === 0) this.fail("'continue' outside a loop", node.lineno, node.colno);
    this._emitLine('continue;');
  }

  /** The JS variable a name assigned in this scope lives in: only the innermost isolated frame is searched. */
  protected localId(frame: CompileFrame, name: string): string {
    let current = frame;
    while (current) {
      const id = current.variables[name];
      if (id !== undefined) return id;
      if (current.isolateWrites) break;
      current = current.parent;
    }
    const id = this._tmpid();
    this._emitLine(`var ${id};`);
    frame.set(name, id);
    return id;
  }

  /** Assigns `valueId` to a target: a name, `ns.attr`, or a tuple of targets (unpacked). */
  protected assign(target: AstNode, valueId: string, frame: CompileFrame, exportTopLevel: boolean): void {
    if (target.typename === 'Symbol') {
      const id = this.localId(frame, target.value);
      this._emitLine(`${id} = ${valueId};`);
      this._emitLine(`frame.set(${this.js(target.value)}, ${id}, true);`);
      if (exportTopLevel) {
        this._emitLine(`if (frame.topLevel) { context.setVariable(${this.js(target.value)}, ${id});${target.value.startsWith('_') ? '' : ` context.addExport(${this.js(target.value)}, ${id});`} }`);
      }
    } else if (target.typename === 'NamespaceRef') {
      this._emit('py.nsSet(');
      this.compileSymbol(new nodes.Symbol(target.lineno, target.colno, target.name), frame);
      this._emitLine(`, ${this.js(target.attr)}, ${valueId});`);
    } else if (target.typename === 'Tuple') {
      const items = this._tmpid();
      this._emitLine(`var ${items} = py.unpack(${valueId}, ${target.children.length});`);
      target.children.forEach((child: AstNode, i: number) => {
        const element = this._tmpid();
        this._emitLine(`var ${element} = ${items}[${i}];`);
        this.assign(child, element, frame, exportTopLevel);
      });
    } else this.fail(`can't assign to ${target.typename}`, target.lineno, target.colno);
  }

  compilePySet(node: AstNode, frame: CompileFrame): void {
    this.line(node);
    const value = this._tmpid();
    if (node.value) {
      this._emit(`var ${value} = `);
      this.expr(node.value, frame);
      this._emitLine(';');
    } else {
      this._emit(`var ${value} = `);
      this.captured(node.body, frame);
      this._emitLine(';');
      if (node.filter) {
        const previous = this.filterBlockValue;
        this.filterBlockValue = value;
        this._emit(`${value} = `);
        this.expr(node.filter, frame);
        this._emitLine(';');
        this.filterBlockValue = previous;
      }
    }
    this.assign(node.target, value, frame, true);
  }

  /** A block's output as a string (set blocks, filter blocks); loop controls cannot cross it. */
  protected captured(body: AstNode, frame: CompileFrame): void {
    const depth = this.loopDepth;
    this.loopDepth = 0;
    this.compileCapture(body, frame);
    this.loopDepth = depth;
  }

  compilePyFilterBlock(node: AstNode, frame: CompileFrame): void {
    this.line(node);
    const value = this._tmpid();
    this._emit(`var ${value} = `);
    this.captured(node.body, frame);
    this._emitLine(';');
    const previous = this.filterBlockValue;
    this.filterBlockValue = value;
    this._emit(`${this.buffer} += py.str(`);
    this.expr(node.filter, frame);
    this._emitLine(');');
    this.filterBlockValue = previous;
  }

  compileWith(node: AstNode, frame: CompileFrame): void {
    this.line(node);
    const values = node.values.map((value: AstNode) => {
      const id = this._tmpid();
      this._emit(`var ${id} = `);
      this.expr(value, frame);
      this._emitLine(';');
      return id;
    });
    const inner = frame.push(true);
    this._emitLine('frame = frame.push(true);');
    node.targets.forEach((target: AstNode, i: number) => this.assign(target, values[i], inner, false));
    this._withScopedSyntax(() => this.compile(node.body, inner));
    this._emitLine('frame = frame.pop();');
  }

  compilePyFor(node: AstNode, frame: CompileFrame): void {
    this.line(node);
    const items = this._tmpid();
    const index = this._tmpid();
    const loop = this._tmpid();
    this._emit(`var ${items} = py.iter(`);
    this.expr(node.iter, frame);
    this._emitLine(');');
    const inner = frame.push(true);
    this._emitLine('frame = frame.push(true);');
    if (node.test) {
      // `for x in xs if cond`: the items are filtered first, so loop.length and loop.last count only those kept.
      const item = this._tmpid();
      const testFrame = frame.push(true);
      this._emitLine(`${items} = ${items}.filter(function (${item}) {`);
      this._emitLine('var frame = this.push(true);');
      this.assign(node.target, item, testFrame, false);
      this._emit('return py.truthy(');
      this.expr(node.test, testFrame);
      this._emitLine(');');
      this._emitLine('}, frame);');
    }
    this._emitLine(`var ${loop} = new py.Loop(${items});`);
    const loopFrame = this._tmpid();
    this._emitLine(`var ${loopFrame} = frame;`);
    this._emitLine(`for (var ${index} = 0; ${index} < ${items}.length; ${index}++) {`);
    // Each iteration starts afresh: what the body assigned in the previous one is undefined again, as in jinja2.
    this._emitLine(`frame = ${loopFrame}.push(true);`);
    const resetAt = this.codebuf.length;
    this._emit('');
    this._emitLine(`${loop}.index0 = ${index};`);
    const item = this._tmpid();
    this._emitLine(`var ${item} = ${items}[${index}];`);
    this.assign(node.target, item, inner, false);
    const loopId = this._tmpid();
    this._emitLine(`var ${loopId} = ${loop}; frame.set("loop", ${loopId});`);
    inner.set('loop', loopId);
    const bound = new Set(Object.keys(inner.variables));
    this.loopDepth++;
    this._withScopedSyntax(() => this.compile(node.body, inner));
    this.loopDepth--;
    const assigned = Object.keys(inner.variables).filter((name) => !bound.has(name)).map((name) => inner.variables[name] as string);
    if (assigned.length > 0) this.codebuf[resetAt] = `${assigned.join(' = ')} = undefined;\n`;
    this._emitLine('}');
    this._emitLine(`frame = ${loopFrame}.pop();`);
    if (node.else_) {
      this._emitLine(`if (${items}.length === 0) {`);
      this._withScopedSyntax(() => this.compile(node.else_, frame));
      this._emitLine('}');
    }
  }

  /** Emits `py.macro(signature, function body)`; `parentFrame` is the JS name of the frame a caller block closes over. */
  protected macroFunction(name: string, params: readonly string[], defaults: readonly (AstNode | null)[], body: AstNode, lineno: number, colno: number, parentFrame: string | null, outerFrame: CompileFrame | null): void {
    const reads = symbolsIn(body);
    const signature = {
      name,
      params,
      catchVarargs: reads.has('varargs'),
      catchKwargs: reads.has('kwargs'),
      catchCaller: reads.has('caller'),
    };
    const values = this._tmpid();
    const varargs = this._tmpid();
    const kwargs = this._tmpid();
    const caller = this._tmpid();
    const inner = outerFrame ? outerFrame.push(true) : new Frame();
    this._emitLine(`py.macro(${JSON.stringify(signature)}, function (${values}, ${varargs}, ${kwargs}, ${caller}) {`);
    this._emitLine(`var lineno = ${lineno}, colno = ${colno};`);
    this._emitLine(`var frame = ${parentFrame ? `${parentFrame}.push(true)` : 'new runtime.Frame()'};`);
    params.forEach((param, i) => {
      const id = `l_${param}_${this._tmpid()}`;
      this._emitLine(`var ${id} = ${values}[${i}];`);
      this._emit(`if (${id} === py.MISSING) ${id} = `);
      const fallback = defaults[i];
      if (fallback) this.expr(fallback, inner);
      else this._emit('undefined');
      this._emitLine(';');
      this._emitLine(`frame.set(${this.js(param)}, ${id});`);
      inner.set(param, id);
    });
    const special: [boolean, string, string][] = [[signature.catchVarargs, 'varargs', varargs], [signature.catchKwargs, 'kwargs', kwargs], [signature.catchCaller && !params.includes('caller'), 'caller', caller]];
    for (const [caught, name, id] of special) {
      if (!caught) continue;
      this._emitLine(`frame.set(${this.js(name)}, ${id});`);
      inner.set(name, id);
    }
    const depth = this.loopDepth;
    this.loopDepth = 0;
    this.macroDepth++;
    const buffer = this._pushBuffer();
    this._emitLine('try {');
    this._withScopedSyntax(() => this.compile(body, inner));
    this._emitLine(`} catch (e) { throw py.frame(e, ${this._templateName()}, lineno, ${this.js(name)}); }`);
    this._emitLine(`return ${buffer};`);
    this._popBuffer();
    this.macroDepth--;
    this.loopDepth = depth;
    this._emit('})');
  }

  compilePyMacro(node: AstNode, frame: CompileFrame): void {
    const id = `macro_${this._tmpid()}`;
    // A macro defined inside a macro or a block closes over the names around it, as in jinja2.
    const nested = this.macroDepth > 0 || Boolean(frame.parent);
    const parent = nested ? this._tmpid() : null;
    if (parent) this._emitLine(`var ${parent} = frame;`);
    this._emit(`var ${id} = `);
    this.macroFunction(node.name, node.params, node.defaults, node.body, node.lineno, node.colno, parent, nested ? frame : null);
    this._emitLine(';');
    frame.set(node.name, id);
    if (nested) this._emitLine(`frame.set(${this.js(node.name)}, ${id});`);
    else {
      if (!node.name.startsWith('_')) this._emitLine(`context.addExport(${this.js(node.name)});`);
      this._emitLine(`context.setVariable(${this.js(node.name)}, ${id});`);
    }
  }

  compilePyCallBlock(node: AstNode, frame: CompileFrame): void {
    this.line(node);
    const parent = this._tmpid();
    this._emitLine(`var ${parent} = frame;`);
    this._emit(`${this.buffer} += py.str(`);
    this.compilePyCall(node.call, frame, () => {
      this._emit('"caller": ');
      this.macroFunction('caller', node.params, node.defaults, node.body, node.lineno, node.colno, parent, frame);
    });
    this._emitLine(');');
  }

  compileMacro(node: AstNode): void {
    this.fail('internal: Nunjucks macro node', node.lineno, node.colno);
  }
}

/**
 * Compiles a template's text into the JavaScript source Nunjucks' Template evaluates. `extensions` are Nunjucks
 * extensions (custom tags such as dbt's `{% materialization %}`), as `Environment.addExtension` registers them.
 */
export function compileJinja(source: string, name: string, extensions: readonly unknown[] = []): string {
  const compiler = new JinjaCompiler(name, false);
  // jinja2 reads every newline as \n and drops one trailing newline (keep_trailing_newline=False).
  compiler.compile(parseJinja(source.replace(/\r\n?/g, '\n').replace(/\n$/, ''), extensions));
  return compiler.getCode();
}
