import type { Session } from '../adapters/adapter.js';
import { getRelation } from '../adapters/relations.js';
import type { CompiledModel } from '../compiler/compiled-project.js';
import type { RelationState } from './materialization.js';

/** The usual inspection: does the model's relation exist, and what is it. */
export async function existingRelation(model: CompiledModel, session: Session): Promise<RelationState> {
  if (!model.relation) return {};
  return { existing: await getRelation(session, model.relation.schema, model.relation.identifier) };
}
