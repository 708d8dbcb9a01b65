/**
 * `insert_<t>(objects, on_conflict): <t>_mutation_response` and `insert_<t>_one(object, on_conflict): <t>`. Every
 * column is listed, unspecified ones as `DEFAULT`; presets come from the permission; the insert check — or, for rows an
 * upsert turned into updates, the update check — is evaluated on each row (specs/hasura.md §4.4). Errors are reported
 * at `$.selectionSet.<field>.args.objects` (`.args.object`), as Hasura does.
 */
import {
  GraphQLEnumType,
  type GraphQLFieldConfigArgumentMap,
  GraphQLInputObjectType,
  GraphQLList,
  GraphQLNonNull,
} from 'graphql'
import { compileBoolExp } from '../bool-exp.ts'
import { type Compilation, columnOf, compilation, permission, request, requestValue } from '../compile/context.ts'
import { checkedMutation, mutationResult, presetValues } from '../compile/mutation.ts'
import { ROOT_ALIAS } from '../compile/rows.ts'
import type { RoleTable } from '../role-permissions.ts'
import { columnValues, sortedByName } from '../schema-types.ts'
import { ident, qualified } from '../sql.ts'
import type { TableTypes } from '../table-types.ts'
import { argsPath, type RootFieldInput, type RootFieldKind, single } from './root-field.ts'

interface OnConflict {
  constraint: string
  update_columns: string[]
  where?: Record<string, unknown>
}

/**
 * `<t>_on_conflict`, whenever the table has a unique constraint. Without update permission `update_columns` only
 * takes `[]` (ON CONFLICT DO NOTHING): its enum is Hasura's placeholder.
 */
function onConflictInput(t: TableTypes): GraphQLInputObjectType {
  const updateColumns = t.role.update?.columns ?? []
  const constraint = new GraphQLEnumType({
    name: `${t.name}_constraint`,
    description: `unique or primary key constraints on table ${t.quoted}`,
    values: Object.fromEntries(
      t.table.uniqueConstraints.map((c) => [
        c.name,
        {
          value: c.name,
          description: `unique or primary key constraint on columns ${c.columns.map((n) => `"${n}"`).join(', ')}`,
        },
      ]),
    ),
  })
  const updateColumn = new GraphQLEnumType({
    name: `${t.name}_update_column`,
    description:
      updateColumns.length > 0
        ? `update columns of table ${t.quoted}`
        : `placeholder for update columns of table ${t.quoted} (current role has no relevant permissions)`,
    values:
      updateColumns.length > 0
        ? columnValues(updateColumns)
        : { _PLACEHOLDER: { value: '_PLACEHOLDER', description: 'placeholder (do not use)' } },
  })
  return new GraphQLInputObjectType({
    name: `${t.name}_on_conflict`,
    description: `on_conflict condition type for table ${t.quoted}`,
    fields: {
      constraint: { type: new GraphQLNonNull(constraint) },
      update_columns: { type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(updateColumn))), defaultValue: [] },
      where: { type: t.boolExp() },
    },
  })
}

/** `ON CONFLICT …` and the check expression that goes with it. */
function conflictClause(rt: RoleTable, onConflict: OnConflict | undefined, check: string, c: Compilation, at: string) {
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
  if (objects.length === 0) {
    return single(`SELECT json_build_object('affected_rows', 0, 'returning', '[]'::json) AS root, true AS check`, c, {
      checked: true,
      errorPath,
    })
  }
  const presets = presetValues(rt, insert.set, c)
  const names = [...new Set(objects.flatMap((o) => Object.keys(o)))].filter((n) => !(n in insert.set))
  const columns = [...names, ...presets.map((p) => p.name)]
  const rows = objects.map((object, i) => {
    const at = one ? errorPath : `${errorPath}[${i}]`
    const values = names.map((name) =>
      name in object ? requestValue(object[name], columnOf(t.table, name), c, `${at}.${name}`) : 'DEFAULT',
    )
    return `(${[...values, ...presets.map((p) => p.sql)].join(', ')})`
  })
  const insertCheck = compileBoolExp(insert.check, t.table, ROOT_ALIAS, permission(c))
  const onConflict = input.args.on_conflict as OnConflict | undefined
  const { conflict, check } = conflictClause(rt, onConflict, insertCheck, c, `${argsPath(input)}.on_conflict`)
  const target = qualified(t.table.schema, t.table.name)
  const mutation = `INSERT INTO ${target} AS ${ROOT_ALIAS} (${columns.map(ident).join(', ')}) VALUES ${rows.join(', ')}${conflict}`
  const result = mutationResult(rt, input.sel, c, one)
  return single(checkedMutation(mutation, check, result), c, { checked: true, errorPath })
}

export const insert: RootFieldKind = {
  operation: 'mutation',
  fields(t) {
    if (!t.role.insert || t.role.insert.columns.length === 0) return {}
    const insertInput = new GraphQLInputObjectType({
      name: `${t.name}_insert_input`,
      description: `input type for inserting data into table ${t.quoted}`,
      fields: Object.fromEntries(
        sortedByName(t.role.insert.columns).map((c) => [c.name, { type: t.types.scalar(c.pgType) }]),
      ),
    })
    const onConflict: GraphQLFieldConfigArgumentMap =
      t.table.uniqueConstraints.length > 0
        ? { on_conflict: { type: onConflictInput(t), description: 'upsert condition' } }
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
