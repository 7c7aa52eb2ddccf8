/** Python's string formatting: `'%s' % x`, `'{}'.format(x)` and the format-spec mini-language. */
import { toExponentialHalfEven, toFixedHalfEven } from './py-round.js';
import { isDict, isFloat, isInt, isNumber, isTuple, JinjaRuntimeError, num, repr, str, typeName } from './py-values.js';

interface Spec {
  fill: string;
  align: string;
  sign: string;
  alternate: boolean;
  zero: boolean;
  width: number;
  grouping: string;
  precision: number | undefined;
  type: string;
}

/** `format % args`, as Python's str.__mod__. */
export function percentFormat(format: string, args: unknown): string {
  const positional = isTuple(args) ? args : [args];
  const mapping = isDict(args) ? args : undefined;
  let next = 0;
  let usedMapping = false;
  const pattern = /%(?:\(([^)]*)\))?([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?[hlL]?([diouxXeEfFgGcrsa%])/g;
  let out = '';
  let last = 0;
  let match: RegExpExecArray | null;
  const take = (): unknown => {
    if (next >= positional.length) throw new JinjaRuntimeError('not enough arguments for format string');
    return positional[next++];
  };
  while ((match = pattern.exec(format)) !== null) {
    out += format.slice(last, match.index);
    last = pattern.lastIndex;
    const [, name, flags = '', widthText, precisionText, type] = match as unknown as [string, string | undefined, string, string | undefined, string | undefined, string];
    if (type === '%' && name === undefined && !flags && !widthText && !precisionText) {
      out += '%';
      continue;
    }
    const width = widthText === '*' ? num(take()) : widthText ? Number(widthText) : 0;
    const precision = precisionText === '*' ? num(take()) : precisionText !== undefined ? Number(precisionText) : undefined;
    let value: unknown;
    if (name !== undefined) {
      if (!mapping) throw new JinjaRuntimeError('format requires a mapping');
      usedMapping = true;
      if (!Object.prototype.hasOwnProperty.call(mapping, name)) throw new JinjaRuntimeError(`'${name}'`, 'KeyError');
      value = mapping[name];
    } else value = isDict(args) && positional.length === 1 ? args : take();
    const spec: Spec = {
      fill: ' ',
      align: flags.includes('-') ? '<' : '>',
      sign: flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '-',
      alternate: flags.includes('#'),
      zero: flags.includes('0') && !flags.includes('-'),
      width,
      grouping: '',
      precision,
      type,
    };
    out += formatPercentValue(value, spec);
  }
  out += format.slice(last);
  if (!usedMapping && !isDict(args) && next < positional.length) throw new JinjaRuntimeError('not all arguments converted during string formatting');
  return out;
}

function formatPercentValue(value: unknown, spec: Spec): string {
  const { type } = spec;
  if (type === 's' || type === 'r' || type === 'a') {
    let text = type === 's' ? str(value) : repr(value);
    if (spec.precision !== undefined) text = text.slice(0, spec.precision);
    return pad(text, { ...spec, zero: false, align: spec.align === '>' ? '>' : '<' });
  }
  if (type === 'c') return pad(typeof value === 'string' ? value : String.fromCodePoint(num(value)), spec);
  if (!isNumber(value)) {
    if ('diouxX'.includes(type)) throw new JinjaRuntimeError(`%${type} format: a real number is required, not ${typeName(value)}`);
    throw new JinjaRuntimeError(`must be real number, not ${typeName(value)}`);
  }
  const mapped = type === 'i' || type === 'u' ? 'd' : type;
  return formatNumber(value, { ...spec, type: mapped, align: spec.align === '<' ? '<' : '=' }, true);
}

/** `'{0} {name:>5}'.format(...)`, as Python's str.format. */
export function strFormat(format: string, args: unknown[], kwargs: Record<string, unknown>, getattr: (obj: unknown, name: string) => unknown, getitem: (obj: unknown, key: unknown) => unknown): string {
  let auto = 0;
  let out = '';
  let i = 0;
  while (i < format.length) {
    const char = format[i]!;
    if (char === '{') {
      if (format[i + 1] === '{') {
        out += '{';
        i += 2;
        continue;
      }
      let depth = 1;
      let j = i + 1;
      while (j < format.length && depth > 0) {
        if (format[j] === '{') depth++;
        else if (format[j] === '}') depth--;
        j++;
      }
      if (depth > 0) throw new JinjaRuntimeError("expected '}' before end of string", 'ValueError');
      const field = format.slice(i + 1, j - 1);
      out += formatField(field);
      i = j;
    } else if (char === '}') {
      if (format[i + 1] !== '}') throw new JinjaRuntimeError("Single '}' encountered in format string", 'ValueError');
      out += '}';
      i += 2;
    } else {
      out += char;
      i++;
    }
  }
  return out;

  function formatField(field: string): string {
    const colon = findTopLevel(field, ':');
    let head = colon === -1 ? field : field.slice(0, colon);
    let specText = colon === -1 ? '' : field.slice(colon + 1);
    let conversion = '';
    const bang = head.indexOf('!');
    if (bang !== -1) {
      conversion = head.slice(bang + 1);
      head = head.slice(0, bang);
    }
    specText = specText.replace(/\{([^}]*)\}/g, (_, nested: string) => str(resolve(nested)));
    let value = resolve(head);
    if (conversion === 'r') value = repr(value);
    else if (conversion === 's') value = str(value);
    return formatValue(value, specText);
  }

  function resolve(path: string): unknown {
    const match = /^([^.[]*)(.*)$/.exec(path)!;
    const first = match[1]!;
    let value: unknown;
    if (first === '') value = args[auto++];
    else if (/^\d+$/.test(first)) value = args[Number(first)];
    else {
      if (!Object.prototype.hasOwnProperty.call(kwargs, first)) throw new JinjaRuntimeError(`'${first}'`, 'KeyError');
      value = kwargs[first];
    }
    if (first === '' && auto > args.length) throw new JinjaRuntimeError('Replacement index out of range for positional args tuple', 'IndexError');
    if (/^\d+$/.test(first) && Number(first) >= args.length) throw new JinjaRuntimeError(`Replacement index ${first} out of range for positional args tuple`, 'IndexError');
    const accessors = /\.([^.[]+)|\[([^\]]+)\]/g;
    let part: RegExpExecArray | null;
    while ((part = accessors.exec(match[2]!)) !== null) {
      value = part[1] !== undefined ? getattr(value, part[1]) : getitem(value, /^\d+$/.test(part[2]!) ? Number(part[2]) : part[2]);
    }
    return value;
  }
}

function findTopLevel(text: string, char: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '[') depth++;
    else if (text[i] === ']') depth--;
    else if (text[i] === char && depth === 0) return i;
  }
  return -1;
}

