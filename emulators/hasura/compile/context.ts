/**
 * What one SQL statement is compiled with: its bound parameters, the session and the tracked tables. A permission
 * reads session variables; a request's own `where` or values never do, so a literal "X-Hasura-User-Id" sent by a
 * client stays a literal (specs/hasura.md §4.3).
 */
import { type BoolExpContext, bindValue } from '../bool-exp.ts'
import type { Column, Table } from '../catalog.ts'
import { HasuraError } from '../errors.ts'
import { scalarName } from '../schema-types.ts'
import { Params } from '../sql.ts'

export interface Compilation {
  params: Params
  session: Record<string, string>
  tables: Map<string, Table>
  /** HASURA_GRAPHQL_V1_BOOLEAN_NULL_COLLAPSE: a request's `{_eq: null}` drops the condition instead of failing. */
  collapseNulls: boolean
}

/** A fresh statement's compilation: no parameters yet. */
export function compilation(from: Omit<Compilation, 'params'>): Compilation {
  return { params: new Params(), session: from.session, tables: from.tables, collapseNulls: from.collapseNulls }
}

export const permission = (c: Compilation): BoolExpContext => ({
  params: c.params,
  session: c.session,
  tables: c.tables,
  nulls: 'permission',
})
export const request = (c: Compilation): BoolExpContext => ({
  params: c.params,
  tables: c.tables,
  nulls: c.collapseNulls ? 'collapse' : 'refuse',
})

/**
 * A request's value for a column (`objects`, `_set`, `_inc`), bound as a parameter. A null for a NOT NULL column
 * is refused where it stands, as Hasura's column parser does for a non-nullable column.
 */
export function requestValue(value: unknown, column: Column, c: Compilation, path: string): string {
  if (value === null && !column.nullable) {
    throw new HasuraError('validation-failed', `unexpected null value for type '${scalarName(column.pgType)}'`, path)
  }
  return bindValue(value, column, request(c))
}

/** A column the catalog knows (the schema only offers those, so a miss is a bug, not bad input). */
export function columnOf(table: Table, name: string): Column {
  const column = table.columns.find((candidate) => candidate.name === name)
  if (!column) throw new HasuraError('unexpected', `no column "${name}" in ${table.displayName}`)
  return column
}

/**
 * Where a row comes from in a statement: its table and the alias it has there. Nested selects (relationships) get
 * their own alias per level, so an inner condition can never capture an outer row by name.
 */
export interface RowSource {
  table: Table
  alias: string
}
