/**
 * Inserts through relationships (`insert_authors(objects: [{ name, articles: { data: [...] } }])`) as Hasura executes
 * them (`insertObject` in `Hasura/Backends/Postgres/Execute/Insert.hs`): for each object, first the rows of its object
 * relationships, whose columns then determine the object's own (`author_id` from the new author's `id`); then the
 * object; then the rows of its array relationships, whose columns the new object determines. Each table's insert
 * permission applies to each of its rows: columns, presets, check. `affected_rows` counts every row inserted, and
 * `returning` the top-level rows.
 *
 * Hasura sends one statement per step; here every row is one data-modifying CTE of a single statement, a later one
 * reading the columns it depends on from an earlier one. A statement does not see its own CTEs' rows in the tables,
 * so each check and the answer read the tables together with the rows inserted before them (`source` in
 * `context.ts`). The statement's `check` column names the first step that failed, in execution order: a permission
 * check, or an upsert that inserted nothing where later rows need its columns ("affects zero rows").
 */
import { tableKey } from '../../../lib/hasura-schema.ts'
import { compileBoolExp } from '../bool-exp.ts'
import type { Table } from '../catalog.ts'
import { HasuraError } from '../errors.ts'
import { insertionOrder } from '../relationships.ts'
import type { RoleTable } from '../role-permissions.ts'
import { conflictClause, type OnConflict } from '../root-fields/insert.ts'
import { ident, literal, qualified } from '../sql.ts'
import { relationshipField, type TableTypes } from '../table-types.ts'
import { type Compilation, columnOf, permission, requestValue } from './context.ts'
import { CHECK_FAILED, presetValues } from './mutation.ts'
import { ROOT_ALIAS } from './rows.ts'

/** Why a nested insert's statement failed: the first failed step's path, code and message (its `check` column). */
export interface CheckFailure {
  path: string
  code: 'permission-error' | 'not-supported'
  message: string
}

interface Step extends CheckFailure {
  /** SQL that is true when the step failed. */
  failed: string
}

/** Where an object's errors are reported: `at` for its columns and relationships, `check` for its insert. */
interface Paths {
  at: string
  check: string
}

interface RelationshipInsert {
  data: Record<string, unknown> | Record<string, unknown>[]
  on_conflict?: OnConflict
}

/** Does the object insert into a related table too? (`author: null` does not: Hasura skips it.) */
export function nests(t: TableTypes, object: Record<string, unknown>): boolean {
  const fields = t.insertInput().getFields()
  return Object.entries(object).some(([key, value]) => value !== null && relationshipField(fields[key]))
}

/** `"a", "b"`, as Hasura lists columns in its messages. */
const quotedList = (names: string[]) => names.map((name) => `"${name}"`).join(', ')

class NestedInsert {
  readonly ctes: string[] = []
  readonly steps: Step[] = []
  readonly c: Compilation

  constructor(c: Compilation) {
    this.c = c
  }

