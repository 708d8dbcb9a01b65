/**
 * The registry of root-field kinds. The role schema is built from this list and every root field carries its
 * compiler, so a new kind is one module and one line here.
 */
import type { GraphQLField } from 'graphql'
import { deleteRows } from './delete.ts'
import { insert } from './insert.ts'
import type { RootFieldKind, RootFieldPlan } from './root-field.ts'
import { select } from './select.ts'
import { selectAggregate } from './select-aggregate.ts'
import { selectByPk } from './select-by-pk.ts'
import { update } from './update.ts'
import { updateMany } from './update-many.ts'

export const ROOT_FIELD_KINDS: readonly RootFieldKind[] = [
  select,
  selectByPk,
  selectAggregate,
  insert,
  update,
  updateMany,
  deleteRows,
]

/** The plan a root field was built with; `undefined` for fields that are not the table's (`no_queries_available`). */
export function rootPlan(field: GraphQLField<unknown, unknown>): RootFieldPlan | undefined {
  return field.extensions.hasura as RootFieldPlan | undefined
}
