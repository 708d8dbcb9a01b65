/**
 * Each root field becomes one parameterized statement that returns the field's JSON, shaped by the selection's
 * response keys. Row filters from permissions sit in the statement's WHERE; checks of inserts and updates are
 * evaluated by Postgres in the same statement (specs/hasura.md §4.4). Nothing is filtered in JavaScript.
 */
import {
  type FieldNode,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  getArgumentValues,
  getNamedType,
  isObjectType,
} from 'graphql'
import { collectSubfields } from 'graphql/execution/collectFields.mjs'
import { type BoolExpContext, bindValue, compileBoolExp } from './bool-exp.ts'
import type { Column, Table } from './catalog.ts'
import { HasuraError } from './errors.ts'
import type { RoleTable } from './role-permissions.ts'
import type { RootFieldPlan } from './schema.ts'
import { ident, Params, qualified } from './sql.ts'

export interface CompiledField {
  sql: string
  params: unknown[]
  /** When set, the statement also returns a boolean `check` column that must be true. */
  checked: boolean
}

const T = ident('_t')
const literal = (key: string) => `'${key.replaceAll("'", "''")}'`

interface Selection {
  info: GraphQLResolveInfo
  fieldNodes: readonly FieldNode[]
  type: GraphQLObjectType
}

function subfields(sel: Selection): [string, readonly FieldNode[], GraphQLObjectType | undefined][] {
  const { info } = sel
  const map = collectSubfields(info.schema, info.fragments, info.variableValues, sel.type, sel.fieldNodes)
  return [...map].map(([key, nodes]) => {
    const field = sel.type.getFields()[(nodes[0] as FieldNode).name.value]
    const named = field ? getNamedType(field.type) : undefined
    return [key, nodes, named && isObjectType(named) ? named : undefined]
  })
}

function child(sel: Selection, nodes: readonly FieldNode[], type: GraphQLObjectType | undefined): Selection {
  if (!type) throw new HasuraError('unexpected', 'selection on a scalar field')
  return { info: sel.info, fieldNodes: nodes, type }
}

/** A column the catalog knows (the schema only offers those, so a miss is a bug, not bad input). */
function columnOf(table: Table, name: string): Column {
  const column = table.columns.find((candidate) => candidate.name === name)
  if (!column) throw new HasuraError('unexpected', `no column "${name}" in ${table.displayName}`)
  return column
}

/** `json_build_object('key', "_t"."column", …)` for a row of the table, keys = response keys. */
function rowObject(sel: Selection, alias = T): string {
  const parts: string[] = []
  for (const [key, nodes] of subfields(sel)) {
    const name = (nodes[0] as FieldNode).name.value
    if (name === '__typename') continue // answered by graphql-js from the schema
    parts.push(`${literal(key)}, ${alias}.${ident(name)}`)
  }
  return `json_build_object(${parts.join(', ')})`
}

/**
 * What one statement is compiled with. A permission reads session variables (`permission`); a request's own
 * `where` or values never do (`request`), so a literal "X-Hasura-User-Id" from a client stays a literal.
 */
interface Compilation {
  params: Params
  session: Record<string, string>
  tables: Map<string, Table>
}
const permission = (c: Compilation): BoolExpContext => c
const request = (c: Compilation): BoolExpContext => ({ params: c.params, tables: c.tables })

interface ListArgs {
  where?: Record<string, unknown>
  order_by?: Record<string, string>[]
  limit?: number
  offset?: number
  distinct_on?: string[]
}

