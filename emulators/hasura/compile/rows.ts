/**
 * Reading rows: the JSON object of one row shaped by a selection, the permitted rows of a table with the list
 * arguments applied, and the primary-key condition of the `*_by_pk` fields. Row filters from permissions sit in the
 * statement's WHERE (specs/hasura.md §4); nothing is filtered in JavaScript.
 */
import { bindValue, compileBoolExp } from '../bool-exp.ts'
import type { Table } from '../catalog.ts'
import { HasuraError } from '../errors.ts'
import type { RoleTable } from '../role-permissions.ts'
import { ident, jsonObject, qualified } from '../sql.ts'
import { type Compilation, columnOf, permission, type RowSource, request } from './context.ts'
import { type Selection, subfields } from './selection.ts'

export const ROOT_ALIAS = ident('_t')

/**
 * The JSON object of one row of `row`, keys = the selection's response keys. Each subfield is a column today;
 * relationship fields (issue 13) belong here too, as a correlated subquery over the related table with its own
 * alias and that table's select filter for the role.
 */
export function rowObject(sel: Selection, row: RowSource): string {
  return jsonObject(
    subfields(sel).map(({ key, name }) => {
      const column = columnOf(row.table, name)
      return [key, `${row.alias}.${ident(column.name)}`] as const
    }),
  )
}

export interface ListArgs {
  where?: Record<string, unknown>
  order_by?: Record<string, string>[]
  limit?: number
  offset?: number
  distinct_on?: string[]
}

/**
 * `(SELECT … FROM table WHERE permission AND where ORDER BY … LIMIT …) AS "_t"`, and the ORDER BY that `json_agg`
 * must repeat to keep that order. `at` is the arguments' path, for errors.
 */
export function permittedRows(
  rt: RoleTable,
  args: ListArgs,
  c: Compilation,
  at: string,
): { from: string; aggOrder: string } {
  const select = rt.select as NonNullable<RoleTable['select']>
  const table = rt.table
  const T = ROOT_ALIAS
  const conditions = [compileBoolExp(select.filter, table, T, permission(c))]
  if (args.where) conditions.push(compileBoolExp(args.where, table, T, request(c), `${at}.where`))
  const order: string[] = []
  const orderedColumns: string[] = []
  for (const item of args.order_by ?? []) {
    for (const [column, direction] of Object.entries(item)) {
      order.push(`${T}.${ident(column)} ${direction}`)
      orderedColumns.push(column)
    }
  }
  let distinct = ''
  if (args.distinct_on && args.distinct_on.length > 0) {
    const wanted = args.distinct_on.map((column) => `${T}.${ident(column)}`)
    if (orderedColumns.length === 0) order.unshift(...wanted)
    else if (!args.distinct_on.every((column) => orderedColumns.slice(0, wanted.length).includes(column))) {
      throw new HasuraError('validation-failed', '"distinct_on" columns must match initial "order_by" columns')
    }
    distinct = `DISTINCT ON (${wanted.join(', ')}) `
  }
  const limits = [args.limit, select.limit].filter((n): n is number => typeof n === 'number')
  const orderSql = order.length ? ` ORDER BY ${order.join(', ')}` : ''
  const limitSql = limits.length ? ` LIMIT ${c.params.add(Math.min(...limits))}` : ''
  const offsetSql = args.offset ? ` OFFSET ${c.params.add(args.offset)}` : ''
  return {
    from: `(SELECT ${distinct}* FROM ${qualified(table.schema, table.name)} AS ${T} WHERE ${conditions.join(' AND ')}${orderSql}${limitSql}${offsetSql}) AS ${T}`,
    aggOrder: orderSql,
  }
}

/** `"_t"."id" = $n AND …` for the table's primary key, values from the request. */
export function pkCondition(table: Table, values: Record<string, unknown>, c: Compilation): string {
  return (table.primaryKey?.columns ?? [])
    .map((name) => `${ROOT_ALIAS}.${ident(name)} = ${bindValue(values[name], columnOf(table, name), request(c))}`)
    .join(' AND ')
}
