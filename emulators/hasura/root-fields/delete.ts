/**
 * `delete_<t>(where): <t>_mutation_response` and `delete_<t>_by_pk(<pk columns>): <t>` — only rows the delete
 * permission's `filter` admits.
 */
import { GraphQLNonNull } from 'graphql'
import { compileBoolExp } from '../bool-exp.ts'
import { type Compilation, compilation, permission, request } from '../compile/context.ts'
import { mutationResult } from '../compile/mutation.ts'
import { pkCondition, ROOT_ALIAS } from '../compile/rows.ts'
import type { RoleTable } from '../role-permissions.ts'
import { qualified } from '../sql.ts'
import type { TableTypes } from '../table-types.ts'
import { argsPath, type RootFieldInput, type RootFieldKind, single } from './root-field.ts'

function compileDelete(t: TableTypes, input: RootFieldInput, byPk: boolean) {
  const del = t.role.delete as NonNullable<RoleTable['delete']>
  const c: Compilation = compilation(input)
  const table = t.table
  const where = [compileBoolExp(del.filter, table, ROOT_ALIAS, permission(c))]
  if (byPk) where.push(pkCondition(table, input.args, c))
  else {
    const at = `${argsPath(input)}.where`
    where.push(compileBoolExp(input.args.where as Record<string, unknown>, table, ROOT_ALIAS, request(c), at))
  }
  const result = mutationResult(t.role, input.sel, c, byPk, input.key)
  const target = qualified(table.schema, table.name)
  return single(
    `WITH "_m" AS (DELETE FROM ${target} AS ${ROOT_ALIAS} WHERE ${where.join(' AND ')} RETURNING *) SELECT ${result} AS root`,
    c,
  )
}

export const deleteRows: RootFieldKind = {
  operation: 'mutation',
  fields(t) {
    if (!t.role.delete) return {}
    return {
      [`delete_${t.name}`]: {
        type: t.mutationResponse(),
        description: `delete data from the table: ${t.quoted}`,
        args: {
          where: { type: new GraphQLNonNull(t.boolExp()), description: 'filter the rows which have to be deleted' },
        },
        compile: (input) => compileDelete(t, input, false),
      },
      ...(t.canSelect && t.pkSelectable
        ? {
            [`delete_${t.name}_by_pk`]: {
              type: t.object(),
              description: `delete single row from the table: ${t.quoted}`,
              args: t.pkArgs(),
              compile: (input: RootFieldInput) => compileDelete(t, input, true),
            },
          }
        : {}),
    }
  },
}
