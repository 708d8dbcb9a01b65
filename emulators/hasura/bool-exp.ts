/**
 * Boolean expressions — a permission's `filter`/`check` or a request's `where` — compiled to one SQL condition.
 * Session variables in permissions become bound parameters cast to the column's type, exactly like Hasura's
 * `(($1 ->> 'x-hasura-user-id'))::text` (specs/hasura.md §4.2–4.3). A `where` from a request never reads
 * session variables: its `"X-Hasura-User-Id"` is the literal string.
 *
 * An explicit `null` reads three ways:
 * - in a request (Hasura v2), it is refused in Hasura's words at its path: `unexpected null value for type 'String'`
 *   for an operand (the column parser in `Hasura/Backends/Postgres/Instances/Schema.hs`), `expected a list, but found
 *   null`, `expected an object for type …, but found null` (`Hasura/GraphQL/Parser/Internal/Parser.hs`). Otherwise
 *   `update_users(where: {id: {_eq: $id}})` with `$id = null` would touch every row;
 * - in a request with HASURA_GRAPHQL_V1_BOOLEAN_NULL_COLLAPSE=true, it drops the condition (Hasura v1);
 * - in a permission, `_eq: null` / `_neq: null` compare with `IS [NOT] NULL` (permissions parse equality as
 *   `AEQ NullableComparison`); any other null matches nothing.
 *
 * A relationship's name compares the related rows: `EXISTS (SELECT 1 FROM <remote> WHERE <join> AND <expression>)`
 * — for an array relationship "at least one related row matches" (`AVRelationship` in
 * `Hasura/Backends/Postgres/Translate/BoolExp.hs`). In a request the related table's own select permission for the
 * role applies inside the EXISTS too (`rfTargetTablePermissions`); in a permission it does not.
 */
import { canonical, isSessionVariable, tableKey } from '../../lib/hasura-schema.ts'
import type { Column, Table } from './catalog.ts'
import { HasuraError } from './errors.ts'
import { checkRelationshipDepth } from './limits.ts'
import type { BoolExp, Relationship } from './metadata.ts'
import { scalarName } from './schema-types.ts'
import { ident, type Params } from './sql.ts'

export type NullReading = 'permission' | 'refuse' | 'collapse'

export interface BoolExpContext {
  params: Params
  /** Session variables when compiling a permission; `undefined` for a request's `where`. */
  session?: Record<string, string>
  tables: Map<string, Table>
  nulls: NullReading
  /** A fresh alias, unique in the statement, for a subquery's rows (already quoted). */
  alias(): string
  /** `FROM` text for a table: the table, or the table with the rows an insert earlier in the statement added. */
  source(table: Table): string
  /** Levels of relationships one expression may chain (`limits.ts`). */
  relationshipDepth: number
  /**
   * For a request's expression: the role's select filter of a related table (`undefined`: the role cannot select it,
   * so the relationship is not in its schema), compiled in `ctx` — a permission reads session variables.
   */
  target?: { filterOf(table: Table): BoolExp | undefined; ctx: BoolExpContext }
}

const COMPARISONS: Record<string, string> = {
  _eq: '=',
  _neq: '<>',
  _gt: '>',
  _lt: '<',
  _gte: '>=',
  _lte: '<=',
  _like: 'LIKE',
  _nlike: 'NOT LIKE',
  _ilike: 'ILIKE',
  _nilike: 'NOT ILIKE',
  _similar: 'SIMILAR TO',
  _nsimilar: 'NOT SIMILAR TO',
  _regex: '~',
  _nregex: '!~',
  _iregex: '~*',
  _niregex: '!~*',
}
const COLUMN_COMPARISONS: Record<string, string> = {
  _ceq: '=',
  _cne: '<>',
  _cgt: '>',
  _clt: '<',
  _cgte: '>=',
  _clte: '<=',
}

/** Every column operator the stand-in compiles. */
export const COLUMN_OPERATORS: ReadonlySet<string> = new Set([
  ...Object.keys(COMPARISONS),
  ...Object.keys(COLUMN_COMPARISONS),
  '_in',
  '_nin',
  '_is_null',
])

export { canonical, isSessionVariable }

function sessionValue(key: string, session: Record<string, string>): string {
  const value = session[key]
  if (value === undefined) throw new HasuraError('not-found', `missing session variable: "${key}"`)
  return value
}

