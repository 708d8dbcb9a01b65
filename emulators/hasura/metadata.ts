/**
 * Reads a Hasura CLI v3 project's `metadata/` (specs/hasura.md §5): `databases/databases.yaml`, the tables it
 * `!include`s (strings of the form `"!include <path>"`, resolved relative to the including file), each table's
 * permissions and relationships. A broken file stops start-up with the file, the line and column, and the reason.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { LineCounter, type Node, parseDocument } from 'yaml'
import type * as Proof from '../../lib/hasura-schema.ts'
import { type BoolExp, type Columns, type QualifiedTable, tableKey } from '../../lib/hasura-schema.ts'

// A table as metadata names it (`notes` in `public`, or `{ schema, name }`) and the parts of a permission the SPA's
// isolation proof reads are the proof's types (`lib/hasura-schema.ts`); the stand-in also keeps what only it enforces.
export type { BoolExp, Columns, QualifiedTable } from '../../lib/hasura-schema.ts'

export interface SelectPermission extends Proof.SelectPermission {
  allowAggregations: boolean
}
export interface InsertPermission extends Proof.InsertPermission {
  backendOnly: boolean
}
export interface UpdatePermission extends Proof.UpdatePermission {
  backendOnly: boolean
}
export interface DeletePermission extends Proof.DeletePermission {
  backendOnly: boolean
}

/**
 * How a relationship is declared (`using`, `RelUsing` in `Hasura/RQL/Types/Relationships/Local.hs`):
 * - `foreign_key_constraint_on: user_id` (or a list of columns): a foreign key on **this** table's columns; the
 *   related table is the one it references, which only the catalog knows (`on: 'this'`). Object relationships only.
 * - `foreign_key_constraint_on: { table, column }` (or `columns`): a foreign key on the **remote** table's columns
 *   that references this table (`on: 'remote'`). Array relationships always use this form; object relationships may.
 * - `manual_configuration: { remote_table, column_mapping, insertion_order? }`: no constraint, the mapping as written.
 */
export type RelationshipUsing =
  | { foreignKey: { on: 'this'; columns: string[] } }
  | { foreignKey: { on: 'remote'; table: QualifiedTable; columns: string[] } }
  | {
      manual: {
        remoteTable: QualifiedTable
        /** Local column → remote column, as written. */
        columnMapping: Record<string, string>
        /** Nested inserts through a manual object relationship: insert the related row first (default) or after. */
        insertionOrder?: 'before_parent' | 'after_parent'
      }
    }

/**
 * One entry of a table's `object_relationships` / `array_relationships`.
 *
 * `using` is what the file says. `remoteTable` and `columnMapping` are the resolved relationship — the related
 * table, and which of its columns must equal which of this table's columns (local → remote) for a row to be related:
 * `notes.user` = `{ remoteTable: public.users, columnMapping: { user_id: 'id' } }`,
 * `users.notes` = `{ remoteTable: public.notes, columnMapping: { id: 'user_id' } }`. A relationship whose foreign
 * key is on this table's columns (`using.foreignKey.on === 'this'`) names neither in metadata, and one whose foreign
 * key is on the remote table names only the remote columns: the rest comes from the constraint, so `loadMetadata`
 * leaves both `undefined` for the foreign-key forms. `resolveRelationships` (`relationships.ts`) resolves every form
 * against the catalog at start-up (tracked remote table, existing columns, the foreign key) into a `Relationship`,
 * found on the catalog's `Table.relationships`; an inconsistency stops start-up with Hasura's reason.
 */
export interface RelationshipMetadata {
  name: string
  /** `object`: at most one related row (a nullable field); `array`: any number (a list field). */
  kind: 'object' | 'array'
  using: RelationshipUsing
  remoteTable?: QualifiedTable
  columnMapping?: Record<string, string>
}

/** A relationship once resolved against the catalog: the related table and the column mapping are known. */
export type Relationship = Required<RelationshipMetadata>

/** A foreign key as the catalog reports it: `columns` of `table` reference `refColumns` of `refTable`, in order. */
export interface ForeignKey {
  name: string
  table: QualifiedTable
  columns: string[]
  refTable: QualifiedTable
  refColumns: string[]
}

export interface TableMetadata extends QualifiedTable {
  /** The file that declares the table, for messages. */
  file: string
  /** Object relationships first, then array relationships, each in file order. */
  relationships: RelationshipMetadata[]
  select: Map<string, SelectPermission>
  insert: Map<string, InsertPermission>
  update: Map<string, UpdatePermission>
  delete: Map<string, DeletePermission>
}

