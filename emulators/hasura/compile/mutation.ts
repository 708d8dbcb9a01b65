/**
 * What insert, update and delete share: the rows a mutation touched are the CTE `"_m"`, the field's answer is read
 * from it, and an insert/update permission's `check` is evaluated by Postgres on every touched row in the same
 * statement (`RETURNING *, (check) AS "__check"`; specs/hasura.md §4.4).
 */
import { bindValue, compileBoolExp } from '../bool-exp.ts'
import type { RoleTable } from '../role-permissions.ts'
import { type Compilation, columnOf, permission } from './context.ts'
import { ROOT_ALIAS, rootAt, rowObject } from './rows.ts'
import { child, objectOf, type Selection } from './selection.ts'

/** Hasura's message for a row that fails an insert/update permission's `check`. */
export const CHECK_FAILED = 'check constraint of an insert/update permission has failed'

/** Preset values (`set`) of an insert/update permission: literals or session variables, bound as parameters. */
export function presetValues(rt: RoleTable, set: Record<string, unknown>, c: Compilation) {
  return Object.entries(set).map(([name, value]) => ({
    name,
    sql: bindValue(value, columnOf(rt.table, name), permission(c)),
  }))
}

/**
 * The SELECT over `"_m"` that answers the field: one row object (`*_one`, `*_by_pk`) or the mutation response
 * (`affected_rows`, `returning`). Returned rows are also subject to the role's select filter. `affected` counts the
 * rows: those of `"_m"`, or — for a nested insert — of every table it wrote to.
 */
export function mutationResult(
  rt: RoleTable,
  sel: Selection,
  c: Compilation,
  single: boolean,
  key: string,
  affected = '(SELECT count(*) FROM "_m")',
): string {
  const T = ROOT_ALIAS
  const row = { table: rt.table, alias: T }
  const at = rootAt(key)
  // Compiled only where used: an unused filter would still bind its parameters.
  const visible = () => (rt.select ? compileBoolExp(rt.select.filter, rt.table, T, permission(c)) : 'false')
  if (single) return `(SELECT ${rowObject(sel, row, c, at)} FROM "_m" AS ${T} WHERE ${visible()} LIMIT 1)`
  return objectOf(sel, (sub) => {
    if (sub.name === 'affected_rows') return affected
    const rows = rowObject(child(sel, sub), row, c, { path: `${at.path}.selectionSet.${sub.key}`, depth: 0 })
    return `(SELECT coalesce(json_agg(${rows}), '[]'::json) FROM "_m" AS ${T} WHERE ${visible()})`
  })
}

/** `WITH "_m" AS (<mutation> RETURNING *, (<check>) AS "__check") SELECT <result> AS root, <all checks pass> AS check`. */
export function checkedMutation(mutation: string, check: string, result: string): string {
  return `WITH "_m" AS (${mutation} RETURNING *, (${check}) AS "__check")
         SELECT ${result} AS root, (SELECT coalesce(bool_and("__check"), true) FROM "_m") AS check`
}
