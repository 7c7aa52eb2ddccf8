/**
 * The warehouse's raw-data generator: a deterministic e-commerce export (seven CSV files) with the mess real
 * exports have, as one full export or as a base plus daily exports. See README.md beside this file.
 */
export { generateDataset, generateDatasetWithTruth } from './generate-dataset.js';
export { generateDailyExports } from './daily-exports.js';
export type { DailyExport, DailyExports } from './daily-exports.js';
export { writeDataset, writeTable } from './write-dataset.js';
export { writeDailyExports, dailyExportDirs } from './write-daily-exports.js';
export { finalState, unionExports } from './final-state.js';
export { toCsv, csvHeader, csvLine, quoteCsvField, formatCsvValue } from './csv.js';
export { TABLE_SPECS, TABLE_NAMES } from './table-specs.js';
export type { ColumnKind, TableSpec } from './table-specs.js';
export type { GenerateOptions, DailyExportOptions } from './options.js';
export type {
  CustomerRow,
  Dataset,
  EventRow,
  OrderItemRow,
  OrderRow,
  ProductRow,
  ReviewRow,
  SessionRow,
  TableName,
  TableRows,
} from './rows.js';
export * from './accepted-values.js';
export { CUSTOMER_COUNTRIES } from './countries.js';
export { DEFAULT_END_DATE, DATA_START_DATE } from './time.js';
export { EARLY_REVIEW_EVERY } from './reviews.js';
export { AWKWARD_REVIEW_TEXT } from './review-texts.js';