/** A value from a permission or a request, bound as a parameter of the column's type. */
export function bindValue(
  value: unknown,
  column: Column,
  ctx: Pick<BoolExpContext, 'params' | 'session'>,
  array = false,
): string {
  const type = array ? `_${column.pgType}` : column.pgType
  if (ctx.session && isSessionVariable(value)) {
    const key = value.toLowerCase()
    return ctx.params.add(sessionValue(key, ctx.session), type, key)
  }
  if (array && Array.isArray(value)) return ctx.params.add(value, type)
  if (value !== null && typeof value === 'object') return ctx.params.add(JSON.stringify(value), type)
  return ctx.params.add(value, type)
}

/** Hasura's refusal of an explicit null where a request's expression may not hold one. */
function refusedNull(op: string, column: Column | undefined, table: Table): string {
  if (op === '_and' || op === '_or' || op === '_in' || op === '_nin') return 'expected a list, but found null'
  if (op === '_not') return `expected an object for type '${table.graphqlName}_bool_exp', but found null`
  if (op === '_is_null') return "expected a boolean for type 'Boolean', but found null"
  const scalar = scalarName((column as Column).pgType)
  if (op === '') return `expected an object for type '${scalar}_comparison_exp', but found null`
  return `unexpected null value for type '${scalar}'`
}

interface Walk {
  table: Table
  alias: string
  ctx: BoolExpContext
  /** Relationships followed to get here. */
  depth: number
}

/** The SQL for an explicit null at `path`, or undefined when the walk goes on as for any value. */
function nullCondition(w: Walk, op: string, column: Column | undefined, ref: string, path: string): string | undefined {
  if (w.ctx.nulls === 'refuse') throw new HasuraError('validation-failed', refusedNull(op, column, w.table), path)
  if (w.ctx.nulls === 'collapse') return 'true'
  if (op === '' || op === '_eq') return `${ref} IS NULL`
  if (op === '_neq') return `${ref} IS NOT NULL`
  return op in COMPARISONS ? undefined : 'false'
}

function columnCondition(w: Walk, column: Column, operators: unknown, path: string): string {
  const ref = `${w.alias}.${ident(column.name)}`
  if (operators === null) return nullCondition(w, '', column, ref, path) as string
  // `{ id: "X-Hasura-User-Id" }` is shorthand for `{ id: { _eq: "X-Hasura-User-Id" } }`.
  const ops =
    typeof operators === 'object' && !Array.isArray(operators)
      ? (operators as Record<string, unknown>)
      : { _eq: operators }
  const parts: string[] = []
  for (const [rawOp, value] of Object.entries(ops)) {
    if (value === undefined) continue
    const op = canonical(rawOp)
    const onNull = value === null ? nullCondition(w, op, column, ref, `${path}.${rawOp}`) : undefined
    if (onNull !== undefined) parts.push(onNull)
    else if (op === '_is_null') parts.push(`${ref} IS ${value === true ? '' : 'NOT '}NULL`)
    else if (op === '_in' || op === '_nin') {
      const placeholder = bindValue(value, column, w.ctx, true)
      parts.push(op === '_in' ? `${ref} = ANY(${placeholder})` : `NOT (${ref} = ANY(${placeholder}))`)
    } else if (COMPARISONS[op]) {
      parts.push(`${ref} ${COMPARISONS[op]} ${bindValue(value, column, w.ctx)}`)
    } else if (COLUMN_COMPARISONS[op] && typeof value === 'string') {
      parts.push(`${ref} ${COLUMN_COMPARISONS[op]} ${w.alias}.${ident(value)}`)
    } else {
      throw new HasuraError('validation-failed', `unsupported operator "${rawOp}" on column "${column.name}"`)
    }
  }
  return parts.length === 0 ? 'true' : parts.join(' AND ')
}

/** `"_a1"."user_id" = "_t"."id" AND …`: the related row of `inner` for the row of `outer`. */
export function joinCondition(rel: Relationship, outer: string, inner: string): string {
  return Object.entries(rel.columnMapping)
    .map(([local, remote]) => `${inner}.${ident(remote)} = ${outer}.${ident(local)}`)
    .join(' AND ')
}

