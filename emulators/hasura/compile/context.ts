/**
 * What one SQL statement is compiled with: its bound parameters, the session, the role and the tracked tables. A
 * permission reads session variables; a request's own `where` or values never do, so a literal "X-Hasura-User-Id"
 * sent by a client stays a literal (specs/hasura.md §4.3).
 */
import { tableKey } from '../../../lib/hasura-schema.ts'
import { type BoolExpContext, bindValue } from '../bool-exp.ts'
import type { Column, Table } from '../catalog.ts'
import { HasuraError } from '../errors.ts'
import type { BoolExp } from '../metadata.ts'
import { roleTable } from '../role-permissions.ts'
import { scalarName } from '../schema-types.ts'
import { ident, Params, qualified } from '../sql.ts'

export interface Compilation {
  params: Params
  session: Record<string, string>
  role: string
  tables: Map<string, Table>
  /** HASURA_GRAPHQL_V1_BOOLEAN_NULL_COLLAPSE: a request's `{_eq: null}` drops the condition instead of failing. */
  collapseNulls: boolean
  /** Levels of relationships a root field may chain (`limits.ts`). */
  relationshipDepth: number
  /** A fresh alias, unique in the statement (already quoted). */
  alias(): string
  /**
   * Rows an insert earlier in the statement added, by table (`schema.name`): the CTEs that hold them. A statement
   * does not see its own data-modifying CTEs' rows in the tables themselves (Postgres' snapshot), so whatever reads a
   * table after a nested insert must read them too (`source`).
   */
  inserted: Map<string, string[]>
}

export type CompilationInput = Pick<Compilation, 'session' | 'role' | 'tables' | 'collapseNulls' | 'relationshipDepth'>

/** A fresh statement's compilation: no parameters, aliases or inserted rows yet. */
export function compilation(from: CompilationInput): Compilation {
  let aliases = 0
  return {
    params: new Params(),
    session: from.session,
    role: from.role,
    tables: from.tables,
    collapseNulls: from.collapseNulls,
    relationshipDepth: from.relationshipDepth,
    alias: () => ident(`_a${++aliases}`),
    inserted: new Map(),
  }
}

/**
 * `FROM` text for `table`: the table itself, or — once an insert in this statement added rows to it — those rows
 * too, in place of the stored version of any row they replaced (an upsert).
 */
export function source(table: Table, c: Compilation): string {
  const target = qualified(table.schema, table.name)
  const ctes = c.inserted.get(tableKey(table))
  if (!ctes || ctes.length === 0) return target
  const columns = table.columns.map((col) => ident(col.name)).join(', ')
  const fromCtes = ctes.map((cte) => `SELECT ${columns} FROM ${cte}`)
  const pk = table.primaryKey?.columns.map(ident).join(', ')
  const stored = pk
    ? `SELECT ${columns} FROM ${target} WHERE (${pk}) NOT IN (${ctes.map((cte) => `SELECT ${pk} FROM ${cte}`).join(' UNION ALL ')})`
    : `SELECT ${columns} FROM ${target}`
  return `(${[stored, ...fromCtes].join(' UNION ALL ')})`
}

/** The role's select filter on a table; `undefined` when it may not select from it. */
export function selectFilter(table: Table, c: Compilation): BoolExp | undefined {
  return roleTable(table, c.role, false).select?.filter
}

const shared = (c: Compilation) => ({
  params: c.params,
  tables: c.tables,
  alias: c.alias,
  source: (table: Table) => source(table, c),
  relationshipDepth: c.relationshipDepth,
})

export const permission = (c: Compilation): BoolExpContext => ({
  ...shared(c),
  session: c.session,
  nulls: 'permission',
})

export const request = (c: Compilation): BoolExpContext => ({
  ...shared(c),
  nulls: c.collapseNulls ? 'collapse' : 'refuse',
  target: { filterOf: (table) => selectFilter(table, c), ctx: permission(c) },
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
