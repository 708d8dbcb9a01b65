/**
 * Checks at start-up that the boolean expressions of every permission name only what exists: columns of the table,
 * its relationships (and, through them, the related table's columns and relationships), tracked tables in `_exists`,
 * and operators the stand-in compiles. Hasura reports such a permission as inconsistent metadata when it builds its
 * schema cache; here it stops start-up with the table, the permission and the name, instead of failing every request
 * of the role later.
 */

import { tableKey } from '../../lib/hasura-schema.ts'
import { COLUMN_OPERATORS, canonical, remoteTable } from './bool-exp.ts'
import type { Table } from './catalog.ts'
import { MetadataError } from './metadata.ts'
import { quotedTable } from './relationships.ts'

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

class Unknown extends Error {}

function check(exp: unknown, table: Table, tables: Map<string, Table>): void {
  if (!isObject(exp)) throw new Unknown(`expected a boolean expression object in table ${quotedTable(table)}`)
  for (const [rawKey, value] of Object.entries(exp)) {
    const key = canonical(rawKey)
    if (key === '_and' || key === '_or') {
      for (const item of Array.isArray(value) ? value : [value]) check(item, table, tables)
    } else if (key === '_not') {
      check(value, table, tables)
    } else if (key === '_exists') {
      const spec = isObject(value) ? value : {}
      const ref = isObject(spec._table) ? spec._table : {}
      const target = tables.get(
        tableKey({ schema: typeof ref.schema === 'string' ? ref.schema : 'public', name: String(ref.name) }),
      )
      if (!target) throw new Unknown(`_exists: table "${String(ref.name)}" is not tracked`)
      check(spec._where ?? {}, target, tables)
    } else if (table.columns.some((c) => c.name === rawKey)) {
      if (!isObject(value)) continue
      const unknown = Object.keys(value).find((op) => !COLUMN_OPERATORS.has(canonical(op)))
      if (unknown)
        throw new Unknown(`unknown operator "${unknown}" on column "${rawKey}" of table ${quotedTable(table)}`)
    } else {
      const rel = table.relationships.find((r) => r.name === rawKey)
      if (!rel) throw new Unknown(`no column or relationship "${rawKey}" in table ${quotedTable(table)}`)
      check(value ?? {}, remoteTable(rel, tables), tables)
    }
  }
}

export function checkPermissionExpressions(tableList: Table[]): void {
  const tables = new Map(tableList.map((t) => [tableKey(t), t]))
  for (const table of tableList) {
    const m = table.metadata
    const expressions: (readonly [kind: string, role: string, key: string, exp: unknown])[] = [
      ...[...m.select].map(([role, p]) => ['select', role, 'filter', p.filter] as const),
      ...[...m.insert].map(([role, p]) => ['insert', role, 'check', p.check] as const),
      ...[...m.update].flatMap(([role, p]) => [
        ['update', role, 'filter', p.filter] as const,
        ...(p.check ? [['update', role, 'check', p.check] as const] : []),
      ]),
      ...[...m.delete].map(([role, p]) => ['delete', role, 'filter', p.filter] as const),
    ]
    for (const [kind, role, key, exp] of expressions) {
      try {
        check(exp, table, tables)
      } catch (error) {
        if (!(error instanceof Unknown)) throw error
        throw new MetadataError(
          m.file,
          undefined,
          `inconsistent object: in table ${quotedTable(table)}: in ${kind} permission for role "${role}": ${key}: ${error.message}`,
        )
      }
    }
  }
}