export interface Metadata {
  sourceName: string
  tables: TableMetadata[]
}

export class MetadataError extends Error {
  constructor(file: string, where: { line: number; col: number } | undefined, reason: string) {
    super(`${file}${where ? `:${where.line}:${where.col}` : ''}: ${reason}`)
    this.name = this.constructor.name
  }
}

interface LoadedFile {
  file: string
  value: unknown
  locate(pathInFile: (string | number)[]): { line: number; col: number } | undefined
}

function loadYaml(file: string, projectDir: string): LoadedFile {
  const shown = path.relative(projectDir, file) || file
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    throw new MetadataError(shown, undefined, `cannot read file (${(error as NodeJS.ErrnoException).code ?? error})`)
  }
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, prettyErrors: false })
  const [first] = doc.errors
  if (first) {
    throw new MetadataError(shown, lineCounter.linePos(first.pos[0]), first.message.split('\n')[0] ?? first.message)
  }
  return {
    file: shown,
    value: doc.toJS(),
    locate(pathInFile) {
      const node = doc.getIn(pathInFile, true) as Node | undefined
      return node?.range ? lineCounter.linePos(node.range[0]) : undefined
    },
  }
}

const INCLUDE = /^!include\s+(.+)$/

/** Follows `"!include x.yaml"` strings, returning the included file (or the same file and value). */
function resolveInclude(loaded: LoadedFile, value: unknown, projectDir: string, at: (string | number)[]): LoadedFile {
  if (typeof value !== 'string') return { ...loaded, value }
  const match = INCLUDE.exec(value.trim())
  if (!match) return { ...loaded, value }
  const target = path.resolve(path.dirname(path.resolve(projectDir, loaded.file)), (match[1] as string).trim())
  if (!target.startsWith(path.resolve(projectDir))) {
    throw new MetadataError(loaded.file, loaded.locate(at), `!include points outside the project: ${match[1]}`)
  }
  return loadYaml(target, projectDir)
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function parseTable(loaded: LoadedFile, at: (string | number)[]): TableMetadata {
  const fail: Fail = (where, reason) => {
    throw new MetadataError(loaded.file, loaded.locate([...at, ...where]), reason)
  }
  const value = loaded.value
  if (!isObject(value)) return fail([], 'expected a table object with a "table" key')
  const tableRef = value.table
  if (!isObject(tableRef) || typeof tableRef.name !== 'string')
    return fail(['table'], 'expected "table: { name, schema }"')
  for (const unsupported of ['computed_fields', 'remote_relationships']) {
    const list = value[unsupported]
    if (Array.isArray(list) && list.length > 0) {
      fail([unsupported], `${unsupported} are not supported by the local Hasura stand-in (see README)`)
    }
  }
  const table: TableMetadata = {
    schema: typeof tableRef.schema === 'string' ? tableRef.schema : 'public',
    name: tableRef.name,
    file: loaded.file,
    relationships: parseRelationships(value, fail),
    select: new Map(),
    insert: new Map(),
    update: new Map(),
    delete: new Map(),
  }

  const columns = (where: (string | number)[], v: unknown): Columns => {
    if (v === '*') return '*'
    if (Array.isArray(v) && v.every((c) => typeof c === 'string')) return v
    return fail(where, 'expected "columns" to be a list of column names or "*"')
  }
  const boolExp = (where: (string | number)[], v: unknown, required: boolean): BoolExp => {
    if (v === undefined || v === null) return required ? fail(where, 'expected a boolean expression object') : {}
    if (!isObject(v)) return fail(where, 'expected a boolean expression object')
    return v
  }
  const presets = (where: (string | number)[], v: unknown): Record<string, unknown> => {
    if (v === undefined || v === null) return {}
    if (!isObject(v)) return fail(where, 'expected "set" to be an object of column presets')
    return v
  }

  const kinds = ['select', 'insert', 'update', 'delete'] as const
  for (const kind of kinds) {
    const key = `${kind}_permissions`
    const list = value[key]
    if (list === undefined || list === null) continue
    if (!Array.isArray(list)) fail([key], `expected "${key}" to be a list`)
    ;(list as unknown[]).forEach((entry, index) => {
      const here = [key, index]
      if (!isObject(entry) || typeof entry.role !== 'string') fail(here, 'expected "role" and "permission"')
      const e = entry as { role: string; permission: unknown }
      if (!isObject(e.permission)) fail([...here, 'permission'], 'expected a permission object')
      const p = e.permission as Record<string, unknown>
      const pAt = [...here, 'permission']
      if (table[kind].has(e.role)) fail([...here, 'role'], `duplicate ${kind} permission for role "${e.role}"`)
      if (kind === 'select') {
        if (p.limit !== undefined && !(Number.isInteger(p.limit) && (p.limit as number) >= 0)) {
          fail([...pAt, 'limit'], 'expected "limit" to be a non-negative integer')
        }
        table.select.set(e.role, {
          columns: columns([...pAt, 'columns'], p.columns),
          filter: boolExp([...pAt, 'filter'], p.filter, false),
          limit: p.limit as number | undefined,
          allowAggregations: p.allow_aggregations === true,
        })
      } else if (kind === 'insert') {
        table.insert.set(e.role, {
          columns: columns([...pAt, 'columns'], p.columns),
          check: boolExp([...pAt, 'check'], p.check, false),
          set: presets([...pAt, 'set'], p.set),
          backendOnly: p.backend_only === true,
        })
      } else if (kind === 'update') {
        table.update.set(e.role, {
          columns: columns([...pAt, 'columns'], p.columns),
          filter: boolExp([...pAt, 'filter'], p.filter, false),
          check: p.check === undefined || p.check === null ? undefined : boolExp([...pAt, 'check'], p.check, false),
          set: presets([...pAt, 'set'], p.set),
          backendOnly: p.backend_only === true,
        })
      } else {
        table.delete.set(e.role, {
          filter: boolExp([...pAt, 'filter'], p.filter, false),
          backendOnly: p.backend_only === true,
        })
      }
    })
  }
  return table
}

type Fail = (where: (string | number)[], reason: string) => never

/** `"notes"` (schema `public`) or `{ schema, name }`, as metadata names tables. */
function tableRef(value: unknown, where: (string | number)[], fail: Fail): QualifiedTable {
  if (typeof value === 'string') return { schema: 'public', name: value }
  if (isObject(value) && typeof value.name === 'string') {
    return { schema: typeof value.schema === 'string' ? value.schema : 'public', name: value.name }
  }
  return fail(where, 'expected a table name or "{ schema, name }"')
}

/** `column: x` or `columns: [x, …]` (exactly one), or a bare name or list: non-empty column names. */
function columnList(value: unknown, where: (string | number)[], fail: Fail): string[] {
  if (typeof value === 'string') return [value]
  if (Array.isArray(value) && value.length > 0 && value.every((c) => typeof c === 'string')) return value
  return fail(where, 'expected a column name or a non-empty list of column names')
}

function remoteForeignKey(value: Record<string, unknown>, where: (string | number)[], fail: Fail) {
  if ((value.column === undefined) === (value.columns === undefined)) {
    fail(where, "expected exactly one of 'column' or 'columns'")
  }
  const key = value.column === undefined ? 'columns' : 'column'
  return {
    on: 'remote' as const,
    table: tableRef(value.table, [...where, 'table'], fail),
    columns: columnList(value[key], [...where, key], fail),
  }
}

/** Local → remote column pairs as declared by the using forms that name both sides. */
function declaredMapping(using: RelationshipUsing): Pick<RelationshipMetadata, 'remoteTable' | 'columnMapping'> {
  if ('manual' in using) return { remoteTable: using.manual.remoteTable, columnMapping: using.manual.columnMapping }
  return {}
}

function parseRelationship(
  entry: unknown,
  kind: RelationshipMetadata['kind'],
  at: (string | number)[],
  fail: Fail,
): RelationshipMetadata {
  if (!isObject(entry) || typeof entry.name !== 'string' || entry.name === '') {
    return fail(at, 'expected a relationship with "name" and "using"')
  }
  const using = entry.using
  if (!isObject(using)) return fail([...at, 'using'], 'using should be an object')
  const fkey = using.foreign_key_constraint_on
  const manual = using.manual_configuration
  // Hasura's own wording (`FromJSON (RelUsing b a)`).
  if (fkey === undefined && manual === undefined) {
    fail([...at, 'using'], 'atleast one of foreign_key_constraint_on/manual_configuration should be present')
  }
  if (fkey !== undefined && manual !== undefined) {
    fail([...at, 'using'], 'only one of foreign_key_constraint_on/manual_configuration should be present')
  }
  let parsed: RelationshipUsing
  if (manual !== undefined) {
    const where = [...at, 'using', 'manual_configuration']
    if (!isObject(manual)) return fail(where, 'manual_configuration should be an object')
    const mapping = manual.column_mapping
    if (!isObject(mapping) || Object.keys(mapping).length === 0 || !Object.values(mapping).every(isString)) {
      const at = mapping === undefined ? where : [...where, 'column_mapping']
      return fail(at, 'expected "column_mapping" to map local column names to remote ones')
    }
    const order = manual.insertion_order
    if (order !== undefined && order !== null && order !== 'before_parent' && order !== 'after_parent') {
      fail([...where, 'insertion_order'], 'expected "insertion_order" to be before_parent or after_parent')
    }
    parsed = {
      manual: {
        remoteTable: tableRef(manual.remote_table, [...where, 'remote_table'], fail),
        columnMapping: mapping as Record<string, string>,
        ...(typeof order === 'string' ? { insertionOrder: order as 'before_parent' | 'after_parent' } : {}),
      },
    }
  } else {
    const where = [...at, 'using', 'foreign_key_constraint_on']
    if (isObject(fkey)) parsed = { foreignKey: remoteForeignKey(fkey, where, fail) }
    else if (kind === 'array') return fail(where, 'Expecting object { table, columns }.')
    else parsed = { foreignKey: { on: 'this', columns: columnList(fkey, where, fail) } }
  }
  return { name: entry.name, kind, using: parsed, ...declaredMapping(parsed) }
}

const isString = (value: unknown): value is string => typeof value === 'string'

function parseRelationships(value: Record<string, unknown>, fail: Fail): RelationshipMetadata[] {
  const relationships: RelationshipMetadata[] = []
  const names = new Set<string>()
  for (const [key, kind] of [
    ['object_relationships', 'object'],
    ['array_relationships', 'array'],
  ] as const) {
    const list = value[key]
    if (list === undefined || list === null) continue
    if (!Array.isArray(list)) fail([key], `expected "${key}" to be a list`)
    ;(list as unknown[]).forEach((entry, index) => {
      const relationship = parseRelationship(entry, kind, [key, index], fail)
      if (names.has(relationship.name)) {
        fail([key, index, 'name'], `multiple relationships named "${relationship.name}"`)
      }
      names.add(relationship.name)
      relationships.push(relationship)
    })
  }
  return relationships
}

export function loadMetadata(projectDir: string): Metadata {
  const root = path.resolve(projectDir)
  const configFile = path.join(root, 'config.yaml')
  const config = loadYaml(configFile, root)
  const metadataDir =
    isObject(config.value) && typeof config.value.metadata_directory === 'string'
      ? config.value.metadata_directory
      : 'metadata'
  if (isObject(config.value) && config.value.version !== 3) {
    throw new MetadataError(config.file, config.locate(['version']), 'expected "version: 3" (Hasura CLI config v3)')
  }
  const databases = loadYaml(path.join(root, metadataDir, 'databases', 'databases.yaml'), root)
  if (!Array.isArray(databases.value) || databases.value.length === 0) {
    throw new MetadataError(databases.file, undefined, 'expected a list with one database source')
  }
  if (databases.value.length > 1) {
    throw new MetadataError(databases.file, databases.locate([1]), 'the local Hasura stand-in serves one source only')
  }
  const source = databases.value[0]
  if (!isObject(source) || typeof source.name !== 'string') {
    throw new MetadataError(databases.file, databases.locate([0]), 'expected a source with "name"')
  }
  if (source.kind !== undefined && source.kind !== 'postgres') {
    throw new MetadataError(
      databases.file,
      databases.locate([0, 'kind']),
      `source kind "${source.kind}" is not supported`,
    )
  }
  const tablesFile = resolveInclude(databases, source.tables ?? [], root, [0, 'tables'])
  if (!Array.isArray(tablesFile.value)) {
    throw new MetadataError(tablesFile.file, undefined, 'expected a list of tables')
  }
  const tables: TableMetadata[] = []
  const seen = new Set<string>()
  tablesFile.value.forEach((entry, index) => {
    const isInclude = typeof entry === 'string'
    const loaded = resolveInclude(tablesFile, entry, root, [index])
    const table = parseTable(loaded, isInclude ? [] : [index])
    const key = tableKey(table)
    if (seen.has(key)) throw new MetadataError(loaded.file, undefined, `table "${key}" is tracked twice`)
    seen.add(key)
    tables.push(table)
  })
  return { sourceName: source.name, tables }
}
