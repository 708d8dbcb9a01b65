/**
 * Reading rows: the JSON object of one row shaped by a selection — columns, and relationships as correlated
 * subqueries over the related table with that table's select filter for the role, so a whole nested selection is one
 * statement — the permitted rows of a table with the list arguments applied, and the primary-key condition of the
 * `*_by_pk` fields. Row filters from permissions sit in the statement's WHERE (specs/hasura.md §4); nothing is
 * filtered in JavaScript.
 */
import { bindValue, compileBoolExp, joinCondition } from '../bool-exp.ts'
import type { Table } from '../catalog.ts'
import { HasuraError } from '../errors.ts'
import { checkRelationshipDepth } from '../limits.ts'
import type { RoleTable } from '../role-permissions.ts'
import { ident } from '../sql.ts'
import { relationshipField } from '../table-types.ts'
import { aggregateSelection } from './aggregate.ts'
import { type Compilation, columnOf, permission, type RowSource, request, source } from './context.ts'
import { orderTerms } from './order-by.ts'
import { argumentsOf, child, objectOf, type Selection, type Subfield } from './selection.ts'

export const ROOT_ALIAS = ident('_t')

/** Where a selection sits, for error paths (`$.selectionSet.users.selectionSet.notes`), and how deep in relationships. */
export interface At {
  path: string
  depth: number
}

export const rootAt = (key: string): At => ({ path: `$.selectionSet.${key}`, depth: 0 })

/** The JSON object of one row of `row`, keys = the selection's response keys. */
export function rowObject(sel: Selection, row: RowSource, c: Compilation, at: At): string {
  return objectOf(sel, (sub) => {
    const rel = relationshipField(sub.field)
    if (!rel) return `${row.alias}.${ident(columnOf(row.table, sub.name).name)}`
    return relationshipValue(sel, sub, row, c, { path: `${at.path}.selectionSet.${sub.key}`, depth: at.depth + 1 })
  })
}

/**
 * An object relationship: the one related row the role may see, or null. An array relationship: the related rows
 * the role may see, with the field's own list arguments. `<rel>_aggregate`: their aggregate and nodes.
 */
function relationshipValue(sel: Selection, sub: Subfield, row: RowSource, c: Compilation, at: At): string {
  checkRelationshipDepth(at.depth, c.relationshipDepth)
  const { relationship, target, kind } = relationshipField(sub.field) as NonNullable<
    ReturnType<typeof relationshipField>
  >
  const inner: RowSource = { table: target.table, alias: c.alias() }
  const join = joinCondition(relationship, row.alias, inner.alias)
  const selection = child(sel, sub)
  if (kind === 'object') {
    const filter = compileBoolExp(target.role.select?.filter ?? {}, inner.table, inner.alias, permission(c))
    const value = rowObject(selection, inner, c, at)
    return `(SELECT ${value} FROM ${source(inner.table, c)} AS ${inner.alias} WHERE ${join} AND ${filter} LIMIT 1)`
  }
  const rows = permittedRows(target.role, argumentsOf(sel, sub) as ListArgs, c, `${at.path}.args`, { ...inner, join })
  if (kind === 'aggregate')
    return `(SELECT ${aggregateSelection(selection, inner, rows.aggOrder, c, at)} FROM ${rows.from})`
  return `(SELECT coalesce(json_agg(${rowObject(selection, inner, c, at)}${rows.aggOrder}), '[]'::json) FROM ${rows.from})`
}

export interface ListArgs {
  where?: Record<string, unknown>
  order_by?: Record<string, unknown>[]
  limit?: number
  offset?: number
  distinct_on?: string[]
}

/**
 * `(SELECT … FROM table WHERE permission AND where ORDER BY … LIMIT …) AS alias`, and the ORDER BY that `json_agg`
 * must repeat to keep that order. `at` is the arguments' path, for errors. A nested list (an array relationship)
 * passes its own alias and the condition that joins it to the outer row.
 */
export function permittedRows(
  rt: RoleTable,
  args: ListArgs,
  c: Compilation,
  at: string,
  rows: RowSource & { join?: string } = { table: rt.table, alias: ROOT_ALIAS },
): { from: string; aggOrder: string } {
  const select = rt.select as NonNullable<RoleTable['select']>
  const { table, alias: T } = rows
  const conditions = [compileBoolExp(select.filter, table, T, permission(c))]
  if (rows.join) conditions.unshift(rows.join)
  if (args.where) conditions.push(compileBoolExp(args.where, table, T, request(c), `${at}.where`))
  const terms = orderTerms(args.order_by ?? [], { table, alias: T }, c)
  const order = terms.map((term) => `${term.sql} ${term.direction}`)
  let distinct = ''
  if (args.distinct_on && args.distinct_on.length > 0) {
    const wanted = args.distinct_on.map((column) => `${T}.${ident(column)}`)
    const leading = terms.slice(0, wanted.length).map((term) => term.column)
    if (terms.length === 0) order.unshift(...wanted)
    else if (!args.distinct_on.every((column) => leading.includes(column))) {
      throw new HasuraError('validation-failed', '"distinct_on" columns must match initial "order_by" columns')
    }
    distinct = `DISTINCT ON (${wanted.join(', ')}) `
  }
  const limits = [args.limit, select.limit].filter((n): n is number => typeof n === 'number')
  const orderSql = order.length ? ` ORDER BY ${order.join(', ')}` : ''
  const limitSql = limits.length ? ` LIMIT ${c.params.add(Math.min(...limits))}` : ''
  const offsetSql = args.offset ? ` OFFSET ${c.params.add(args.offset)}` : ''
  return {
    from: `(SELECT ${distinct}* FROM ${source(table, c)} AS ${T} WHERE ${conditions.join(' AND ')}${orderSql}${limitSql}${offsetSql}) AS ${T}`,
    aggOrder: orderSql,
  }
}

/** `"_t"."id" = $n AND …` for the table's primary key, values from the request. */
export function pkCondition(table: Table, values: Record<string, unknown>, c: Compilation): string {
  return (table.primaryKey?.columns ?? [])
    .map((name) => `${ROOT_ALIAS}.${ident(name)} = ${bindValue(values[name], columnOf(table, name), request(c))}`)
    .join(' AND ')
}
