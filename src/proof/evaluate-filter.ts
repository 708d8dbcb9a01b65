/**
 * A permission filter evaluated in the browser, on rows Hasura returned, so the proof does not merely trust Hasura's
 * answer. It follows the SQL Hasura compiles a filter to (specs/hasura.md §4.2–4.3): comparisons with SQL's NULL (a
 * NULL column compares to nothing, `NOT` of NULL is NULL), relationships and `_exists` as `EXISTS` (an array
 * relationship: at least one related row), permission `_eq: null` as `IS NULL`.
 *
 * The browser sees less than Hasura: columns the role cannot select, related rows another permission hides. Each
 * node's result is therefore the set of SQL truth values it may have (true, false, NULL); a row passes only if its
 * set is {true}, fails if true is impossible, and is undecided otherwise.
 */
import type { BoolExp, HasuraSchema, TableSchema } from '../../lib/hasura-schema.ts'
import {
  arrayLiteral,
  COLUMN_COMPARISONS,
  isObject,
  isSessionVariable,
  itemsOf,
  operatorsOf,
  relationshipOf,
  type Session,
  canonical as toCanonical,
} from './bool-exp.ts'

export type Row = Record<string, unknown>
export type Verdict = true | false | 'unknown'

const T = 1
const F = 2
const N = 4 // SQL NULL
const ANY = T | F | N
type Truth = number

const bits = (t: Truth) => [T, F, N].filter((b) => t & b)
const lift2 = (a: Truth, b: Truth, op: (x: number, y: number) => number): Truth => {
  let out = 0
  for (const x of bits(a)) for (const y of bits(b)) out |= op(x, y)
  return out
}
const and = (a: Truth, b: Truth) => lift2(a, b, (x, y) => (x === F || y === F ? F : x === N || y === N ? N : T))
const or = (a: Truth, b: Truth) => lift2(a, b, (x, y) => (x === T || y === T ? T : x === N || y === N ? N : F))
const not = (a: Truth) => bits(a).reduce((out, x) => out | (x === T ? F : x === F ? T : N), 0)
const of = (b: boolean): Truth => (b ? T : F)

export interface EvalContext {
  schema: HasuraSchema
  role: string
  session: Session
  /** The value of each `_exists` of the filter (uncorrelated: the same for every row), found beforehand. */
  exists?: (spec: unknown) => Verdict
}

/**
 * Whether the role sees every row of `table` (its select filter is `{}`): then a relationship with no related row in
 * view really has none. Otherwise a row the role cannot see may be the one that matches.
 */
export function seesAllRows(ctx: Pick<EvalContext, 'role'>, table: TableSchema | undefined): boolean {
  const permission = table?.select[ctx.role]
  return permission !== undefined && Object.keys(permission.filter).length === 0 && permission.limit === undefined
}

function fromVerdict(v: Verdict): Truth {
  return v === 'unknown' ? T | F : of(v)
}

/** `EXISTS` over the related rows in view: true as soon as one surely matches. */
function exists(matches: Truth[], complete: boolean): Truth {
  if (matches.some((m) => m === T)) return T
  if (complete && matches.every((m) => !(m & T))) return F
  return T | F
}

/** A session variable's value, or undefined when the session has none (Hasura refuses the request then). */
function resolve(operand: unknown, session: Session): unknown {
  return isSessionVariable(operand) ? session[operand.toLowerCase()] : operand
}

/** The operand as the column's type reads it (a session variable is always text; Postgres casts it). */
function coerce(operand: unknown, value: unknown): unknown {
  if (typeof value === 'number' && typeof operand === 'string' && operand.trim() !== '') return Number(operand)
  if (typeof value === 'boolean' && (operand === 'true' || operand === 'false')) return operand === 'true'
  if (typeof value === 'string' && (typeof operand === 'number' || typeof operand === 'boolean')) return String(operand)
  return operand
}

const isScalar = (v: unknown) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'

/** A LIKE / SIMILAR TO pattern as a regular expression anchored at both ends. */
function sqlPattern(pattern: string, similar: boolean, flags: string): RegExp {
  let out = ''
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string
    if (c === '\\' && i + 1 < pattern.length) out += (pattern[++i] as string).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    else if (c === '%') out += '.*'
    else if (c === '_') out += '.'
    else if (similar && '|*+?{}()[]'.includes(c)) out += c
    else out += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  }
  return new RegExp(`^(?:${out})$`, `s${flags}`)
}

const MATCHERS: Record<string, (value: string, pattern: string) => boolean> = {
  _like: (v, p) => sqlPattern(p, false, '').test(v),
  _ilike: (v, p) => sqlPattern(p, false, 'i').test(v),
  _similar: (v, p) => sqlPattern(p, true, '').test(v),
  _regex: (v, p) => new RegExp(p, 's').test(v),
  _iregex: (v, p) => new RegExp(p, 'si').test(v),
}
const NEGATED: Record<string, string> = {
  _nlike: '_like',
  _nilike: '_ilike',
  _nsimilar: '_similar',
  _nregex: '_regex',
  _niregex: '_iregex',
}
const ORDER: Record<string, (a: number | string, b: number | string) => boolean> = {
  _gt: (a, b) => a > b,
  _lt: (a, b) => a < b,
  _gte: (a, b) => a >= b,
  _lte: (a, b) => a <= b,
}

