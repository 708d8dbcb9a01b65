/**
 * A field's selection set as the compiler walks it: the fields under one object type, merged by response key
 * (aliases, fragments, `@skip`/`@include` applied by graphql-js's own field collection). Postgres builds the whole
 * answer of a root field, `__typename` included, as Hasura's SQL does; nothing is laid out again in JavaScript.
 */
import {
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  getArgumentValues,
  getNamedType,
  isObjectType,
} from 'graphql'
import { collectSubfields } from 'graphql/execution/collectFields.mjs'
import { HasuraError } from '../errors.ts'
import { jsonObject, literal } from '../sql.ts'

export interface Selection {
  schema: GraphQLSchema
  fragments: Record<string, FragmentDefinitionNode>
  /** Coerced variable values. */
  variables: Record<string, unknown>
  nodes: readonly FieldNode[]
  type: GraphQLObjectType
}

export interface Subfield {
  /** The response key: the alias, else the field name. */
  key: string
  name: string
  field: GraphQLField<unknown, unknown> | undefined
  nodes: readonly FieldNode[]
}

/** The subfields in selection order. */
export function subfields(sel: Selection): Subfield[] {
  const collected = collectSubfields(sel.schema, sel.fragments, sel.variables, sel.type, sel.nodes)
  const result: Subfield[] = []
  for (const [key, nodes] of collected) {
    const name = (nodes[0] as FieldNode).name.value
    result.push({ key, name, field: sel.type.getFields()[name], nodes })
  }
  return result
}

/** The JSON object of a selection: each subfield's SQL value by response key, `__typename` the type's name. */
export function objectOf(sel: Selection, value: (sub: Subfield) => string): string {
  return jsonObject(
    subfields(sel).map((sub) => [sub.key, sub.name === '__typename' ? literal(sel.type.name) : value(sub)] as const),
  )
}

/** The selection under an object-typed subfield. */
export function child(sel: Selection, sub: Subfield): Selection {
  const type = sub.field ? getNamedType(sub.field.type) : undefined
  if (!type || !isObjectType(type)) throw new HasuraError('unexpected', `"${sub.name}" has no selection set`)
  return { ...sel, nodes: sub.nodes, type }
}

/** A subfield's own arguments (`count(columns:, distinct:)`), coerced. */
export function argumentsOf(sel: Selection, sub: Subfield): Record<string, unknown> {
  return sub.field ? getArgumentValues(sub.field, sub.nodes[0] as FieldNode, sel.variables) : {}
}
