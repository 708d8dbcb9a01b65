/**
 * Boolean expressions — a permission's `filter`/`check` or a request's `where` — compiled to one SQL condition.
 * Session variables in permissions become bound parameters cast to the column's type, exactly like Hasura's
 * `(($1 ->> 'x-hasura-user-id'))::text` (specs/hasura.md §4.2–4.3). A `where` from a request never reads
 * session variables: its `"X-Hasura-User-Id"` is the literal string.
 */
import type { Column, Table } from './catalog.ts'
import { HasuraError } from './errors.ts'
import { ident, type Params, qualified } from './sql.ts'

export interface BoolExpContext {
  params: Params
  /** Session variables when compiling a permission; `undefined` for a request's `where`. */
  session?: Record<string, string>
  tables: Map<string, Table>
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

/** Permission files may use the legacy `$eq`, `$or`, … spellings. */
function canonical(key: string): string {
  return key.startsWith('$') ? `_${key.slice(1)}` : key
}

export function isSessionVariable(value: unknown): value is string {
  return typeof value === 'string' && value.toLowerCase().startsWith('x-hasura-')
}

function sessionValue(name: string, session: Record<string, string>): string {
  const key = name.toLowerCase()
  const value = session[key]
  if (value === undefined) throw new HasuraError('not-found', `missing session variable: "${key}"`)
  return value
}

/** A value from a permission or a request, bound as a parameter of the column's type. */
export function bindValue(value: unknown, column: Column, ctx: BoolExpContext, array = false): string {
  const type = array ? `_${column.pgType}` : column.pgType
  if (ctx.session && isSessionVariable(value)) return ctx.params.add(sessionValue(value, ctx.session), type)
  if (array && Array.isArray(value)) return ctx.params.add(value, type)
  if (value !== null && typeof value === 'object') return ctx.params.add(JSON.stringify(value), type)
  return ctx.params.add(value, type)
}

function columnCondition(ref: string, column: Column, operators: unknown, ctx: BoolExpContext, alias: string): string {
  // `{ id: "X-Hasura-User-Id" }` is shorthand for `{ id: { _eq: "X-Hasura-User-Id" } }`.
  const ops =
    operators !== null && typeof operators === 'object' && !Array.isArray(operators)
      ? (operators as Record<string, unknown>)
      : { _eq: operators }
  const parts: string[] = []
  for (const [rawOp, value] of Object.entries(ops)) {
    const op = canonical(rawOp)
    if (op === '_is_null') {
      if (value === null || value === undefined) continue
      parts.push(`${ref} IS ${value === true ? '' : 'NOT '}NULL`)
    } else if (value === null || value === undefined) {
      // Hasura v2 treats `{ _eq: null }` as "no condition" (the default of HASURA_GRAPHQL_V1_BOOLEAN_NULL_COLLAPSE).
    } else if (op === '_in' || op === '_nin') {
      const placeholder = bindValue(value, column, ctx, true)
      parts.push(op === '_in' ? `${ref} = ANY(${placeholder})` : `NOT (${ref} = ANY(${placeholder}))`)
    } else if (COMPARISONS[op]) {
      parts.push(`${ref} ${COMPARISONS[op]} ${bindValue(value, column, ctx)}`)
    } else if (COLUMN_COMPARISONS[op] && typeof value === 'string') {
      parts.push(`${ref} ${COLUMN_COMPARISONS[op]} ${alias}.${ident(value)}`)
    } else {
      throw new HasuraError('validation-failed', `unsupported operator "${rawOp}" on column "${column.name}"`)
    }
  }
  return parts.length === 0 ? 'true' : parts.join(' AND ')
}

/**
 * Compiles `exp` for rows of `table` aliased as `alias` (already quoted). `depth` counts enclosing `_exists`: each
 * level gets its own alias, so an inner condition can never capture an outer row by name.
 */
export function compileBoolExp(
  exp: Record<string, unknown>,
  table: Table,
  alias: string,
  ctx: BoolExpContext,
  depth = 0,
): string {
  const parts: string[] = []
  for (const [rawKey, value] of Object.entries(exp)) {
    const key = canonical(rawKey)
    if (key === '_and' || key === '_or') {
      const items = (Array.isArray(value) ? value : [value]).filter((v) => v !== null) as Record<string, unknown>[]
      if (items.length === 0) {
        parts.push(key === '_and' ? 'true' : 'false')
        continue
      }
      const compiled = items.map((item) => `(${compileBoolExp(item, table, alias, ctx, depth)})`)
      parts.push(`(${compiled.join(key === '_and' ? ' AND ' : ' OR ')})`)
    } else if (key === '_not') {
      if (value !== null)
        parts.push(`NOT (${compileBoolExp(value as Record<string, unknown>, table, alias, ctx, depth)})`)
    } else if (key === '_exists') {
      const spec = value as { _table?: { schema?: string; name?: string }; _where?: Record<string, unknown> }
      const schema = spec._table?.schema ?? 'public'
      const target = ctx.tables.get(`${schema}.${spec._table?.name}`)
      if (!target) {
        throw new HasuraError('validation-failed', `_exists: table "${schema}.${spec._table?.name}" is not tracked`)
      }
      const inner = ident(`_e${depth + 1}`)
      const where = compileBoolExp(spec._where ?? {}, target, inner, ctx, depth + 1)
      parts.push(`EXISTS (SELECT 1 FROM ${qualified(target.schema, target.name)} AS ${inner} WHERE ${where})`)
    } else {
      const column = table.columns.find((c) => c.name === key)
      if (!column) {
        throw new HasuraError('validation-failed', `field '${key}' not found in type: '${table.graphqlName}_bool_exp'`)
      }
      parts.push(columnCondition(`${alias}.${ident(column.name)}`, column, value, ctx, alias))
    }
  }
  return parts.length === 0 ? 'true' : parts.join(' AND ')
}
