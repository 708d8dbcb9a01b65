/**
 * Relationships resolved against the catalog at start-up, as Hasura builds its schema cache (`objRelP2Setup`,
 * `arrRelP2Setup` in `Hasura/RQL/DDL/Relationship.hs`, `buildRelationship` in `.../Schema/Cache/Fields.hs`): the
 * remote table must be tracked, every named column must exist, and a `foreign_key_constraint_on` must name exactly
 * the columns of one foreign key. Otherwise the metadata is inconsistent, reported as Hasura does:
 * `in table "notes": in relationship "user": no foreign constraint exists on the given column`.
 */
import { sameColumns, sameTable, tableKey } from '../../lib/hasura-schema.ts'
import {
  type ForeignKey,
  MetadataError,
  type QualifiedTable,
  type Relationship,
  type RelationshipMetadata,
  type TableMetadata,
} from './metadata.ts'

/** What the catalog knows that a relationship needs: tracked tables' columns, and every foreign key among them. */
export interface RelationshipCatalog {
  /** The columns of a tracked table; `undefined` when the table is not tracked. */
  columnsOf(table: QualifiedTable): readonly string[] | undefined
  foreignKeys: readonly ForeignKey[]
}

/** `users` in `public`, `s.t` elsewhere: how Hasura's messages and descriptions name a table. */
export const displayNameOf = (t: QualifiedTable): string => (t.schema === 'public' ? t.name : tableKey(t))

/** `"users"` in `public`, `"s.t"` elsewhere: how Hasura's messages quote a table. */
export const quotedTable = (t: QualifiedTable): string => `"${displayNameOf(t)}"`

class Inconsistent extends Error {}

function requireColumns(catalog: RelationshipCatalog, table: QualifiedTable, columns: readonly string[]): void {
  const known = catalog.columnsOf(table)
  if (!known) throw new Inconsistent(`table ${quotedTable(table)} does not exist`)
  const missing = columns.find((c) => !known.includes(c))
  if (missing !== undefined) {
    throw new Inconsistent(`column "${missing}" does not exist in table ${quotedTable(table)}`)
  }
}

/** The one foreign key of `table` on exactly `columns` (in any order) that `accept`s. */
function requireForeignKey(
  catalog: RelationshipCatalog,
  table: QualifiedTable,
  columns: readonly string[],
  accept: (fk: ForeignKey) => boolean,
): ForeignKey {
  const found = catalog.foreignKeys.filter(
    (fk) => sameTable(fk.table, table) && sameColumns(fk.columns, columns) && accept(fk),
  )
  const [only] = found
  if (found.length > 1) throw new Inconsistent('more than one foreign key constraint exists on the given column')
  if (!only) {
    const named = columns.map((c) => `"${c}"`).join(', ')
    throw new Inconsistent(`no foreign constraint exists on the given column (${named} of table ${quotedTable(table)})`)
  }
  return only
}

/** Local → remote, pairing the key's columns in constraint order. */
const pairs = (local: readonly string[], remote: readonly string[]): Record<string, string> =>
  Object.fromEntries(local.map((column, i) => [column, remote[i] as string]))

function resolveOne(table: TableMetadata, rel: RelationshipMetadata, catalog: RelationshipCatalog): Relationship {
  const self: QualifiedTable = { schema: table.schema, name: table.name }
  const resolved = (remoteTable: QualifiedTable, columnMapping: Record<string, string>): Relationship => ({
    ...rel,
    remoteTable,
    columnMapping,
  })
  const { using } = rel
  if ('manual' in using) {
    const { remoteTable, columnMapping } = using.manual
    requireColumns(catalog, remoteTable, Object.values(columnMapping))
    requireColumns(catalog, self, Object.keys(columnMapping))
    return resolved(remoteTable, columnMapping)
  }
  if (using.foreignKey.on === 'this') {
    requireColumns(catalog, self, using.foreignKey.columns)
    const fk = requireForeignKey(catalog, self, using.foreignKey.columns, () => true)
    // The referenced table must be tracked too (Hasura's `askTabInfo` on the remote table).
    requireColumns(catalog, fk.refTable, fk.refColumns)
    return resolved(fk.refTable, pairs(fk.columns, fk.refColumns))
  }
  const { table: remote, columns } = using.foreignKey
  requireColumns(catalog, remote, columns)
  const fk = requireForeignKey(catalog, remote, columns, (candidate) => sameTable(candidate.refTable, self))
  return resolved(remote, pairs(fk.refColumns, fk.columns))
}

/**
 * The table's relationships, resolved; throws a `MetadataError` naming the table's file, the relationship and the
 * reason. A relationship may not share its name with a column (Hasura: "field definition conflicts with postgres
 * column").
 */
export function resolveRelationships(table: TableMetadata, catalog: RelationshipCatalog): Relationship[] {
  const columns = catalog.columnsOf(table) ?? []
  return table.relationships.map((rel) => {
    try {
      if (columns.includes(rel.name)) throw new Inconsistent('field definition conflicts with postgres column')
      return resolveOne(table, rel, catalog)
    } catch (error) {
      if (!(error instanceof Inconsistent)) throw error
      throw new MetadataError(
        table.file,
        undefined,
        `inconsistent object: in table ${quotedTable(table)}: in relationship "${rel.name}": ${error.message}`,
      )
    }
  })
}

/**
 * When a nested insert writes the related row: before the parent when the parent's columns reference it (a foreign key
 * on this table, or a manual object relationship unless it says `insertion_order: after_parent`), after the parent
 * otherwise (`riInsertOrder`).
 */
export function insertionOrder(rel: Relationship): 'before_parent' | 'after_parent' {
  if (rel.kind === 'array') return 'after_parent'
  const { using } = rel
  if ('manual' in using) return using.manual.insertionOrder ?? 'before_parent'
  return using.foreignKey.on === 'this' ? 'before_parent' : 'after_parent'
}
