/**
 * What the proof does with each table a role may select: a filter that depends on `X-Hasura-User-Id` (directly,
 * through relationships or `_exists`) makes the table **per-user** — each user must see only rows the filter gives
 * them, and nobody else's; any other filter makes it **shared** — readable by every user by design, its filter shown.
 */
import { type BoolExp, graphqlNameOf, type HasuraSchema, type TableSchema, tableKey } from '../../lib/hasura-schema.ts'
import { canonical, dependsOnUser, isObject, isSessionVariable, itemsOf, operatorsOf, USER_ID } from './bool-exp.ts'

export type TableKind = 'per-user' | 'shared'

/** The column an inserted row's owner goes in, and what in the insert permission says so. */
export interface Ownership {
  column: string
  how: 'preset' | 'check' | 'filter'
}

export interface TablePlan {
  table: TableSchema
  /** `public.notes` */
  key: string
  /** `notes` (Hasura's root fields: `notes`, `notes_by_pk`, `insert_notes`, …) */
  graphqlName: string
  role: string
  kind: TableKind
  filter: BoolExp
  owner?: Ownership
}

const isUserId = (value: unknown) => isSessionVariable(value) && value.toLowerCase() === USER_ID

/**
 * The column an expression pins to `X-Hasura-User-Id` at its top level (or in a top-level `_and`): `user_id: { _eq:
 * X-Hasura-User-Id }`, or through an object relationship on one foreign-key column, `user: { id: { _eq: … } }`.
 */
export function userIdColumn(exp: unknown, table: TableSchema): string | undefined {
  if (!isObject(exp)) return undefined
  for (const [rawKey, value] of Object.entries(exp)) {
    const key = canonical(rawKey)
    if (key === '_and') {
      for (const item of itemsOf(value)) {
        const found = userIdColumn(item, table)
        if (found) return found
      }
      continue
    }
    if (key.startsWith('_')) continue
    const relationship = table.relationships.find((r) => r.name === key)
    if (!relationship) {
      if (operatorsOf(value).some(([op, operand]) => op === '_eq' && isUserId(operand))) return key
      continue
    }
    if (relationship.kind !== 'object' || !isObject(value)) continue
    const local = relationship.columnMapping ? Object.keys(relationship.columnMapping) : relationship.columns
    if (local?.length !== 1) continue
    const remote = relationship.columnMapping?.[local[0] as string]
    const pinned = Object.entries(value).find(([column, ops]) =>
      operatorsOf(ops).some(([op, operand]) => op === '_eq' && isUserId(operand) && (!remote || column === remote)),
    )
    if (pinned) return local[0]
  }
  return undefined
}

/** Where an inserted row's owner goes: a preset from `X-Hasura-User-Id`, else the column its check (or filter) pins. */
export function ownershipOf(table: TableSchema, role: string): Ownership | undefined {
  const insert = table.insert[role]
  const preset = Object.entries(insert?.set ?? {}).find(([, value]) => isUserId(value))
  if (preset) return { column: preset[0], how: 'preset' }
  const checked = insert && userIdColumn(insert.check, table)
  if (checked) return { column: checked, how: 'check' }
  const filtered = userIdColumn(table.select[role]?.filter ?? {}, table)
  return filtered ? { column: filtered, how: 'filter' } : undefined
}

/** The tables `role` may select, in metadata order, each classified. */
export function planTables(schema: HasuraSchema, role: string): TablePlan[] {
  return schema.tables.flatMap((table) => {
    const select = table.select[role]
    if (!select) return []
    return [
      {
        table,
        key: tableKey(table),
        graphqlName: graphqlNameOf(table),
        role,
        kind: dependsOnUser(select.filter) ? 'per-user' : 'shared',
        filter: select.filter,
        owner: ownershipOf(table, role),
      },
    ]
  })
}
