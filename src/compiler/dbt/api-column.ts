import { bindArguments } from './call-arguments.js';

/** dbt's Column.TYPE_LABELS, kept by dbt-postgres. */
const TYPE_LABELS: Readonly<Record<string, string>> = { STRING: 'TEXT', TIMESTAMP: 'TIMESTAMP', FLOAT: 'FLOAT', INTEGER: 'INT', BOOLEAN: 'BOOLEAN' };

/** dbt's `api.Column`: a column's name and type, and the type helpers macros call on the class. */
export class ApiColumn {
  constructor(
    readonly column: string,
    readonly dtype: string,
    readonly char_size: number | null = null,
    readonly numeric_precision: number | null = null,
    readonly numeric_scale: number | null = null,
  ) {}

  static create(...args: unknown[]): ApiColumn {
    const bound = bindArguments('api.Column.create', ['name', 'label_or_dtype'], args);
    return new ApiColumn(String(bound.name), String(bound.label_or_dtype));
  }

  static translate_type(dtype: unknown): string {
    return TYPE_LABELS[String(dtype).toUpperCase()] ?? String(dtype);
  }

  static numeric_type(dtype: unknown, precision: unknown, scale: unknown): string {
    return precision === null || precision === undefined || scale === null || scale === undefined ? String(dtype) : `${String(dtype)}(${String(precision)},${String(scale)})`;
  }

  static string_type(size: unknown): string {
    return `character varying(${String(size)})`;
  }

  get name(): string {
    return this.column;
  }

  get quoted(): string {
    return `"${this.column.replaceAll('"', '""')}"`;
  }

  get data_type(): string {
    if (this.is_string() && this.char_size !== null) return ApiColumn.string_type(this.char_size);
    if (this.is_numeric()) return ApiColumn.numeric_type(this.dtype, this.numeric_precision, this.numeric_scale);
    return this.dtype;
  }

  is_string(): boolean {
    return ['text', 'character varying', 'varchar', 'character', 'char'].includes(this.dtype.toLowerCase());
  }

  is_number(): boolean {
    return this.is_integer() || this.is_float() || this.is_numeric();
  }

  is_integer(): boolean {
    return ['integer', 'bigint', 'smallint', 'int', 'int4', 'int8', 'int2'].includes(this.dtype.toLowerCase());
  }

  is_float(): boolean {
    return ['real', 'float4', 'float', 'double precision', 'float8'].includes(this.dtype.toLowerCase());
  }

  is_numeric(): boolean {
    return ['numeric', 'decimal'].includes(this.dtype.toLowerCase());
  }

  toString(): string {
    return `<Column ${this.column} (${this.data_type})>`;
  }
}

