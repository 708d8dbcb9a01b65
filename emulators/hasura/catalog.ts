/**
 * What the database says about each tracked table: columns with their Postgres types, the primary key and the
 * unique constraints. Hasura reads the same from the catalog; a tracked table that does not exist is inconsistent
 * metadata, which stops start-up here.
 */
import type { Sql } from './database.ts'
import { type Metadata, MetadataError, type TableMetadata } from './metadata.ts'

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
}

export async function readCatalog(sql: Sql, metadata: Metadata): Promise<Table[]> {
  const tables: Table[] = []
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
        `inconsistent object: no such table/view exists in source: "${table.schema === 'public' ? table.name : `${table.schema}.${table.name}`}"`,
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
      graphqlName: table.schema === 'public' ? table.name : `${table.schema}_${table.name}`,
      displayName: table.schema === 'public' ? table.name : `${table.schema}.${table.name}`,
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
  return tables
}
