import { TemplateError } from '../../errors/trevco-error.js';
import { bindArguments, sqlText, type Parameter } from './call-arguments.js';

/** One of dbt's built-in macros, implemented as dbt-postgres renders it. `call` lets it dispatch to others. */
export interface BuiltinMacro {
  readonly parameters: readonly Parameter[];
  readonly render: (args: Record<string, unknown>, call: (name: string, ...args: unknown[]) => string) => string;
}

const s = sqlText;
/** dbt's Column.translate_type labels, which dbt-postgres keeps. */
const STRING_TYPE = 'TEXT';

function datediff(first: string, second: string, datepart: string, call: (name: string, ...args: unknown[]) => string): string {
  const diff = (part: string) => call('datediff', first, second, part);
  const part = datepart.toLowerCase();
  const date = (value: string) => `(${value})::date`;
  const ts = (value: string) => `(${value})::timestamp`;
  switch (part) {
    case 'year':
      return `(date_part('year', ${date(second)}) - date_part('year', ${date(first)}))`;
    case 'quarter':
      return `(${diff('year')} * 4 + date_part('quarter', ${date(second)}) - date_part('quarter', ${date(first)}))`;
    case 'month':
      return `(${diff('year')} * 12 + date_part('month', ${date(second)}) - date_part('month', ${date(first)}))`;
    case 'day':
      return `(${date(second)} - ${date(first)})`;
    case 'week':
      return `(${diff('day')} / 7 + case when date_part('dow', ${ts(first)}) <= date_part('dow', ${ts(second)}) then case when ${first} <= ${second} then 0 else -1 end else case when ${first} <= ${second} then 1 else 0 end end)`;
    case 'hour':
      return `(${diff('day')} * 24 + date_part('hour', ${ts(second)}) - date_part('hour', ${ts(first)}))`;
    case 'minute':
      return `(${diff('hour')} * 60 + date_part('minute', ${ts(second)}) - date_part('minute', ${ts(first)}))`;
    case 'second':
      return `(${diff('minute')} * 60 + floor(date_part('second', ${ts(second)})) - floor(date_part('second', ${ts(first)})))`;
    case 'millisecond':
      return `(${diff('minute')} * 60000 + floor(date_part('millisecond', ${ts(second)})) - floor(date_part('millisecond', ${ts(first)})))`;
    case 'microsecond':
      return `(${diff('minute')} * 60000000 + floor(date_part('microsecond', ${ts(second)})) - floor(date_part('microsecond', ${ts(first)})))`;
    default:
      throw new TemplateError(`Unsupported datepart for macro datediff in postgres: ${datepart}`);
  }
}

/**
 * dbt's cross-database macros (dbt-core's `default__` implementations with dbt-postgres's overrides), producing the
 * same SQL semantics. Reached as `dbt.<name>()`, bare `<name>()` and through `adapter.dispatch(name, 'dbt')`; a
 * project or package `postgres__<name>` / `default__<name>` found first by dispatch replaces them.
 */