/** Python's `format(value, spec)`. */
export function formatValue(value: unknown, specText: string): string {
  const match = /^(?:(.)?([<>=^]))?([-+ ])?(z)?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/s.exec(specText);
  if (!match) throw new JinjaRuntimeError(`Invalid format specifier '${specText}' for object of type '${typeName(value)}'`, 'ValueError');
  const [, fill, align, sign, , alternate, zero, width, grouping, precision, type] = match;
  const spec: Spec = {
    fill: fill ?? (zero && !align ? '0' : ' '),
    align: align ?? (zero ? '=' : ''),
    sign: sign ?? '-',
    alternate: Boolean(alternate),
    zero: Boolean(zero),
    width: width ? Number(width) : 0,
    grouping: grouping ?? '',
    precision: precision !== undefined ? Number(precision) : undefined,
    type: type ?? '',
  };
  if (typeof value === 'string' || value === null || value === undefined || typeof value === 'boolean' && !spec.type) {
    if (spec.type && spec.type !== 's') throw new JinjaRuntimeError(`Unknown format code '${spec.type}' for object of type '${typeName(value)}'`, 'ValueError');
    let text = str(value);
    if (spec.precision !== undefined) text = text.slice(0, spec.precision);
    return pad(text, { ...spec, align: spec.align || '<' });
  }
  if (isNumber(value)) {
    if (!spec.type) {
      if (spec.precision === undefined && !spec.grouping && spec.sign === '-') {
        return pad(str(value), { ...spec, align: spec.align || '>' });
      }
      spec.type = isFloat(value) ? 'g_repr' : 'd';
    }
    return formatNumber(value, { ...spec, align: spec.align || '>' }, false);
  }
  if (specText === '') return str(value);
  const custom = (value as { pyFormat?: (spec: string) => string }).pyFormat;
  if (typeof custom === 'function') return custom.call(value, specText);
  throw new JinjaRuntimeError(`unsupported format string passed to ${typeName(value)}.__format__`);
}

