/**
 * What one SQL statement is compiled with: its bound parameters, the session and the tracked tables. A permission
 * reads session variables; a request's own `where` or values never do, so a literal "X-Hasura-User-Id" sent by a
 * client stays a literal (specs/hasura.md §4.3).
 */
import type { BoolExpContext } from '../bool-exp.ts'
import type { Column, Table } from '../catalog.ts'
import { HasuraError } from '../errors.ts'
import { Params } from '../sql.ts'

export interface Compilation {
  params: Params
  session: Record<string, string>
  tables: Map<string, Table>
}

/** A fresh statement's compilation: no parameters yet. */
export function compilation({ session, tables }: Pick<Compilation, 'session' | 'tables'>): Compilation {
  return { params: new Params(), session, tables }
}

export const permission = (c: Compilation): BoolExpContext => c
export const request = (c: Compilation): BoolExpContext => ({ params: c.params, tables: c.tables })

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
