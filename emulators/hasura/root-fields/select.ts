/** `<t>(where, order_by, limit, offset, distinct_on): [<t>!]!` — the rows the role may see, as one JSON array. */
import { GraphQLList, GraphQLNonNull } from 'graphql'
import { compilation } from '../compile/context.ts'
import { type ListArgs, permittedRows, ROOT_ALIAS, rootAt, rowObject } from '../compile/rows.ts'
import { argsPath, type RootFieldKind, single } from './root-field.ts'

export const select: RootFieldKind = {
  operation: 'query',
  fields(t) {
    if (!t.canSelect) return {}
    return {
      [t.name]: {
        type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(t.object()))),
        description: `fetch data from the table: ${t.quoted}`,
        args: t.listArgs(),
        compile(input) {
          const { sel, args } = input
          const c = compilation(input)
          const rows = permittedRows(t.role, args as ListArgs, c, argsPath(input))
          const row = rowObject(sel, { table: t.table, alias: ROOT_ALIAS }, c, rootAt(input.key))
          const sql = `SELECT coalesce(json_agg(${row}${rows.aggOrder}), '[]'::json) AS root FROM ${rows.from}`
          return single(sql, c)
        },
      },
    }
  },
}
