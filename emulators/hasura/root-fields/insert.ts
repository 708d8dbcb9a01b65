/**
 * `insert_<t>(objects, on_conflict): <t>_mutation_response` and `insert_<t>_one(object, on_conflict): <t>`. Every
 * column is listed, unspecified ones as `DEFAULT`; presets come from the permission; the insert check — or, for rows an
 * upsert turned into updates, the update check — is evaluated on each row (specs/hasura.md §4.4). Errors are reported
 * at `$.selectionSet.<field>.args.objects` (`.args.object`), as Hasura does. Objects with nested inserts through
 * relationships are `compile/nested-insert.ts`.
 */
import { type GraphQLFieldConfigArgumentMap, GraphQLList, GraphQLNonNull } from 'graphql'
import { compileBoolExp } from '../bool-exp.ts'
import { type Compilation, columnOf, compilation, permission, request, requestValue } from '../compile/context.ts'
import { checkedMutation, mutationResult, presetValues } from '../compile/mutation.ts'
import { nestedInsert, nests } from '../compile/nested-insert.ts'
import { ROOT_ALIAS } from '../compile/rows.ts'
import type { RoleTable } from '../role-permissions.ts'
import { ident, qualified } from '../sql.ts'
import type { TableTypes } from '../table-types.ts'
import { argsPath, type RootFieldInput, type RootFieldKind, single } from './root-field.ts'

export interface OnConflict {
  constraint: string
  update_columns: string[]
  where?: Record<string, unknown>
}

/** `ON CONFLICT …` and the check expression that goes with it. */
export function conflictClause(
  rt: RoleTable,
  onConflict: OnConflict | undefined,
  check: string,
  c: Compilation,
  at: string,
) {
  if (!onConflict) return { conflict: '', check }
  const T = ROOT_ALIAS
  const constraint = `ON CONFLICT ON CONSTRAINT ${ident(onConflict.constraint)}`
  const updates = onConflict.update_columns.filter((name) => name !== '_PLACEHOLDER')
  if (updates.length === 0) return { conflict: ` ${constraint} DO NOTHING`, check }
  const update = rt.update as NonNullable<RoleTable['update']>
  const assignments = [
    ...updates.map((name) => `${ident(name)} = EXCLUDED.${ident(name)}`),
    ...presetValues(rt, update.set, c).map((p) => `${ident(p.name)} = ${p.sql}`),
  ]
  const where = [compileBoolExp(update.filter, rt.table, T, permission(c))]
  if (onConflict.where) where.push(compileBoolExp(onConflict.where, rt.table, T, request(c), `${at}.where`))
  const updateCheck = update.check ? compileBoolExp(update.check, rt.table, T, permission(c)) : 'true'
  return {
    conflict: ` ${constraint} DO UPDATE SET ${assignments.join(', ')} WHERE ${where.join(' AND ')}`,
    // Rows that became updates answer to the update permission's check (xmax <> 0 marks them).
    check: `CASE WHEN ${T}.xmax = 0 THEN ${check} ELSE ${updateCheck} END`,
  }
}

function compileInsert(t: TableTypes, input: RootFieldInput, one: boolean) {
  const rt = t.role
  const insert = rt.insert as NonNullable<RoleTable['insert']>
  const c = compilation(input)
  const errorPath = `${argsPath(input)}.${one ? 'object' : 'objects'}`
  const objects = (one ? [input.args.object] : input.args.objects) as Record<string, unknown>[]
  const onConflict = input.args.on_conflict as OnConflict | undefined
  if (objects.length === 0) {
    return single(`SELECT json_build_object('affected_rows', 0, 'returning', '[]'::json) AS root, true AS check`, c, {
      checked: true,
      errorPath,
    })
  }
  if (objects.some((object) => nests(t, object))) {
    const sql = nestedInsert(
      t,
      objects,
      onConflict,
      c,
      { at: errorPath, onConflictAt: `${argsPath(input)}.on_conflict` },
      (affected) => mutationResult(rt, input.sel, c, one, input.key, affected),
    )
    return single(sql, c, { checked: true, errorPath })
  }
  const presets = presetValues(rt, insert.set, c)
  const isColumn = (name: string) => t.table.columns.some((column) => column.name === name)
  const names = [...new Set(objects.flatMap((o) => Object.keys(o)))].filter((n) => isColumn(n) && !(n in insert.set))
  const columns = [...names, ...presets.map((p) => p.name)]
  const rows = objects.map((object, i) => {
    const at = one ? errorPath : `${errorPath}[${i}]`
    const values = names.map((name) =>
      name in object ? requestValue(object[name], columnOf(t.table, name), c, `${at}.${name}`) : 'DEFAULT',
    )
    return `(${[...values, ...presets.map((p) => p.sql)].join(', ')})`
  })
  const insertCheck = compileBoolExp(insert.check, t.table, ROOT_ALIAS, permission(c))
  const { conflict, check } = conflictClause(rt, onConflict, insertCheck, c, `${argsPath(input)}.on_conflict`)
  const target = qualified(t.table.schema, t.table.name)
  const mutation = `INSERT INTO ${target} AS ${ROOT_ALIAS} (${columns.map(ident).join(', ')}) VALUES ${rows.join(', ')}${conflict}`
  const result = mutationResult(rt, input.sel, c, one, input.key)
  return single(checkedMutation(mutation, check, result), c, { checked: true, errorPath })
}

export const insert: RootFieldKind = {
  operation: 'mutation',
  fields(t) {
    if (!t.canInsert) return {}
    const insertInput = t.insertInput()
    const conflictType = t.onConflict()
    const onConflict: GraphQLFieldConfigArgumentMap = conflictType
      ? { on_conflict: { type: conflictType, description: 'upsert condition' } }
      : {}
    return {
      [`insert_${t.name}`]: {
        type: t.mutationResponse(),
        description: `insert data into the table: ${t.quoted}`,
        args: {
          objects: {
            type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(insertInput))),
            description: 'the rows to be inserted',
          },
          ...onConflict,
        },
        compile: (input) => compileInsert(t, input, false),
      },
      // `insert_<t>_one` answers with the row, so it needs a select permission.
      ...(t.canSelect
        ? {
            [`insert_${t.name}_one`]: {
              type: t.object(),
              description: `insert a single row into the table: ${t.quoted}`,
              args: {
                object: { type: new GraphQLNonNull(insertInput), description: 'the row to be inserted' },
                ...onConflict,
              },
              compile: (input: RootFieldInput) => compileInsert(t, input, true),
            },
          }
        : {}),
    }
  },
}