  #register(table: Table, cte: string) {
    const key = tableKey(table)
    this.c.inserted.set(key, [...(this.c.inserted.get(key) ?? []), cte])
  }

  /** Every CTE that inserted rows, for `affected_rows`. */
  get inserts(): string[] {
    return [...this.c.inserted.values()].flat()
  }

  /**
   * One object of table `t`, whose `determined` columns come from rows inserted before it (SQL over the CTEs in
   * `from`); returns the CTE that holds its row.
   */
  object(
    t: TableTypes,
    object: Record<string, unknown>,
    onConflict: OnConflict | undefined,
    determined: Record<string, string>,
    from: string[],
    paths: Paths,
    onConflictAt: string,
  ): string {
    const fields = t.insertInput().getFields()
    const given = Object.keys(object).filter((key) => !relationshipField(fields[key]))
    const clash = given.filter((name) => name in determined)
    if (clash.length > 0) {
      throw new HasuraError(
        'validation-failed',
        `cannot insert ${quotedList(clash)} columns as their values are already being determined by parent insert`,
        paths.at,
      )
    }
    const related = Object.entries(object).flatMap(([key, value]) => {
      const rel = relationshipField(fields[key])
      return rel && value !== null ? [{ key, ...rel, value: value as RelationshipInsert }] : []
    })
    const before = related.filter((r) => insertionOrder(r.relationship) === 'before_parent')
    const after = related.filter((r) => insertionOrder(r.relationship) === 'after_parent')

    const own = { ...determined }
    const deps = [...from]
    for (const { key, relationship, target, value } of before) {
      const at = `${paths.at}.${key}`
      const local = Object.keys(relationship.columnMapping)
      const taken = local.filter((name) => name in own || given.includes(name))
      if (taken.length > 0) {
        throw new HasuraError(
          'validation-failed',
          `cannot insert object relationship "${key}" as ${quotedList(taken)} column values are already determined`,
          at,
        )
      }
      const data = { at: `${at}.data`, check: `${at}.data` }
      const row = value.data as Record<string, unknown>
      const cte = this.object(target, row, value.on_conflict, {}, [], data, `${at}.on_conflict`)
      this.steps.push({
        failed: `NOT EXISTS (SELECT 1 FROM ${cte})`,
        path: at,
        code: 'not-supported',
        message: `cannot proceed to insert object relation "${key}" since insert to table "${target.table.displayName}" affects zero rows`,
      })
      for (const [localColumn, remoteColumn] of Object.entries(relationship.columnMapping)) {
        own[localColumn] = `${cte}.${ident(remoteColumn)}`
      }
      deps.push(cte)
    }

    const cte = this.#insertRow(t, object, given, own, deps, onConflict, paths, onConflictAt)
    if (after.length > 0) {
      this.steps.push({
        failed: `NOT EXISTS (SELECT 1 FROM ${cte})`,
        path: paths.at,
        code: 'not-supported',
        message: `cannot proceed to insert array relations since insert to table "${t.table.displayName}" affects zero rows`,
      })
    }
    for (const { key, relationship, target, value, kind } of after) {
      const childDetermined = Object.fromEntries(
        Object.entries(relationship.columnMapping).map(([local, remote]) => [remote, `${cte}.${ident(local)}`]),
      )
      const data = `${paths.at}.${key}.data`
      const rows = (kind === 'object' ? [value.data] : value.data) as Record<string, unknown>[]
      // Rows that nest further are inserted one by one, each reported at its index; the others together, their check
      // at the list (`insertMultipleObjects`).
      const oneByOne = rows.some((row) => nests(target, row))
      rows.forEach((row, i) => {
        const at = `${data}[${i}]`
        const rowPaths = { at, check: oneByOne ? at : data }
        this.object(target, row, value.on_conflict, childDetermined, [cte], rowPaths, `${paths.at}.${key}.on_conflict`)
      })
    }
    return cte
  }

  /** The CTE that inserts one row: its given columns, the determined ones, then the presets no other value took. */
  #insertRow(
    t: TableTypes,
    object: Record<string, unknown>,
    given: string[],
    determined: Record<string, string>,
    from: string[],
    onConflict: OnConflict | undefined,
    paths: Paths,
    onConflictAt: string,
  ): string {
    const c = this.c
    const rt = t.role
    const insert = rt.insert as NonNullable<RoleTable['insert']>
    const values = new Map<string, string>()
    for (const name of given)
      values.set(name, requestValue(object[name], columnOf(t.table, name), c, `${paths.at}.${name}`))
    for (const [name, sql] of Object.entries(determined)) values.set(name, sql)
    // Only the presets no other value took are bound: an unused parameter would have no type for Postgres.
    const presets = Object.fromEntries(Object.entries(insert.set).filter(([name]) => !values.has(name)))
    for (const preset of presetValues(rt, presets, c)) values.set(preset.name, preset.sql)
    const insertCheck = compileBoolExp(insert.check, t.table, ROOT_ALIAS, permission(c))
    const { conflict, check } = conflictClause(rt, onConflict, insertCheck, c, onConflictAt)
    const columns = [...values.keys()].map(ident).join(', ')
    const rows =
      values.size === 0
        ? 'DEFAULT VALUES'
        : from.length === 0
          ? `VALUES (${[...values.values()].join(', ')})`
          : `SELECT ${[...values.values()].join(', ')} FROM ${[...new Set(from)].join(', ')}`
    const target = qualified(t.table.schema, t.table.name)
    const cte = c.alias()
    this.ctes.push(
      `${cte} AS (INSERT INTO ${target} AS ${ROOT_ALIAS} ${values.size === 0 ? '' : `(${columns}) `}${rows}${conflict} RETURNING *, (${check}) AS "__check")`,
    )
    this.steps.push({
      failed: `NOT (SELECT coalesce(bool_and("__check"), true) FROM ${cte})`,
      path: paths.check,
      code: 'permission-error',
      message: CHECK_FAILED,
    })
    this.#register(t.table, cte)
    return cte
  }

  /** NULL when every step passed, else `{ path, code, message }` of the first that failed. */
  check(): string {
    const cases = this.steps.map(
      (step) =>
        `WHEN ${step.failed} THEN json_build_object('path', ${literal(step.path)}, 'code', ${literal(step.code)}, 'message', ${literal(step.message)})`,
    )
    return `CASE ${cases.join(' ')} END`
  }
}

/**
 * The statement of an insert whose objects nest: `WITH <one CTE per row>, "_m" AS (<the top-level rows>) SELECT
 * <answer> AS root, <first failed step> AS check`. `answer` builds the field's answer from `"_m"` and the count of all
 * inserted rows.
 */
export function nestedInsert(
  t: TableTypes,
  objects: Record<string, unknown>[],
  onConflict: OnConflict | undefined,
  c: Compilation,
  paths: { at: string; onConflictAt: string },
  answer: (affected: string) => string,
): string {
  const plan = new NestedInsert(c)
  const top = objects.map((object, i) =>
    plan.object(
      t,
      object,
      onConflict,
      {},
      [],
      { at: `${paths.at}[${i}]`, check: `${paths.at}[${i}]` },
      paths.onConflictAt,
    ),
  )
  const affected = `(${plan.inserts.map((cte) => `(SELECT count(*) FROM ${cte})`).join(' + ')})`
  const rows = top.map((cte) => `SELECT * FROM ${cte}`).join(' UNION ALL ')
  return `WITH ${plan.ctes.join(', ')}, "_m" AS (${rows}) SELECT ${answer(affected)} AS root, ${plan.check()} AS check`
}
