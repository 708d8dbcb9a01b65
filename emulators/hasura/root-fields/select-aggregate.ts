/**
 * `<t>_aggregate(…): <t>_aggregate!` — `aggregate { count max min sum avg … }` and `nodes` over the permitted rows,
 * when the select permission has `allow_aggregations`. Postgres aggregate functions of the same names answer
 * (`compile/aggregate.ts`; the types are `aggregate-types.ts`).
 */
import { GraphQLNonNull } from 'graphql'
import { aggregateSelection } from '../compile/aggregate.ts'
import { compilation } from '../compile/context.ts'
import { type ListArgs, permittedRows, ROOT_ALIAS, rootAt } from '../compile/rows.ts'
import { argsPath, type RootFieldKind, single } from './root-field.ts'

export const selectAggregate: RootFieldKind = {
  operation: 'query',
  fields(t) {
    if (!t.canAggregate) return {}
    return {
      [`${t.name}_aggregate`]: {
        type: new GraphQLNonNull(t.aggregate()),
        description: `fetch aggregated fields from the table: ${t.quoted}`,
        args: t.listArgs(),
        compile(input) {
          const c = compilation(input)
          const rows = permittedRows(t.role, input.args as ListArgs, c, argsPath(input))
          const row = { table: t.table, alias: ROOT_ALIAS }
          const answer = aggregateSelection(input.sel, row, rows.aggOrder, c, rootAt(input.key))
          return single(`SELECT ${answer} AS root FROM ${rows.from}`, c)
        },
      },
    }
  },
}
