import { createHash } from 'node:crypto';
import type { RelationInfo } from '../adapters/adapter.js';
import type { CompiledModel } from '../compiler/compiled-project.js';
import { quoteLiteral, quoteRelation } from '../sql/quote.js';
import { contractCheckStatements, contractInsert, contractOf, contractTableDdl } from './contract.js';
import { embed, singleStep, type Plan, type PlannedStatement } from './plan.js';
import { docsStatements, grantStatements, indexStatements } from './relation-config.js';
import { dropStagingStatement, stagingName, swapStatements, type RelationKind } from '../sql/replace-relation.js';

/** The comment trevco leaves on a materialized view, so an unchanged definition is refreshed, not rebuilt. */
export function materializedViewComment(model: CompiledModel): string {
  // With persist_docs.relation the description shares the comment; it is part of the checksum, so a new one rebuilds.
  const description = (model.config.persist_docs as { relation?: boolean } | undefined)?.relation === true ? model.description : undefined;
  const checksum = `trevco:checksum=${sqlChecksum(description ? `${model.compiledSql}\n${description}` : model.compiledSql)}`;
  return description ? `${description}\n\n${checksum}` : checksum;
}

/** Builds under a staging name and swaps it in: the old relation stays readable until commit. */
export function rebuild(model: CompiledModel, existing: RelationInfo | undefined, kind: RelationKind): Plan {
  const { schema, identifier } = model.relation!;
  const staging = quoteRelation(schema, stagingName(identifier));
  const statements: PlannedStatement[] = [dropStagingStatement(schema, identifier)];
  const contract = contractOf(model);
  // A contract is checked before anything is built; its table is created with the declared types and constraints.
  if (contract) statements.push(...contractCheckStatements(contract, identifier, model.compiledSql));
  if (kind === 'table' && contract) {
    statements.push({ sql: contractTableDdl(contract, staging) });
    statements.push(contractInsert(contract, staging, model.compiledSql));
  } else if (kind === 'table') {
    // Create empty, then insert: INSERT reports its row count on both adapters (PGlite drops CREATE TABLE AS's).
    statements.push(embed(`create table ${staging} as (`, model.compiledSql, ') with no data'));
    statements.push({ ...embed(`insert into ${staging} (`, model.compiledSql, ')'), reportsRows: true, rowsLabel: 'SELECT' });
  } else if (kind === 'view') {
    statements.push(embed(`create view ${staging} as (`, model.compiledSql, ')'));
  } else {
    statements.push(embed(`create materialized view ${staging} as (`, model.compiledSql, ')'));
    statements.push({ sql: `comment on materialized view ${staging} is ${quoteLiteral(materializedViewComment(model))}` });
  }
  const indexes = indexStatements(model.config, schema, identifier, stagingName(identifier));
  statements.push(...indexes.create);
  statements.push(...docsStatements(model.config, kind, staging, model.description, model.properties?.columns ?? []));
  statements.push(...swapStatements(schema, identifier, existing?.kind, kind));
  statements.push(...indexes.rename);
  statements.push(...grantStatements(model.config, quoteRelation(schema, identifier), false));
  const description = kind === 'materialized_view' ? 'materialized view' : kind;
  return singleStep(statements, { description, action: 'created' });
}

export function relationOf(model: CompiledModel): string {
  return quoteRelation(model.relation!.schema, model.relation!.identifier);
}

/** A short fingerprint of SQL text, enough to tell a changed definition. */
function sqlChecksum(sql: string): string {
  return createHash('sha256').update(sql).digest('hex').slice(0, 16);
}