function formatNumber(value: unknown, spec: Spec, percentStyle: boolean): string {
  const x = num(value);
  let type = spec.type;
  if ('dxXobc'.includes(type) && !isInt(value) && !percentStyle) {
    throw new JinjaRuntimeError(`Unknown format code '${type}' for object of type 'float'`, 'ValueError');
  }
  const negative = x < 0 || Object.is(x, -0);
  const magnitude = Math.abs(x);
  let body: string;
  let prefix = '';
  switch (type) {
    case 'd':
    case 'n':
      body = String(Math.trunc(magnitude));
      break;
    case 'x':
    case 'X':
      body = Math.trunc(magnitude).toString(16);
      if (type === 'X') body = body.toUpperCase();
      if (spec.alternate) prefix = type === 'x' ? '0x' : '0X';
      break;
    case 'o':
      body = Math.trunc(magnitude).toString(8);
      if (spec.alternate) prefix = '0o';
      break;
    case 'b':
      body = Math.trunc(magnitude).toString(2);
      if (spec.alternate) prefix = '0b';
      break;
    case 'c':
      return pad(String.fromCodePoint(x), spec);
    case 'f':
    case 'F':
      body = Number.isFinite(magnitude) ? toFixedHalfEven(magnitude, spec.precision ?? 6) : specialFloat(magnitude, type === 'F');
      break;
    case 'e':
    case 'E':
      body = Number.isFinite(magnitude) ? exponential(magnitude, spec.precision ?? 6) : specialFloat(magnitude, type === 'E');
      if (type === 'E') body = body.toUpperCase();
      break;
    case '%':
      body = `${toFixedHalfEven(magnitude * 100, spec.precision ?? 6)}%`;
      break;
    case 'g':
    case 'G':
      body = general(magnitude, spec.precision ?? 6, spec.alternate);
      if (type === 'G') body = body.toUpperCase();
      break;
    case 'g_repr':
      body = spec.precision === undefined ? str(makePositive(value)) : general(magnitude, spec.precision, false, true);
      type = 'g';
      break;
    default:
      throw new JinjaRuntimeError(`Unknown format code '${type}'`, 'ValueError');
  }
  if (spec.grouping && /^\d/.test(body)) {
    const [whole, fraction] = body.split('.') as [string, string | undefined];
    body = whole.replace(/\B(?=(\d{3})+(?!\d))/g, spec.grouping) + (fraction !== undefined ? `.${fraction}` : '');
  }
  const signText = negative && !(body === '0' && type === 'd') ? '-' : spec.sign === '+' ? '+' : spec.sign === ' ' ? ' ' : '';
  const head = signText + prefix;
  if (spec.zero || spec.align === '=') {
    const fill = spec.zero && percentStyle ? '0' : spec.fill;
    if (spec.align === '=' || (percentStyle && spec.zero)) {
      return head + body.padStart(Math.max(0, spec.width - head.length), fill);
    }
  }
  return pad(head + body, spec);
}

function makePositive(value: unknown): unknown {
  return typeof value === 'number' ? Math.abs(value) : value;
}

function specialFloat(value: number, upper: boolean): string {
  const text = Number.isNaN(value) ? 'nan' : 'inf';
  return upper ? text.toUpperCase() : text;
}

function exponential(value: number, precision: number): string {
  const [mantissa, exponent] = toExponentialHalfEven(value, precision).split('e') as [string, string];
  const sign = exponent.startsWith('-') ? '-' : '+';
  return `${mantissa}e${sign}${exponent.replace(/^[-+]/, '').padStart(2, '0')}`;
}

function general(value: number, precisionIn: number, alternate: boolean, reprStyle = false): string {
  if (!Number.isFinite(value)) return specialFloat(value, false);
  const precision = precisionIn === 0 ? 1 : precisionIn;
  if (value === 0) return reprStyle ? '0.0' : alternate ? `0.${'0'.repeat(precision - 1)}` : '0';
  const exponent = Number(toExponentialHalfEven(value, precision - 1).split('e')[1]);
  let text: string;
  if (exponent < -4 || exponent >= precision) {
    text = exponential(value, precision - 1);
    if (!alternate) text = text.replace(/\.?0+e/, 'e');
  } else {
    text = toFixedHalfEven(value, Math.max(0, precision - 1 - exponent));
    if (!alternate && text.includes('.')) text = text.replace(/\.?0+$/, '');
    if (reprStyle && !text.includes('.') && !text.includes('e')) text += '.0';
  }
  return text;
}

function pad(text: string, spec: Spec): string {
  const missing = spec.width - [...text].length;
  if (missing <= 0) return text;
  const fill = spec.fill || ' ';
  switch (spec.align) {
    case '<': return text + fill.repeat(missing);
    case '^': return fill.repeat(Math.floor(missing / 2)) + text + fill.repeat(Math.ceil(missing / 2));
    default: return fill.repeat(missing) + text;
  }
}