/** `(SELECT … FROM table WHERE permission AND where ORDER BY … LIMIT …) AS "_t"`, and the ORDER BY for json_agg. */
function filteredRows(rt: RoleTable, args: ListArgs, c: Compilation) {
  const select = rt.select as NonNullable<RoleTable['select']>
  const table = rt.table
  const conditions = [compileBoolExp(select.filter, table, T, permission(c))]
  if (args.where) conditions.push(compileBoolExp(args.where, table, T, request(c)))
  const order: string[] = []
  const orderedColumns: string[] = []
  for (const item of args.order_by ?? []) {
    for (const [column, direction] of Object.entries(item)) {
      order.push(`${T}.${ident(column)} ${direction}`)
      orderedColumns.push(column)
    }
  }
  let distinct = ''
  if (args.distinct_on && args.distinct_on.length > 0) {
    const wanted = args.distinct_on.map((column) => `${T}.${ident(column)}`)
    if (orderedColumns.length === 0) order.unshift(...wanted)
    else if (!args.distinct_on.every((column) => orderedColumns.slice(0, wanted.length).includes(column))) {
      throw new HasuraError('validation-failed', '"distinct_on" columns must match initial "order_by" columns')
    }
    distinct = `DISTINCT ON (${wanted.join(', ')}) `
  }
  const limits = [args.limit, select.limit].filter((n): n is number => typeof n === 'number')
  const orderSql = order.length ? ` ORDER BY ${order.join(', ')}` : ''
  const limitSql = limits.length ? ` LIMIT ${c.params.add(Math.min(...limits))}` : ''
  const offsetSql = args.offset ? ` OFFSET ${c.params.add(args.offset)}` : ''
  return {
    from: `(SELECT ${distinct}* FROM ${qualified(table.schema, table.name)} AS ${T} WHERE ${conditions.join(' AND ')}${orderSql}${limitSql}${offsetSql}) AS ${T}`,
    aggOrder: orderSql,
  }
}

function aggregateObject(sel: Selection): string {
  const parts: string[] = []
  for (const [key, nodes, type] of subfields(sel)) {
    const node = nodes[0] as FieldNode
    const name = node.name.value
    if (name === '__typename') continue
    if (name === 'count') {
      const field = sel.type.getFields().count
      const args = field
        ? (getArgumentValues(field, node, sel.info.variableValues) as { columns?: string[]; distinct?: boolean })
        : {}
      const columns = args.columns?.map((name) => `${T}.${ident(name)}`) ?? []
      const target = columns.length === 0 ? '*' : columns.length === 1 ? columns[0] : `(${columns.join(', ')})`
      parts.push(`${literal(key)}, count(${args.distinct && columns.length ? 'DISTINCT ' : ''}${target})`)
    } else {
      const inner = child(sel, nodes, type)
      const columns = subfields(inner)
        .filter(([, n]) => (n[0] as FieldNode).name.value !== '__typename')
        .map(([k, n]) => `${literal(k)}, ${name}(${T}.${ident((n[0] as FieldNode).name.value)})`)
      parts.push(`${literal(key)}, json_build_object(${columns.join(', ')})`)
    }
  }
  return `json_build_object(${parts.join(', ')})`
}

function pkCondition(table: Table, values: Record<string, unknown>, c: Compilation): string {
  const pk = table.primaryKey?.columns ?? []
  return pk
    .map((name) => {
      const column = columnOf(table, name)
      return `${T}.${ident(name)} = ${bindValue(values[name], column, request(c))}`
    })
    .join(' AND ')
}

/** Preset values (`set`) of an insert/update permission: literals or session variables, bound as parameters. */
function presetValues(rt: RoleTable, set: Record<string, unknown>, c: Compilation) {
  return Object.entries(set).map(([name, value]) => {
    const column = columnOf(rt.table, name)
    return { name, sql: bindValue(value, column, permission(c)) }
  })
}

