/**
 * The answer of `<t>_aggregate` and `<rel>_aggregate` over permitted rows already in the FROM clause:
 * `aggregate { count(columns, distinct) max { … } min { … } sum { … } avg { … } … }` and `nodes`, each a Postgres
 * aggregate function of the same name.
 */
import { ident } from '../sql.ts'
import type { Compilation, RowSource } from './context.ts'
import { type At, rowObject } from './rows.ts'
import { argumentsOf, child, objectOf, type Selection } from './selection.ts'

function aggregateObject(sel: Selection, row: RowSource): string {
  const column = (name: string) => `${row.alias}.${ident(name)}`
  return objectOf(sel, (sub) => {
    if (sub.name === 'count') {
      const args = argumentsOf(sel, sub) as { columns?: string[]; distinct?: boolean }
      const columns = args.columns?.map(column) ?? []
      const target = columns.length === 0 ? '*' : columns.length === 1 ? columns[0] : `(${columns.join(', ')})`
      return `count(${args.distinct && columns.length ? 'DISTINCT ' : ''}${target})`
    }
    const fn = sub.name
    return objectOf(child(sel, sub), (field) => `${fn}(${column(field.name)})`)
  })
}

/** `{ aggregate, nodes }` of the rows `row` stands for; `aggOrder` keeps `nodes` in the list's order. */
export function aggregateSelection(sel: Selection, row: RowSource, aggOrder: string, c: Compilation, at: At): string {
  return objectOf(sel, (sub) => {
    const inner = child(sel, sub)
    if (sub.name === 'aggregate') return aggregateObject(inner, row)
    const nodes = { path: `${at.path}.selectionSet.${sub.key}`, depth: at.depth }
    return `coalesce(json_agg(${rowObject(inner, row, c, nodes)}${aggOrder}), '[]'::json)`
  })
}
