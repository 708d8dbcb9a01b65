/**
 * What the SPA's isolation proof knows of a Hasura project (`HASURA_PROJECT_DIR`, read at build time by
 * `scripts/hasura-schema-plugin.ts` with the stand-in's own metadata loader): the tracked tables, each role's
 * permissions with their filters, checks and presets, and the relationships. Plain JSON — no secrets: a project's
 * `databases.yaml` (connection strings) never gets here.
 */

export type BoolExp = Record<string, unknown>
export type Columns = string[] | '*'

export interface QualifiedTable {
  schema: string
  name: string
}

export interface SelectPermission {
  columns: Columns
  filter: BoolExp
  limit?: number
}
export interface InsertPermission {
  columns: Columns
  check: BoolExp
  set: Record<string, unknown>
}
export interface UpdatePermission {
  columns: Columns
  filter: BoolExp
  check?: BoolExp
  set: Record<string, unknown>
}
export interface DeletePermission {
  filter: BoolExp
}

/**
 * A relationship as far as metadata alone resolves it (the stand-in completes it from the database's foreign keys,
 * which a build does not see): `remoteTable` is known for `manual_configuration`, for a foreign key on the remote
 * table, and for a foreign key on this table that the remote table's inverse relationship names; `columnMapping`
 * (local → remote) for `manual_configuration`; `columns` are this table's foreign-key columns
 * (`foreign_key_constraint_on: user_id`).
 */
export interface RelationshipSchema {
  name: string
  kind: 'object' | 'array'
  remoteTable?: QualifiedTable
  columnMapping?: Record<string, string>
  columns?: string[]
}

export interface TableSchema extends QualifiedTable {
  relationships: RelationshipSchema[]
  /** By role. Backend-only insert/update/delete permissions are left out: a browser can never use them. */
  select: Record<string, SelectPermission>
  insert: Record<string, InsertPermission>
  update: Record<string, UpdatePermission>
  delete: Record<string, DeletePermission>
}

export interface HasuraSchema {
  /** The project folder as configured (`HASURA_PROJECT_DIR`), for the page to name. */
  project: string
  tables: TableSchema[]
}

/** `public.users`: how the proof names a table (`data-table`). */
export const tableKey = (t: QualifiedTable): string => `${t.schema}.${t.name}`

/** Hasura's default GraphQL name of a table: `users` in `public`, `<schema>_<table>` elsewhere. */
export const graphqlNameOf = (t: QualifiedTable): string => (t.schema === 'public' ? t.name : `${t.schema}_${t.name}`)

export const sameTable = (a: QualifiedTable, b: QualifiedTable): boolean => a.schema === b.schema && a.name === b.name

/** The same columns, in any order (a foreign key and a relationship's `column`/`columns`). */
export const sameColumns = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((c) => b.includes(c))

export const findTable = (schema: HasuraSchema, t: QualifiedTable): TableSchema | undefined =>
  schema.tables.find((table) => sameTable(table, t))

/** Permission files may use the legacy `$eq`, `$or`, … spellings. */
export const canonical = (key: string): string => (key.startsWith('$') ? `_${key.slice(1)}` : key)

/** A value naming a session variable (`X-Hasura-User-Id`): Hasura matches the prefix case-insensitively. */
export const isSessionVariable = (value: unknown): value is string =>
  typeof value === 'string' && value.toLowerCase().startsWith('x-hasura-')
