/**
 * A role's effective permissions on one table, with column lists resolved against the catalog. The admin role
 * has no permission entries and may do everything (specs/hasura.md §4.1).
 */
import type { Column, Table } from './catalog.ts'
import type { BoolExp, Columns } from './metadata.ts'

export interface RoleTable {
  table: Table
  select?: { columns: Column[]; filter: BoolExp; limit?: number; aggregations: boolean }
  insert?: { columns: Column[]; check: BoolExp; set: Record<string, unknown> }
  update?: { columns: Column[]; filter: BoolExp; check?: BoolExp; set: Record<string, unknown> }
  delete?: { filter: BoolExp }
}

function pick(table: Table, columns: Columns, exclude: Record<string, unknown> = {}): Column[] {
  const chosen = columns === '*' ? table.columns : table.columns.filter((c) => columns.includes(c.name))
  return chosen.filter((c) => !(c.name in exclude))
}

/** `backendOnly` is true only for admin-secret requests that sent `x-hasura-use-backend-only-permissions: true`. */
export function roleTable(table: Table, role: string, backendOnly: boolean): RoleTable {
  if (role === 'admin') {
    return {
      table,
      select: { columns: table.columns, filter: {}, aggregations: true },
      insert: { columns: table.columns, check: {}, set: {} },
      update: { columns: table.columns, filter: {}, set: {} },
      delete: { filter: {} },
    }
  }
  const m = table.metadata
  const select = m.select.get(role)
  const insert = m.insert.get(role)
  const update = m.update.get(role)
  const del = m.delete.get(role)
  const usable = (p: { backendOnly: boolean } | undefined) => p !== undefined && (!p.backendOnly || backendOnly)
  return {
    table,
    select: select && {
      columns: pick(table, select.columns),
      filter: select.filter,
      limit: select.limit,
      aggregations: select.allowAggregations,
    },
    insert:
      usable(insert) && insert
        ? { columns: pick(table, insert.columns, insert.set), check: insert.check, set: insert.set }
        : undefined,
    update:
      usable(update) && update
        ? {
            columns: pick(table, update.columns, update.set),
            filter: update.filter,
            check: update.check,
            set: update.set,
          }
        : undefined,
    delete: usable(del) && del ? { filter: del.filter } : undefined,
  }
}
