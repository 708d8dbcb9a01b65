/**
 * A permission filter turned into a request's `where` for another session: "the rows this filter gives that user",
 * asked for with my token. Session variables become the other session's values; a permission's `_eq: null` (which
 * Hasura reads as `IS NULL`) becomes `_is_null`, since a request's `where` refuses null. Permission-only syntax
 * (`_exists`, `_ceq` and friends) has no `where` form: then there is none.
 */
import type { BoolExp, HasuraSchema, TableSchema } from '../../lib/hasura-schema.ts'
import {
  arrayLiteral,
  COLUMN_COMPARISONS,
  canonical,
  isObject,
  isSessionVariable,
  itemsOf,
  operatorsOf,
  relationshipOf,
  type Session,
} from './bool-exp.ts'

class NoWhereForm extends Error {}

function operand(value: unknown, session: Session): unknown {
  if (Array.isArray(value)) return value.map((item) => operand(item, session))
  if (!isSessionVariable(value)) return value
  const resolved = session[value.toLowerCase()]
  if (resolved === undefined) throw new NoWhereForm(`the session has no ${value}`)
  return arrayLiteral(resolved) ?? resolved
}

function columnWhere(ops: unknown, session: Session): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [op, value] of operatorsOf(ops)) {
    if (COLUMN_COMPARISONS[op]) throw new NoWhereForm(`${op} exists in permissions only`)
    if (value === null && (op === '_eq' || op === '_neq')) out._is_null = op === '_eq'
    else if (value === null) throw new NoWhereForm(`${op}: null`)
    else out[op] = operand(value, session)
  }
  return out
}

function convert(schema: HasuraSchema, table: TableSchema | undefined, exp: unknown, session: Session): BoolExp {
  if (!isObject(exp)) throw new NoWhereForm('not an expression')
  const out: BoolExp = {}
  for (const [rawKey, value] of Object.entries(exp)) {
    const key = canonical(rawKey)
    if (key === '_exists') throw new NoWhereForm('_exists exists in permissions only')
    if (key === '_and' || key === '_or') out[key] = itemsOf(value).map((item) => convert(schema, table, item, session))
    else if (key === '_not') out[key] = convert(schema, table, value, session)
    else {
      const step = relationshipOf(schema, table, key, value)
      out[key] = step ? convert(schema, step.target, value, session) : columnWhere(value, session)
    }
  }
  return out
}

/** The filter as a `where` for `session`, or undefined when it has no `where` form. */
export function filterAsWhere(
  schema: HasuraSchema,
  table: TableSchema,
  filter: BoolExp,
  session: Session,
): BoolExp | undefined {
  try {
    return convert(schema, table, filter, session)
  } catch (error) {
    if (error instanceof NoWhereForm) return undefined
    throw error
  }
}
