/**
 * `order_by` as SQL: columns of the row, columns of an object relationship's related row (`{ author: { name: asc } }`),
 * and aggregates of an array relationship's related rows (`{ articles_aggregate: { count: desc } }`, `max`, `min`,
 * `avg`, …). Each related value is a correlated subquery under the related table's select filter for the role
 * (`AOCObjectRelation`, `AOCArrayAggregation` in `Hasura/RQL/IR/OrderBy.hs`), so ordering never reveals a row the
 * role cannot see. Keys are applied in the order the request lists them.
 */
import { compileBoolExp, joinCondition, remoteTable } from '../bool-exp.ts'
import { HasuraError } from '../errors.ts'
import { checkRelationshipDepth } from '../limits.ts'
import type { Relationship } from '../metadata.ts'
import { ident } from '../sql.ts'
import { type Compilation, permission, type RowSource, selectFilter, source } from './context.ts'

export interface OrderTerm {
  sql: string
  /** `ASC NULLS LAST`, …: the `order_by` enum's value. */
  direction: string
  /** Set when the term is a column of the row itself (what `distinct_on` may match). */
  column?: string
}

const AGGREGATE = '_aggregate'

/**
 * `FROM <related table> AS <alias> WHERE <join> AND <its select filter for the role>`: where a related value is read.
 * Compiled only when used: an unused filter would still bind its parameters.
 */
function relatedRows(rel: Relationship, row: RowSource, inner: RowSource, c: Compilation): string {
  const filter = compileBoolExp(selectFilter(inner.table, c) ?? {}, inner.table, inner.alias, permission(c))
  return `FROM ${source(inner.table, c)} AS ${inner.alias} WHERE ${joinCondition(rel, row.alias, inner.alias)} AND ${filter}`
}

function terms(item: Record<string, unknown>, row: RowSource, c: Compilation, depth: number): OrderTerm[] {
  const result: OrderTerm[] = []
  for (const [key, value] of Object.entries(item)) {
    if (value === undefined || value === null) continue
    if (typeof value === 'string') {
      result.push({ sql: `${row.alias}.${ident(key)}`, direction: value, column: key })
      continue
    }
    const object = row.table.relationships.find((r) => r.name === key && r.kind === 'object')
    const array =
      key.endsWith(AGGREGATE) &&
      row.table.relationships.find((r) => r.name === key.slice(0, -AGGREGATE.length) && r.kind === 'array')
    const rel = object || array
    if (!rel) throw new HasuraError('unexpected', `cannot order by "${key}"`)
    checkRelationshipDepth(depth + 1, c.relationshipDepth)
    const inner = { table: remoteTable(rel, c.tables), alias: c.alias() }
    if (object) {
      // Each term of the related row is a term of this row: that value of its one related row.
      const nested = terms(value as Record<string, unknown>, inner, c, depth + 1)
      if (nested.length === 0) continue
      const from = relatedRows(rel, row, inner, c)
      for (const term of nested) result.push({ sql: `(SELECT ${term.sql} ${from} LIMIT 1)`, direction: term.direction })
      continue
    }
    const aggregates: [value: string, direction: string][] = []
    for (const [fn, spec] of Object.entries(value as Record<string, unknown>)) {
      if (typeof spec === 'string') aggregates.push(['count(*)', spec])
      else {
        for (const [column, direction] of Object.entries((spec ?? {}) as Record<string, string>)) {
          aggregates.push([`${fn}(${inner.alias}.${ident(column)})`, direction])
        }
      }
    }
    if (aggregates.length === 0) continue
    const from = relatedRows(rel, row, inner, c)
    for (const [aggregate, direction] of aggregates) result.push({ sql: `(SELECT ${aggregate} ${from})`, direction })
  }
  return result
}

/** The ORDER BY terms of an `order_by` argument (a list of objects, each with one or more keys). */
export function orderTerms(orderBy: Record<string, unknown>[], row: RowSource, c: Compilation): OrderTerm[] {
  return orderBy.flatMap((item) => terms(item, row, c, 0))
}
