/**
 * The fields a filter reads — columns, and relationship paths down to their columns — as a GraphQL selection, so
 * the rows the proof checks come back with everything the browser needs to evaluate the filter itself. Only what
 * the role may select is asked for (Hasura would refuse the whole query otherwise); the rest stays undecided.
 */
import type { HasuraSchema, TableSchema } from '../../lib/hasura-schema.ts'
import { COLUMN_COMPARISONS, canonical, isObject, itemsOf, operatorsOf, relationshipOf } from './bool-exp.ts'

/** Field name → `null` for a column, or the selection under a relationship. */
export type Selection = Map<string, Selection | null>

const NAME = /^[_A-Za-z][_0-9A-Za-z]*$/

export interface SelectionContext {
  schema: HasuraSchema
  role: string
  /** Collects the fields a filter reads that the role cannot select (`user.email`): the browser cannot see them. */
  unreadable?: string[]
}

/** May the role select `column` of `table`? A table the schema does not know is tried (Hasura decides). */
export function canSelect(ctx: SelectionContext, table: TableSchema | undefined, column: string): boolean {
  if (!NAME.test(column)) return false
  if (!table) return true
  const columns = table.select[ctx.role]?.columns
  return columns === '*' || (columns?.includes(column) ?? false)
}

/** Adds `column` if the role may select it; returns whether it is in the selection. */
export function addColumn(
  ctx: SelectionContext,
  table: TableSchema | undefined,
  selection: Selection,
  column: string,
): boolean {
  if (!canSelect(ctx, table, column)) return false
  if (!selection.has(column)) selection.set(column, null)
  return true
}

/** Adds what `exp` (a filter on `table`) reads to `selection`; `root` is the filter's own row (`_ceq: ["$", c]`). */
export function addFilterFields(
  ctx: SelectionContext,
  exp: unknown,
  table: TableSchema | undefined,
  selection: Selection,
  root: { table: TableSchema | undefined; selection: Selection } = { table, selection },
  path = '',
): Selection {
  const unreadable = (name: string) => ctx.unreadable?.push(`${path}${name}`)
  if (!isObject(exp)) return selection
  for (const [rawKey, value] of Object.entries(exp)) {
    const key = canonical(rawKey)
    if (key === '_and' || key === '_or') {
      for (const item of itemsOf(value)) addFilterFields(ctx, item, table, selection, root, path)
    } else if (key === '_not') addFilterFields(ctx, value, table, selection, root, path)
    else if (key === '_exists')
      continue // uncorrelated: evaluated once, from its own table (table-read.ts settles it)
    else {
      const step = relationshipOf(ctx.schema, table, key, value)
      if (!step) {
        if (!addColumn(ctx, table, selection, key)) unreadable(key)
        for (const [op, operand] of operatorsOf(value)) {
          if (!COLUMN_COMPARISONS[op]) continue
          const path = Array.isArray(operand) ? operand : [operand]
          const other = path[path.length - 1]
          const at = path[0] === '$' ? root : { table, selection }
          if (typeof other === 'string' && !addColumn(ctx, at.table, at.selection, other)) unreadable(other)
        }
        continue
      }
      // A relationship is exposed only when the role may select the related table.
      if (!NAME.test(key) || (step.target && !step.target.select[ctx.role])) {
        unreadable(key)
        continue
      }
      const nested = selection.get(key) ?? new Map()
      selection.set(key, nested)
      addFilterFields(ctx, value, step.target, nested, root, `${path}${key}.`)
    }
  }
  return selection
}

/** `id user_id user { id }`; an empty level asks for `__typename`, which every object has. */
export function printSelection(selection: Selection): string {
  if (selection.size === 0) return '__typename'
  return [...selection].map(([name, nested]) => (nested ? `${name} { ${printSelection(nested)} }` : name)).join(' ')
}

/** Every `_exists` of an expression, with its table and condition (they may nest, and sit under relationships). */
export function existsOf(exp: unknown, found: unknown[] = []): unknown[] {
  if (Array.isArray(exp)) for (const item of exp) existsOf(item, found)
  else if (isObject(exp)) {
    for (const [key, value] of Object.entries(exp)) {
      if (canonical(key) === '_exists') found.push(value)
      existsOf(value, found)
    }
  }
  return found
}
