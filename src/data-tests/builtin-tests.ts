import { Relation } from '../compiler/relation.js';
import { quoteIdentifier, quoteLiteral } from '../sql/quote.js';

/** What a built-in test's SQL builder gets. */
export interface BuiltinTestInput {
  /** The tested relation, quoted, or `(select * from … where …) dbt_subquery` when config `where` is set. */
  readonly model: string;
  /** The tested column, unquoted, for column tests (or `column_name:` of a model-level test). */
  readonly column?: string;
  /** Keyword arguments; `ref()`/`source()` strings are already Relations. */
  readonly args: Readonly<Record<string, unknown>>;
  /** dbt selects every column of failing rows when they are stored, and only the tested ones otherwise. */
  readonly storeFailures: boolean;
  /** A ConfigError located at the test entry, to throw. */
  readonly fail: (message: string, hint?: string) => Error;
}

type Builder = (input: BuiltinTestInput) => string;

/**
 * dbt's and dbt_utils' generic tests as SQL returning failing rows, the same queries dbt renders, with every
 * identifier quoted. Values are spliced only where SQL needs literals (accepted_values lists, quoted); arguments
 * dbt documents as SQL (`expression`, `min_value`, `max_value`) are spliced as written, as dbt does.
 */
export const BUILTIN_TESTS: Readonly<Record<string, Builder>> = {
  unique: (input) => {
    const column = quoteIdentifier(requireColumn(input, 'unique'));
    return `select ${column} as unique_field, count(*) as n_records\nfrom ${input.model}\nwhere ${column} is not null\ngroup by ${column}\nhaving count(*) > 1`;
  },
  not_null: (input) => {
    const column = quoteIdentifier(requireColumn(input, 'not_null'));
    return `select ${input.storeFailures ? '*' : column}\nfrom ${input.model}\nwhere ${column} is null`;
  },
  accepted_values: (input) => {
    const column = quoteIdentifier(requireColumn(input, 'accepted_values'));
    const values = input.args.values;
    if (!Array.isArray(values) || values.length === 0) {
      throw input.fail("test 'accepted_values' needs 'values', a non-empty list", "e.g. '- accepted_values: { values: [placed, shipped] }'");
    }
    const quote = input.args.quote !== false;
    const list = values.map((value) => (quote ? quoteLiteral(String(value)) : String(value))).join(', ');
    return [
      'with all_values as (',
      `  select ${column} as value_field, count(*) as n_records`,
      `  from ${input.model}`,
      `  group by ${column}`,
      ')',
      'select * from all_values',
      `where value_field not in (${list})`,
    ].join('\n');
  },
  relationships: (input) => {
    const column = quoteIdentifier(requireColumn(input, 'relationships'));
    const to = input.args.to;
    if (!(to instanceof Relation)) {
      throw input.fail("test 'relationships' needs 'to', written ref('model') or source('source', 'table')", "e.g. '- relationships: { to: ref(\\'customers\\'), field: id }'");
    }
    const field = input.args.field;
    if (typeof field !== 'string' || field === '') throw input.fail("test 'relationships' needs 'field', the column of 'to' that is referred to");
    return [
      'with child as (',
      `  select ${column} as from_field from ${input.model} where ${column} is not null`,
      '),',
      'parent as (',
      `  select ${quoteIdentifier(field)} as to_field from ${String(to)}`,
      ')',
      'select from_field',
      'from child left join parent on child.from_field = parent.to_field',
      'where parent.to_field is null',
    ].join('\n');
  },
  unique_combination_of_columns: (input) => {
    const columns = input.args.combination_of_columns;
    if (!Array.isArray(columns) || columns.length === 0) {
      throw input.fail("test 'unique_combination_of_columns' needs 'combination_of_columns', a non-empty list of columns");
    }
    const list = columns.map((column) => quoteIdentifier(String(column))).join(', ');
    return `select ${list}, count(*) as n_records\nfrom ${input.model}\ngroup by ${list}\nhaving count(*) > 1`;
  },
  expression_is_true: (input) => {
    const expression = input.args.expression;
    if (typeof expression !== 'string' || expression.trim() === '') {
      throw input.fail("test 'expression_is_true' needs 'expression', a SQL boolean expression", "e.g. '- expression_is_true: { expression: \"amount >= 0\" }'");
    }
    // dbt_utils: on a column, the column name prefixes the expression (`expression: '>= 0'`).
    const condition = input.column === undefined ? expression : `${quoteIdentifier(input.column)} ${expression}`;
    return `select ${input.storeFailures ? '*' : '1 as failing'}\nfrom ${input.model}\nwhere not (${condition})`;
  },
  accepted_range: (input) => {
    const column = quoteIdentifier(requireColumn(input, 'accepted_range'));
    const { min_value: min, max_value: max } = input.args;
    if (min === undefined && max === undefined) throw input.fail("test 'accepted_range' needs 'min_value', 'max_value' or both");
    const inclusive = input.args.inclusive !== false;
    const conditions = [
      ...(min === undefined || min === null ? [] : [`not ${column} >${inclusive ? '=' : ''} ${String(min)}`]),
      ...(max === undefined || max === null ? [] : [`not ${column} <${inclusive ? '=' : ''} ${String(max)}`]),
    ];
    return `select *\nfrom ${input.model}\nwhere ${conditions.join('\n   or ')}`;
  },
  not_empty: (input) => {
    const filter = input.column === undefined ? '' : ` where ${quoteIdentifier(input.column)} is not null`;
    return `select 1 as empty_relation\nwhere not exists (select 1 from ${input.model}${filter})`;
  },
  recency: (input) => {
    const field = input.args.field ?? input.column;
    if (typeof field !== 'string' || field === '') throw input.fail("test 'recency' needs 'field', a timestamp column");
    const datepart = String(input.args.datepart ?? '').toLowerCase();
    if (!(datepart in DATEPARTS)) {
      throw input.fail(`test 'recency' needs 'datepart', one of ${Object.keys(DATEPARTS).join(', ')}; found '${datepart}'`);
    }
    const interval = Number(input.args.interval);
    if (!Number.isFinite(interval) || input.args.interval === null || input.args.interval === undefined) {
      throw input.fail(`test 'recency' needs 'interval', a number of ${datepart}s`);
    }
    const [unit, factor] = DATEPARTS[datepart]!;
    const threshold = `current_timestamp - ${interval * factor} * interval '1 ${unit}'`;
    return [
      `with recency as (select max(${quoteIdentifier(field)}) as most_recent from ${input.model})`,
      `select most_recent, ${threshold} as threshold`,
      'from recency',
      `where most_recent < ${threshold} or most_recent is null`,
    ].join('\n');
  },
};

/** dbt's dateparts as a PostgreSQL interval unit and a multiplier (PostgreSQL has no `quarter` interval). */
const DATEPARTS: Readonly<Record<string, readonly [string, number]>> = {
  year: ['year', 1],
  quarter: ['month', 3],
  month: ['month', 1],
  week: ['week', 1],
  day: ['day', 1],
  hour: ['hour', 1],
  minute: ['minute', 1],
  second: ['second', 1],
};

function requireColumn(input: BuiltinTestInput, test: string): string {
  if (input.column === undefined || input.column === '') {
    throw input.fail(`test '${test}' tests a column: declare it under a column's tests:, or give 'column_name'`);
  }
  return input.column;
}