/** The SELECT that turns the CTE `_m` (rows a mutation touched) into the response of a mutation field. */
function mutationResult(rt: RoleTable, sel: Selection, c: Compilation, single: boolean): string {
  // Compiled only where used: an unused filter would still bind its parameters.
  const visible = () => (rt.select ? compileBoolExp(rt.select.filter, rt.table, T, permission(c)) : 'false')
  if (single) return `(SELECT ${rowObject(sel)} FROM "_m" AS ${T} WHERE ${visible()} LIMIT 1)`
  const parts: string[] = []
  for (const [key, nodes, type] of subfields(sel)) {
    const name = (nodes[0] as FieldNode).name.value
    if (name === 'affected_rows') parts.push(`${literal(key)}, (SELECT count(*) FROM "_m")`)
    else if (name === 'returning') {
      const row = rowObject(child(sel, nodes, type))
      parts.push(
        `${literal(key)}, (SELECT coalesce(json_agg(${row}), '[]'::json) FROM "_m" AS ${T} WHERE ${visible()})`,
      )
    }
  }
  return `json_build_object(${parts.join(', ')})`
}

export function compileRootField(
  plan: RootFieldPlan,
  info: GraphQLResolveInfo,
  args: Record<string, unknown>,
  session: Record<string, string>,
  tables: Map<string, Table>,
): CompiledField {
  const params = new Params()
  const c: Compilation = { params, session, tables }
  const rt = plan.role
  const table = rt.table
  const target = qualified(table.schema, table.name)
  const type = getNamedType(info.returnType)
  const sel: Selection = { info, fieldNodes: info.fieldNodes, type: type as GraphQLObjectType }
  const perm = (exp: Record<string, unknown>) => compileBoolExp(exp, table, T, permission(c))
  const done = (sql: string, checked = false): CompiledField => ({ sql, params: params.values, checked })

  switch (plan.kind) {
    case 'select': {
      const rows = filteredRows(rt, args as ListArgs, c)
      return done(`SELECT coalesce(json_agg(${rowObject(sel)}${rows.aggOrder}), '[]'::json) AS root FROM ${rows.from}`)
    }
    case 'select_aggregate': {
      const rows = filteredRows(rt, args as ListArgs, c)
      const parts: string[] = []
      for (const [key, nodes, childType] of subfields(sel)) {
        const name = (nodes[0] as FieldNode).name.value
        if (name === 'aggregate') parts.push(`${literal(key)}, ${aggregateObject(child(sel, nodes, childType))}`)
        if (name === 'nodes') {
          const row = rowObject(child(sel, nodes, childType))
          parts.push(`${literal(key)}, coalesce(json_agg(${row}${rows.aggOrder}), '[]'::json)`)
        }
      }
      return done(`SELECT json_build_object(${parts.join(', ')}) AS root FROM ${rows.from}`)
    }
    case 'select_by_pk': {
      const select = rt.select as NonNullable<RoleTable['select']>
      return done(
        `SELECT ${rowObject(sel)} AS root FROM ${target} AS ${T} WHERE ${perm(select.filter)} AND ${pkCondition(table, args, c)}`,
      )
    }
    case 'insert':
    case 'insert_one': {
      const insert = rt.insert as NonNullable<RoleTable['insert']>
      const objects = (plan.kind === 'insert' ? args.objects : [args.object]) as Record<string, unknown>[]
      const presets = presetValues(rt, insert.set, c)
      const names = [...new Set(objects.flatMap((o) => Object.keys(o)))].filter((n) => !(n in insert.set))
      const columns = [...names, ...presets.map((p) => p.name)]
      if (objects.length === 0)
        return done(`SELECT json_build_object('affected_rows', 0, 'returning', '[]'::json) AS root, true AS check`)
      const rows = objects.map((object) => {
        const values = names.map((name) => {
          if (!(name in object)) return 'DEFAULT'
          const column = columnOf(table, name)
          return bindValue(object[name], column, request(c))
        })
        return `(${[...values, ...presets.map((p) => p.sql)].join(', ')})`
      })
      let conflict = ''
      let check = perm(insert.check)
      const onConflict = args.on_conflict as
        | { constraint: string; update_columns: string[]; where?: Record<string, unknown> }
        | undefined
      if (onConflict) {
        const updates = onConflict.update_columns.filter((name) => name !== '_PLACEHOLDER')
        if (updates.length === 0) conflict = ` ON CONFLICT ON CONSTRAINT ${ident(onConflict.constraint)} DO NOTHING`
        else {
          const update = rt.update as NonNullable<RoleTable['update']>
          const updatePresets = presetValues(rt, update.set, c)
          const assignments = [
            ...updates.map((name) => `${ident(name)} = EXCLUDED.${ident(name)}`),
            ...updatePresets.map((p) => `${ident(p.name)} = ${p.sql}`),
          ]
          const where = [perm(update.filter)]
          if (onConflict.where) where.push(compileBoolExp(onConflict.where, table, T, request(c)))
          conflict = ` ON CONFLICT ON CONSTRAINT ${ident(onConflict.constraint)} DO UPDATE SET ${assignments.join(', ')} WHERE ${where.join(' AND ')}`
          // Rows that became updates answer to the update permission's check (xmax <> 0 marks them).
          check = `CASE WHEN ${T}.xmax = 0 THEN ${check} ELSE ${update.check ? perm(update.check) : 'true'} END`
        }
      }
      const result = mutationResult(rt, sel, c, plan.kind === 'insert_one')
      return done(
        `WITH "_m" AS (INSERT INTO ${target} AS ${T} (${columns.map(ident).join(', ')}) VALUES ${rows.join(', ')}${conflict} RETURNING *, (${check}) AS "__check")
         SELECT ${result} AS root, (SELECT coalesce(bool_and("__check"), true) FROM "_m") AS check`,
        true,
      )
    }
    case 'update':
    case 'update_by_pk': {
      const update = rt.update as NonNullable<RoleTable['update']>
      const set = (args._set ?? {}) as Record<string, unknown>
      const inc = (args._inc ?? {}) as Record<string, unknown>
      const assignments = [
        ...Object.entries(set).map(([name, value]) => {
          const column = columnOf(table, name)
          return `${ident(name)} = ${bindValue(value, column, request(c))}`
        }),
        ...Object.entries(inc).map(([name, value]) => {
          const column = columnOf(table, name)
          return `${ident(name)} = ${ident(name)} + ${bindValue(value, column, request(c))}`
        }),
        ...presetValues(rt, update.set, c).map((p) => `${ident(p.name)} = ${p.sql}`),
      ]
      const where = [perm(update.filter)]
      if (plan.kind === 'update')
        where.push(compileBoolExp(args.where as Record<string, unknown>, table, T, request(c)))
      else where.push(pkCondition(table, args.pk_columns as Record<string, unknown>, c))
      const result = mutationResult(rt, sel, c, plan.kind === 'update_by_pk')
      if (assignments.length === 0) {
        // Nothing to set: Hasura touches no row.
        return done(`WITH "_m" AS (SELECT * FROM ${target} WHERE false) SELECT ${result} AS root, true AS check`, true)
      }
      const check = update.check ? perm(update.check) : 'true'
      return done(
        `WITH "_m" AS (UPDATE ${target} AS ${T} SET ${assignments.join(', ')} WHERE ${where.join(' AND ')} RETURNING *, (${check}) AS "__check")
         SELECT ${result} AS root, (SELECT coalesce(bool_and("__check"), true) FROM "_m") AS check`,
        true,
      )
    }
    case 'delete':
    case 'delete_by_pk': {
      const del = rt.delete as NonNullable<RoleTable['delete']>
      const where = [perm(del.filter)]
      if (plan.kind === 'delete')
        where.push(compileBoolExp(args.where as Record<string, unknown>, table, T, request(c)))
      else where.push(pkCondition(table, args, c))
      const result = mutationResult(rt, sel, c, plan.kind === 'delete_by_pk')
      return done(
        `WITH "_m" AS (DELETE FROM ${target} AS ${T} WHERE ${where.join(' AND ')} RETURNING *) SELECT ${result} AS root`,
      )
    }
  }
}