/** The list of an `_in`: a list of values and session variables, or a session variable holding an array literal. */
function listOf(operand: unknown, session: Session): unknown[] | undefined {
  const resolved = resolve(operand, session)
  if (Array.isArray(resolved)) return resolved.map((item) => resolve(item, session))
  return typeof resolved === 'string' ? arrayLiteral(resolved) : undefined
}

/** One comparison of a column value; `value === null` is SQL's NULL. */
function compare(op: string, value: unknown, rawOperand: unknown, session: Session): Truth {
  if (op === '_is_null')
    return rawOperand === true ? of(value === null) : rawOperand === false ? of(value !== null) : ANY
  if (op === '_in' || op === '_nin') {
    const list = listOf(rawOperand, session)
    if (!list || list.some((item) => item === undefined)) return ANY
    if (value === null) return N
    if (!isScalar(value)) return ANY
    const found = list.some((item) => coerce(item, value) === value)
    return of(op === '_in' ? found : !found)
  }
  const operand = resolve(rawOperand, session)
  if (operand === undefined) return ANY
  // A permission's `_eq: null` / `_neq: null` is `IS [NOT] NULL` (Hasura parses permission equality as nullable).
  if (operand === null) return op === '_eq' ? of(value === null) : op === '_neq' ? of(value !== null) : N
  if (value === null) return N
  if (!isScalar(value) || !isScalar(operand)) return ANY
  const right = coerce(operand, value)
  if (typeof right === 'number' && Number.isNaN(right)) return ANY
  if (op === '_eq') return of(value === right)
  if (op === '_neq') return of(value !== right)
  const order = ORDER[op]
  // Strings in code-point order, as Postgres' C collation sorts them.
  if (order) return typeof value === typeof right ? of(order(value as string, right as string)) : ANY
  const matcher = MATCHERS[NEGATED[op] ?? op]
  if (matcher && typeof value === 'string' && typeof right === 'string') {
    try {
      const matched = matcher(value, right)
      return of(NEGATED[op] ? !matched : matched)
    } catch {
      return ANY // a POSIX pattern JavaScript does not read
    }
  }
  return ANY // an operator this evaluator does not know (JSON, PostGIS, …): undecided, never a verdict
}

interface Walk {
  ctx: EvalContext
  table: TableSchema | undefined
  root: Row
}

function column(w: Walk, row: Row, key: string, ops: unknown): Truth {
  if (!(key in row)) return ANY // not fetched: the role cannot select it
  const value = row[key]
  let out: Truth = T
  for (const [op, operand] of operatorsOf(ops)) {
    const columnOp = COLUMN_COMPARISONS[op]
    if (columnOp) {
      // `_ceq: "other"` (same row) or `_ceq: ["$", "other"]` (the root row of the filter).
      const path = Array.isArray(operand) ? operand : [operand]
      const source = path[0] === '$' ? w.root : row
      const other = path[path.length - 1]
      out = and(out, typeof other === 'string' && other in source ? compare(columnOp, value, source[other], {}) : ANY)
    } else {
      out = and(out, compare(op, value, operand, w.ctx.session))
    }
  }
  return out
}

function walk(w: Walk, exp: unknown, row: Row): Truth {
  if (!isObject(exp)) return ANY
  let out: Truth = T
  for (const [rawKey, value] of Object.entries(exp)) {
    if (value === undefined) continue
    const key = toCanonical(rawKey)
    let part: Truth
    if (key === '_and' || key === '_or') {
      const items = itemsOf(value)
      const start = key === '_and' ? T : F
      part = items.reduce<Truth>((acc, item) => (key === '_and' ? and : or)(acc, walk(w, item, row)), start)
    } else if (key === '_not') {
      part = not(walk(w, value, row))
    } else if (key === '_exists') {
      part = fromVerdict(w.ctx.exists?.(value) ?? 'unknown')
    } else {
      const step = relationshipOf(w.ctx.schema, w.table, key, value)
      if (!step) part = column(w, row, key, value)
      else if (!(key in row)) part = ANY
      else {
        const related = row[key]
        const nested = { ...w, table: step.target }
        const rows = Array.isArray(related) ? related : related === null ? [] : [related]
        const matches = rows.map((r) => (isObject(r) ? walk(nested, value, r) : ANY))
        // An object relationship relates at most one row: when it is in view, it is the one.
        part = exists(matches, isObject(related) || seesAllRows(w.ctx, step.target))
      }
    }
    out = and(out, part)
  }
  return out
}

/** Does `row` of `table` satisfy `filter` for the session? `unknown` when what the browser sees cannot tell. */
export function evaluateFilter(filter: BoolExp, row: Row, table: TableSchema | undefined, ctx: EvalContext): Verdict {
  const truth = walk({ ctx, table, root: row }, filter, row)
  return truth === T ? true : truth & T ? 'unknown' : false
}
