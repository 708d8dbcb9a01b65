/**
 * What the database says about each tracked table: columns with their Postgres types, the primary key, the unique
 * constraints and the foreign keys its relationships rest on. Hasura reads the same from the catalog; a tracked table
 * that does not exist, a relationship the catalog contradicts or a permission naming a column or relationship that
 * does not exist is inconsistent metadata, which stops start-up here.
 */
import { graphqlNameOf, tableKey } from '../../lib/hasura-schema.ts'
import type { Sql } from './database.ts'
import {
  type ForeignKey,
  type Metadata,
  MetadataError,
  type QualifiedTable,
  type Relationship,
  type TableMetadata,
} from './metadata.ts'
import { checkPermissionExpressions } from './permission-expressions.ts'
import { displayNameOf, quotedTable, resolveRelationships } from './relationships.ts'

export interface Column {
  name: string
  /** `udt_name`, e.g. `text`, `int4`, `uuid`, used for casts. */
  pgType: string
  nullable: boolean
  hasDefault: boolean
}

export interface Constraint {
  name: string
  columns: string[]
}

export interface Table {
  metadata: TableMetadata
  schema: string
  name: string
  /** The GraphQL name: `users` in `public`, `<schema>_<table>` elsewhere. */
  graphqlName: string
  /** `"users"` in `public`, `"s.t"` elsewhere, as Hasura's descriptions quote it. */
  displayName: string
  columns: Column[]
  primaryKey?: Constraint
  uniqueConstraints: Constraint[]
  /** The metadata's relationships, resolved (`relationships.ts`): the related table and local → remote columns. */
  relationships: Relationship[]
}

/** Every foreign key declared on the tracked tables, columns in constraint order. */
async function readForeignKeys(sql: Sql, tables: readonly QualifiedTable[]): Promise<ForeignKey[]> {
  const { rows } = await sql.query<{
    name: string
    schema: string
    table: string
    columns: string[]
    ref_schema: string
    ref_table: string
    ref_columns: string[]
  }>(
    `SELECT c.conname AS name, s.nspname AS schema, r.relname AS "table",
            array(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(n, i)
                    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.i) AS columns,
            fs.nspname AS ref_schema, f.relname AS ref_table,
            array(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(n, i)
                    JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.i) AS ref_columns
       FROM pg_constraint c
       JOIN pg_class r ON r.oid = c.conrelid JOIN pg_namespace s ON s.oid = r.relnamespace
       JOIN pg_class f ON f.oid = c.confrelid JOIN pg_namespace fs ON fs.oid = f.relnamespace
      WHERE c.contype = 'f' AND (s.nspname, r.relname) IN (SELECT * FROM unnest($1::text[], $2::text[]))
      ORDER BY c.conname`,
    [tables.map((t) => t.schema), tables.map((t) => t.name)],
  )
  return rows.map((row) => ({
    name: row.name,
    table: { schema: row.schema, name: row.table },
    columns: row.columns,
    refTable: { schema: row.ref_schema, name: row.ref_table },
    refColumns: row.ref_columns,
  }))
}

export async function readCatalog(sql: Sql, metadata: Metadata): Promise<Table[]> {
  const tables: Omit<Table, 'relationships'>[] = []
  for (const table of metadata.tables) {
    const { rows: columns } = await sql.query<{ name: string; udt: string; nullable: string; def: string | null }>(
      `SELECT column_name AS name, udt_name AS udt, is_nullable AS nullable, column_default AS def
         FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`,
      [table.schema, table.name],
    )
    if (columns.length === 0) {
      throw new MetadataError(
        table.file,
        undefined,
        `inconsistent object: no such table/view exists in source: ${quotedTable(table)}`,
      )
    }
    const { rows: constraints } = await sql.query<{ name: string; type: string; columns: string[] }>(
      `SELECT c.conname AS name, c.contype AS type,
              array(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(n, i)
                      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.i) AS columns
         FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid JOIN pg_namespace s ON s.oid = r.relnamespace
        WHERE s.nspname = $1 AND r.relname = $2 AND c.contype IN ('p', 'u') ORDER BY c.conname`,
      [table.schema, table.name],
    )
    const names = new Set(columns.map((c) => c.name))
    for (const [kind, permissions] of [
      ['select', table.select],
      ['insert', table.insert],
      ['update', table.update],
    ] as const) {
      for (const [role, permission] of permissions) {
        if (permission.columns === '*') continue
        const unknown = permission.columns.find((c) => !names.has(c))
        if (unknown) {
          throw new MetadataError(
            table.file,
            undefined,
            `inconsistent object: in ${kind} permission for role "${role}": no such column exists: "${unknown}"`,
          )
        }
      }
    }
    const unique = constraints.map((c) => ({ name: c.name, columns: c.columns }))
    const pk = constraints.find((c) => c.type === 'p')
    tables.push({
      metadata: table,
      schema: table.schema,
      name: table.name,
      graphqlName: graphqlNameOf(table),
      displayName: displayNameOf(table),
      columns: columns.map((c) => ({
        name: c.name,
        pgType: c.udt,
        nullable: c.nullable === 'YES',
        hasDefault: c.def !== null,
      })),
      primaryKey: pk ? { name: pk.name, columns: pk.columns } : undefined,
      uniqueConstraints: unique,
    })
  }
  const columnsByTable = new Map(tables.map((t) => [tableKey(t), t.columns.map((c) => c.name)]))
  const catalog = {
    columnsOf: (t: QualifiedTable) => columnsByTable.get(tableKey(t)),
    foreignKeys: await readForeignKeys(sql, metadata.tables),
  }
  const resolved = tables.map((t) => ({ ...t, relationships: resolveRelationships(t.metadata, catalog) }))
  checkPermissionExpressions(resolved)
  return resolved
}
