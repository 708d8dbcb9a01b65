/**
 * `update_<t>(where, _set, _inc): <t>_mutation_response` and `update_<t>_by_pk(pk_columns, _set, _inc): <t>`. Only
 * rows the update permission's `filter` admits are touched; presets are applied; the `check` is evaluated on each
 * new row, and a failure rolls the request back (specs/hasura.md §4.4).
 */
import { GraphQLInputObjectType, GraphQLNonNull } from 'graphql'
import { compileBoolExp } from '../bool-exp.ts'
import { type Compilation, columnOf, compilation, permission, request, requestValue } from '../compile/context.ts'
import { checkedMutation, mutationResult, presetValues } from '../compile/mutation.ts'
import { pkCondition, ROOT_ALIAS } from '../compile/rows.ts'
import type { RoleTable } from '../role-permissions.ts'
import { ident, qualified } from '../sql.ts'
import type { TableTypes } from '../table-types.ts'
import { argsPath, type RootFieldInput, type RootFieldKind, single } from './root-field.ts'

export interface UpdateOperators {
  _set?: Record<string, unknown> | null
  _inc?: Record<string, unknown> | null
}

/**
 * One UPDATE of the rows matching `where` (SQL, request part) and the permission's filter, answered as `single`
 * (`*_by_pk`) or as a mutation response. Checked: the statement also says whether every new row passes the check.
 * `at` is where the operators are (`$.selectionSet.update_x.args`), for errors.
 */
export function updateStatement(
  t: TableTypes,
  ops: UpdateOperators,
  where: (c: Compilation) => string,
  input: RootFieldInput,
  c: Compilation,
  single: boolean,
  at: string,
): string {
  const rt = t.role
  const update = rt.update as NonNullable<RoleTable['update']>
  const table = t.table
  const assignments = [
    ...Object.entries(ops._set ?? {}).map(
      ([name, value]) => `${ident(name)} = ${requestValue(value, columnOf(table, name), c, `${at}._set.${name}`)}`,
    ),
    ...Object.entries(ops._inc ?? {}).map(([name, value]) => {
      const increment = requestValue(value, columnOf(table, name), c, `${at}._inc.${name}`)
      return `${ident(name)} = ${ident(name)} + ${increment}`
    }),
    ...presetValues(rt, update.set, c).map((p) => `${ident(p.name)} = ${p.sql}`),
  ]
  const conditions = [compileBoolExp(update.filter, table, ROOT_ALIAS, permission(c)), where(c)]
  const result = mutationResult(rt, input.sel, c, single, input.key)
  const target = qualified(table.schema, table.name)
  if (assignments.length === 0) {
    // Nothing to set: Hasura touches no row.
    return `WITH "_m" AS (SELECT * FROM ${target} WHERE false) SELECT ${result} AS root, true AS check`
  }
  const check = update.check ? compileBoolExp(update.check, table, ROOT_ALIAS, permission(c)) : 'true'
  return checkedMutation(
    `UPDATE ${target} AS ${ROOT_ALIAS} SET ${assignments.join(', ')} WHERE ${conditions.join(' AND ')}`,
    check,
    result,
  )
}

export const update: RootFieldKind = {
  operation: 'mutation',
  fields(t) {
    if (!t.canUpdate) return {}
    const operators = t.updateOperators()
    return {
      [`update_${t.name}`]: {
        type: t.mutationResponse(),
        description: `update data of the table: ${t.quoted}`,
        args: {
          ...operators,
          where: { type: new GraphQLNonNull(t.boolExp()), description: 'filter the rows which have to be updated' },
        },
        compile(input) {
          const c = compilation(input)
          const at = argsPath(input)
          const where = (c: Compilation) =>
            compileBoolExp(input.args.where as Record<string, unknown>, t.table, ROOT_ALIAS, request(c), `${at}.where`)
          return single(updateStatement(t, input.args, where, input, c, false, at), c, { checked: true })
        },
      },
      ...(t.canSelect && t.pkSelectable
        ? {
            [`update_${t.name}_by_pk`]: {
              type: t.object(),
              description: `update single row of the table: ${t.quoted}`,
              args: {
                ...operators,
                pk_columns: {
                  type: new GraphQLNonNull(
                    new GraphQLInputObjectType({
                      name: `${t.name}_pk_columns_input`,
                      description: `primary key columns input for table: ${t.table.displayName}`,
                      fields: t.pkArgs(),
                    }),
                  ),
                },
              },
              compile(input) {
                const c = compilation(input)
                const where = (c: Compilation) =>
                  pkCondition(t.table, input.args.pk_columns as Record<string, unknown>, c)
                const sql = updateStatement(t, input.args, where, input, c, true, argsPath(input))
                return single(sql, c, { checked: true })
              },
            },
          }
        : {}),
    }
  },
}
