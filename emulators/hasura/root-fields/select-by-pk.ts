/** `<t>_by_pk(<pk columns>): <t>` — one row by primary key, `null` when absent or not permitted. */
import { compileBoolExp } from '../bool-exp.ts'
import { compilation, permission } from '../compile/context.ts'
import { pkCondition, ROOT_ALIAS, rootAt, rowObject } from '../compile/rows.ts'
import type { RoleTable } from '../role-permissions.ts'
import { qualified } from '../sql.ts'
import { type RootFieldKind, single } from './root-field.ts'

export const selectByPk: RootFieldKind = {
  operation: 'query',
  fields(t) {
    if (!t.canSelect || !t.pkSelectable) return {}
    return {
      [`${t.name}_by_pk`]: {
        type: t.object(),
        description: `fetch data from the table: ${t.quoted} using primary key columns`,
        args: t.pkArgs(),
        compile(input) {
          const c = compilation(input)
          const select = t.role.select as NonNullable<RoleTable['select']>
          const T = ROOT_ALIAS
          const filter = compileBoolExp(select.filter, t.table, T, permission(c))
          const row = rowObject(input.sel, { table: t.table, alias: T }, c, rootAt(input.key))
          const target = qualified(t.table.schema, t.table.name)
          return single(
            `SELECT ${row} AS root FROM ${target} AS ${T} WHERE ${filter} AND ${pkCondition(t.table, input.args, c)}`,
            c,
          )
        },
      },
    }
  },
}
