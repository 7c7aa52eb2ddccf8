import type { ConfigKeyProblem } from '../config/node-config-schema.js';
import type { ColumnProperties, ConstraintConfig, NodeConfig } from '../config/project-config.js';
import { quoteIdentifier, quoteLiteral, suffixedIdentifier } from '../sql/quote.js';
import { embed, type PlannedStatement } from './plan.js';

/** A model's enforced contract: its columns in order, with their declared types and constraints. */
export interface Contract {
  readonly modelName: string;
  readonly columns: readonly { readonly name: string; readonly dataType: string; readonly constraints: readonly ConstraintConfig[] }[];
  readonly constraints: readonly ConstraintConfig[];
}

interface ContractSource {
  readonly name: string;
  readonly config: NodeConfig;
  readonly properties?: { readonly columns: readonly ColumnProperties[]; readonly constraints?: readonly ConstraintConfig[] };
}

export function isContractEnforced(config: NodeConfig): boolean {
  return (config.contract as { enforced?: boolean } | undefined)?.enforced === true;
}

/** The contract to enforce, or undefined when `contract: {enforced: true}` is not set. Validated at compile. */
export function contractOf(model: ContractSource): Contract | undefined {
  if (!isContractEnforced(model.config)) return undefined;
  return {
    modelName: model.name,
    columns: (model.properties?.columns ?? []).map((column) => ({ name: column.name, dataType: column.dataType ?? '', constraints: column.constraints ?? [] })),
    constraints: model.properties?.constraints ?? [],
  };
}

/** Compile-time checks: an enforced contract names every column's type; constraints without a contract would be ignored. */
export function validateContract(model: ContractSource): ConfigKeyProblem[] {
  const columns = model.properties?.columns ?? [];
  const hasConstraints = (model.properties?.constraints?.length ?? 0) > 0 || columns.some((column) => (column.constraints?.length ?? 0) > 0);
  if (!isContractEnforced(model.config)) {
    return hasConstraints
      ? [{ key: 'contract', message: `model '${model.name}' declares constraints, which are only enforced with contract: {enforced: true}`, hint: 'add config: { contract: { enforced: true } } (and a data_type for every column), or remove the constraints' }]
      : [];
  }
  if (columns.length === 0) return [{ key: 'contract', message: `model '${model.name}' enforces a contract but declares no columns`, hint: 'list its columns with a data_type each in its properties YAML' }];
  const untyped = columns.filter((column) => column.dataType === undefined).map((column) => column.name);
  return untyped.length === 0 ? [] : [{ key: 'contract', message: `model '${model.name}' enforces a contract, but column${untyped.length > 1 ? 's' : ''} ${untyped.join(', ')} ${untyped.length > 1 ? 'have' : 'has'} no data_type` }];
}

/** The temporary table the SQL's shape is read from (no rows: `with no data`). */
export function contractProbeName(identifier: string): string {
  return suffixedIdentifier(identifier, '__trevco_contract');
}

/** Reads the SQL's column names and types without running it, then compares them with the contract. */
export function contractCheckStatements(contract: Contract, identifier: string, sql: string): PlannedStatement[] {
  const probe = quoteIdentifier(contractProbeName(identifier));
  return [
    embed(`create temporary table ${probe} on commit drop as (`, sql, ') with no data'),
    { sql: columnCheck(contract, `pg_temp.${probe}`) },
  ];
}

/** Compares a relation's columns (names and types, in any order) with the contract; raises one error listing every difference. */
export function columnCheck(contract: Contract, relation: string): string {
  const expected = contract.columns.map((column, index) => `(${index + 1}, ${quoteLiteral(column.name)}, ${quoteLiteral(column.dataType)})`).join(', ');
  const message = `model '${contract.modelName}' breaks its contract: %`;
  return `do $trevco$
declare
  problems text;
begin
  with expected(position, name, declared) as (values ${expected}),
  wanted as (select position, name, declared, pg_catalog.format_type(pg_catalog.to_regtype(declared), null) as type from expected),
  actual as (
    select a.attname::text as name, pg_catalog.format_type(a.atttypid, null) as type
    from pg_catalog.pg_attribute a
    where a.attrelid = ${quoteLiteral(relation)}::pg_catalog.regclass and a.attnum > 0 and not a.attisdropped
  )
  select string_agg(case
      when a.name is null then pg_catalog.format('column %s is missing from the SQL', w.name)
      when w.name is null then pg_catalog.format('the SQL returns column %s, which is not in the contract', a.name)
      else pg_catalog.format('column %s is %s, the contract says %s', w.name, a.type, w.declared) end, '; ' order by coalesce(w.position, 0), a.name)
  into problems
  from wanted w full join actual a on a.name = w.name
  where a.name is null or w.name is null or a.type is distinct from w.type;
  if problems is not null then
    raise exception ${quoteLiteral(message)}, problems
      using hint = 'make the SQL return exactly the contract''s columns with its types (cast them), or change the contract';
  end if;
end $trevco$`;
}

/** `create table` with the contract's columns, types and constraints, so the database enforces them on insert. */
export function contractTableDdl(contract: Contract, relation: string): string {
  const lines = contract.columns.map((column) => [quoteIdentifier(column.name), column.dataType, ...column.constraints.map(columnConstraint)].join(' '));
  for (const constraint of contract.constraints) lines.push(tableConstraint(constraint));
  return `create table ${relation} (\n  ${lines.join(',\n  ')}\n)`;
}

/** Inserts the SQL's rows by column name into the contract's table; a violated constraint fails the statement. */
export function contractInsert(contract: Contract, relation: string, sql: string): PlannedStatement {
  const columns = contract.columns.map((column) => quoteIdentifier(column.name)).join(', ');
  return { ...embed(`insert into ${relation} (${columns})\nselect ${columns} from (`, sql, ') as "__trevco_contract_rows"'), reportsRows: true, rowsLabel: 'SELECT' };
}

function named(constraint: ConstraintConfig): string {
  return constraint.name ? `constraint ${quoteIdentifier(constraint.name)} ` : '';
}

function columnConstraint(constraint: ConstraintConfig): string {
  switch (constraint.type) {
    case 'not_null': return `${named(constraint)}not null`;
    case 'unique': return `${named(constraint)}unique`;
    case 'primary_key': return `${named(constraint)}primary key`;
    case 'check': return `${named(constraint)}check (${constraint.expression})`;
    case 'foreign_key': return `${named(constraint)}references ${constraint.expression}`;
  }
}

function tableConstraint(constraint: ConstraintConfig): string {
  const columns = `(${(constraint.columns ?? []).map(quoteIdentifier).join(', ')})`;
  switch (constraint.type) {
    case 'not_null': return (constraint.columns ?? []).map((column) => `check (${quoteIdentifier(column)} is not null)`).join(',\n  ');
    case 'unique': return `${named(constraint)}unique ${columns}`;
    case 'primary_key': return `${named(constraint)}primary key ${columns}`;
    case 'check': return `${named(constraint)}check (${constraint.expression})`;
    case 'foreign_key': return `${named(constraint)}foreign key ${columns} references ${constraint.expression}`;
  }
}