/** The table a resolved relationship leads to (start-up checked that it is tracked). */
export function remoteTable(rel: Relationship, tables: Map<string, Table>): Table {
  const table = tables.get(tableKey(rel.remoteTable))
  if (!table) throw new HasuraError('unexpected', `relationship "${rel.name}" leads to an untracked table`)
  return table
}

function relationshipCondition(w: Walk, rel: Relationship, value: unknown, at: string): string {
  const target = remoteTable(rel, w.ctx.tables)
  if (value === null) {
    if (w.ctx.nulls === 'refuse') {
      throw new HasuraError(
        'validation-failed',
        `expected an object for type '${target.graphqlName}_bool_exp', but found null`,
        at,
      )
    }
    return w.ctx.nulls === 'collapse' ? 'true' : 'false'
  }
  const depth = w.depth + 1
  checkRelationshipDepth(depth, w.ctx.relationshipDepth)
  const inner = w.ctx.alias()
  const conditions = [joinCondition(rel, w.alias, inner)]
  if (w.ctx.target) {
    const filter = w.ctx.target.filterOf(target)
    if (!filter)
      throw new HasuraError(
        'validation-failed',
        `field '${rel.name}' not found in type: '${w.table.graphqlName}_bool_exp'`,
        at,
      )
    conditions.push(walk({ table: target, alias: inner, ctx: w.ctx.target.ctx, depth }, filter, '$'))
  }
  conditions.push(walk({ ...w, table: target, alias: inner, depth }, value as Record<string, unknown>, at))
  return `EXISTS (SELECT 1 FROM ${w.ctx.source(target)} AS ${inner} WHERE ${conditions.join(' AND ')})`
}

function walk(w: Walk, exp: Record<string, unknown>, path: string): string {
  const parts: string[] = []
  for (const [rawKey, value] of Object.entries(exp)) {
    if (value === undefined) continue
    const key = canonical(rawKey)
    const at = `${path}.${rawKey}`
    if (value === null && (key === '_and' || key === '_or' || key === '_not' || key === '_exists')) {
      parts.push(nullCondition(w, key, undefined, '', at) ?? 'false')
    } else if (key === '_and' || key === '_or') {
      const items = (Array.isArray(value) ? value : [value]) as (Record<string, unknown> | null)[]
      if (items.length === 0) {
        parts.push(key === '_and' ? 'true' : 'false')
        continue
      }
      const compiled = items.map((item, i) => (item === null ? 'false' : `(${walk(w, item, `${at}[${i}]`)})`))
      parts.push(`(${compiled.join(key === '_and' ? ' AND ' : ' OR ')})`)
    } else if (key === '_not') {
      parts.push(`NOT (${walk(w, value as Record<string, unknown>, at)})`)
    } else if (key === '_exists') {
      const spec = value as { _table?: { schema?: string; name?: string }; _where?: Record<string, unknown> }
      const key = tableKey({ schema: spec._table?.schema ?? 'public', name: String(spec._table?.name) })
      const target = w.ctx.tables.get(key)
      if (!target) throw new HasuraError('validation-failed', `_exists: table "${key}" is not tracked`)
      const inner = w.ctx.alias()
      const where = walk({ ...w, table: target, alias: inner }, spec._where ?? {}, `${at}._where`)
      parts.push(`EXISTS (SELECT 1 FROM ${w.ctx.source(target)} AS ${inner} WHERE ${where})`)
    } else {
      const rel = w.table.relationships.find((r) => r.name === key)
      if (rel) {
        parts.push(relationshipCondition(w, rel, value, at))
        continue
      }
      const column = w.table.columns.find((c) => c.name === key)
      if (!column) {
        throw new HasuraError(
          'validation-failed',
          `field '${key}' not found in type: '${w.table.graphqlName}_bool_exp'`,
          at,
        )
      }
      parts.push(columnCondition(w, column, value, at))
    }
  }
  return parts.length === 0 ? 'true' : parts.join(' AND ')
}

/**
 * Compiles `exp` for rows of `table` aliased as `alias` (already quoted); `path` is where a request's expression
 * sits (`$.selectionSet.users.args.where`), for errors. Each enclosing `_exists` or relationship gets its own alias,
 * so an inner condition can never capture an outer row by name.
 */
export function compileBoolExp(
  exp: Record<string, unknown>,
  table: Table,
  alias: string,
  ctx: BoolExpContext,
  path = '$',
): string {
  return walk({ table, alias, ctx, depth: 0 }, exp, path)
}