export const CROSS_DATABASE_MACROS: Readonly<Record<string, BuiltinMacro>> = {
  date_trunc: { parameters: ['datepart', 'date'], render: (a) => `date_trunc('${s(a.datepart)}', ${s(a.date)})` },
  dateadd: {
    parameters: ['datepart', 'interval', 'from_date_or_timestamp'],
    render: (a) => `${s(a.from_date_or_timestamp)} + ((interval '1 ${s(a.datepart)}') * (${s(a.interval)}))`,
  },
  datediff: { parameters: ['first_date', 'second_date', 'datepart'], render: (a, call) => datediff(s(a.first_date), s(a.second_date), s(a.datepart), call) },
  last_day: {
    parameters: ['date', 'datepart'],
    render: (a, call) => {
      const datepart = s(a.datepart);
      if (datepart.toLowerCase() === 'quarter') return `cast(${call('date_trunc', 'quarter', a.date)} + interval '3 month' - interval '1 day' as date)`;
      return `cast(${call('dateadd', 'day', '-1', call('dateadd', datepart, '1', call('date_trunc', datepart, a.date)))} as date)`;
    },
  },
  current_timestamp: { parameters: [], render: () => 'now()' },
  current_timestamp_backcompat: { parameters: [], render: () => 'current_timestamp::timestamp' },
  current_timestamp_in_utc_backcompat: { parameters: [], render: () => "(current_timestamp at time zone 'utc')::timestamp" },
  type_string: { parameters: [], render: () => STRING_TYPE },
  type_timestamp: { parameters: [], render: () => 'TIMESTAMP' },
  type_float: { parameters: [], render: () => 'FLOAT' },
  type_numeric: { parameters: [], render: () => 'numeric(28,6)' },
  type_bigint: { parameters: [], render: () => 'bigint' },
  type_int: { parameters: [], render: () => 'INT' },
  type_boolean: { parameters: [], render: () => 'BOOLEAN' },
  concat: { parameters: ['fields'], render: (a) => asList(a.fields).map(s).join(' || ') },
  hash: { parameters: ['field'], render: (a) => `md5(cast(${s(a.field)} as ${STRING_TYPE}))` },
  safe_cast: { parameters: ['field', 'type'], render: (a) => `cast(${s(a.field)} as ${s(a.type)})` },
  cast: { parameters: ['field', 'type'], render: (a) => `cast(${s(a.field)} as ${s(a.type)})` },
  split_part: {
    parameters: ['string_text', 'delimiter_text', 'part_number'],
    render: (a) => {
      const part = Number(a.part_number);
      if (part >= 0) return `split_part(${s(a.string_text)}, ${s(a.delimiter_text)}, ${s(a.part_number)})`;
      // Counting from the end: dbt's `_split_part_negative` for one-character delimiters.
      return `split_part(${s(a.string_text)}, ${s(a.delimiter_text)}, length(${s(a.string_text)}) - length(replace(${s(a.string_text)}, ${s(a.delimiter_text)}, '')) + 2 + ${s(a.part_number)})`;
    },
  },
  listagg: {
    parameters: ['measure', ['delimiter_text', "','"], ['order_by_clause', null], ['limit_num', null]],
    render: (a) => {
      const orderBy = a.order_by_clause ? ` ${s(a.order_by_clause)}` : '';
      if (a.limit_num) return `array_to_string((array_agg(${s(a.measure)}${orderBy}))[1:${s(a.limit_num)}], ${s(a.delimiter_text)})`;
      return `string_agg(${s(a.measure)}, ${s(a.delimiter_text)}${orderBy})`;
    },
  },
  any_value: { parameters: ['expression'], render: (a) => `min(${s(a.expression)})` },
  bool_or: { parameters: ['expression'], render: (a) => `bool_or(${s(a.expression)})` },
  cast_bool_to_text: { parameters: ['field'], render: (a) => `cast(${s(a.field)} as ${STRING_TYPE})` },
  escape_single_quotes: { parameters: ['expression'], render: (a) => s(a.expression).replaceAll("'", "''") },
  string_literal: { parameters: ['value'], render: (a) => `'${s(a.value)}'` },
  right: { parameters: ['string_text', 'length_expression'], render: (a) => `right(${s(a.string_text)}, ${s(a.length_expression)})` },
  length: { parameters: ['expression'], render: (a) => `length(${s(a.expression)})` },
  position: { parameters: ['substring_text', 'string_text'], render: (a) => `position(${s(a.substring_text)} in ${s(a.string_text)})` },
  replace: { parameters: ['field', 'old_chars', 'new_chars'], render: (a) => `replace(${s(a.field)}, ${s(a.old_chars)}, ${s(a.new_chars)})` },
  except: { parameters: [], render: () => 'except' },
  intersect: { parameters: [], render: () => 'intersect' },
  array_construct: {
    parameters: [['inputs', []], ['data_type', 'INT']],
    render: (a) => {
      const inputs = asList(a.inputs);
      return inputs.length > 0 ? `array[ ${inputs.map(s).join(' , ')} ]` : `array[]::${s(a.data_type)}[]`;
    },
  },
  array_append: { parameters: ['array', 'new_element'], render: (a) => `array_append(${s(a.array)}, ${s(a.new_element)})` },
  array_concat: { parameters: ['array_1', 'array_2'], render: (a) => `array_cat(${s(a.array_1)}, ${s(a.array_2)})` },
  generate_series: {
    parameters: ['upper_bound'],
    render: (a) => `select generated_number from generate_series(1, ${s(a.upper_bound)}) as series(generated_number)`,
  },
  // dbt asks the database for the number of intervals while compiling; the same number as a scalar subquery gives
  // the same rows without a query at compile time.
  get_intervals_between: {
    parameters: ['start_date', 'end_date', 'datepart'],
    render: (a, call) => `(select cast(${call('datediff', a.start_date, a.end_date, a.datepart)} as integer))`,
  },
  date_spine: {
    parameters: ['datepart', 'start_date', 'end_date'],
    render: (a, call) => {
      const datepart = s(a.datepart);
      const column = `date_${datepart}`;
      return [
        'with rawdata as (',
        `    ${call('generate_series', call('get_intervals_between', a.start_date, a.end_date, a.datepart))}`,
        '),',
        'all_periods as (',
        `    select (${call('dateadd', datepart, 'row_number() over (order by 1) - 1', a.start_date)}) as ${column}`,
        '    from rawdata',
        '),',
        'filtered as (',
        `    select * from all_periods where ${column} <= ${s(a.end_date)}`,
        ')',
        'select * from filtered',
      ].join('\n');
    },
  },
};

function asList(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (value === null || value === undefined) return [];
  return [value];
}

/** Binds the arguments and renders a built-in macro. */
export function renderBuiltin(name: string, macro: BuiltinMacro, args: readonly unknown[], call: (name: string, ...args: unknown[]) => string): string {
  return macro.render(bindArguments(name, macro.parameters, args), call);
}
