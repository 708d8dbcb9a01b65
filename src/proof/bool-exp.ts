/**
 * Reading a permission's boolean expression (Hasura's `BoolExp`, specs/hasura.md §4.2) the way Hasura does: legacy
 * `$eq`/`$and` spellings, `{ col: value }` as shorthand for `_eq`, session variables named case-insensitively, and
 * keys that are relationships of the table rather than columns.
 */
import {
  type BoolExp,
  canonical,
  findTable,
  type HasuraSchema,
  isSessionVariable,
  type TableSchema,
} from '../../lib/hasura-schema.ts'

/** Session variables by lower-cased name (`x-hasura-user-id`), as Hasura folds them. */
export type Session = Record<string, string>

export const USER_ID = 'x-hasura-user-id'

export { canonical, isSessionVariable }

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

export const LOGICAL = new Set(['_and', '_or', '_not', '_exists'])

/** Permission-only comparisons of a column with another column (`_ceq: "other"`, or `["$", "other"]` for the root). */
export const COLUMN_COMPARISONS: Record<string, string> = {
  _ceq: '_eq',
  _cne: '_neq',
  _cgt: '_gt',
  _clt: '_lt',
  _cgte: '_gte',
  _clte: '_lte',
}

/** `{ col: v }` is shorthand for `{ col: { _eq: v } }`; the operators with their canonical names. */
export function operatorsOf(value: unknown): [string, unknown][] {
  if (!isObject(value)) return [['_eq', value]]
  return Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .map(([op, v]) => [canonical(op), v])
}

/** `{a,b}`, a Postgres array literal, is how a session variable holds the list of an `_in`/`_nin`. */
export function arrayLiteral(text: string): string[] | undefined {
  if (!/^\{.*\}$/s.test(text)) return undefined
  const inner = text.slice(1, -1).trim()
  return inner === '' ? [] : inner.split(',').map((s) => s.trim().replace(/^"(.*)"$/s, '$1'))
}

/** The items of `_and`/`_or`: a list, or a single expression. */
export const itemsOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value])

export interface RelationshipStep {
  kind: 'object' | 'array'
  /** The related table, when metadata names it. */
  target?: TableSchema
}

/**
 * Whether `key` of an expression on `table` is a relationship. A table the schema does not know (the far side of a
 * relationship whose foreign key only the database knows) is read by shape: a column takes operators (`_…`), a
 * relationship takes an expression over the related table's fields.
 */
export function relationshipOf(
  schema: HasuraSchema,
  table: TableSchema | undefined,
  key: string,
  value: unknown,
): RelationshipStep | undefined {
  if (table) {
    const r = table.relationships.find((rel) => rel.name === key)
    if (!r) return undefined
    return { kind: r.kind, target: r.remoteTable ? findTable(schema, r.remoteTable) : undefined }
  }
  if (!isObject(value)) return undefined
  const keys = Object.keys(value).map(canonical)
  if (keys.length === 0 || keys.every((k) => k.startsWith('_') && !LOGICAL.has(k))) return undefined
  // Shape alone cannot tell an object relationship from an array one; the fetched value (a list or not) does.
  return { kind: 'object' }
}

/** Every session variable an expression names, lower-cased (also inside `_exists` and relationships). */
export function sessionVariablesOf(exp: unknown, found = new Set<string>()): Set<string> {
  if (isSessionVariable(exp)) found.add(exp.toLowerCase())
  else if (Array.isArray(exp)) for (const item of exp) sessionVariablesOf(item, found)
  else if (isObject(exp)) for (const value of Object.values(exp)) sessionVariablesOf(value, found)
  return found
}

export const dependsOnUser = (exp: BoolExp): boolean => sessionVariablesOf(exp).has(USER_ID)
