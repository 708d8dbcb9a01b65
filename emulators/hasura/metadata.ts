/**
 * Reads a Hasura CLI v3 project's `metadata/` (specs/hasura.md §5): `databases/databases.yaml`, the tables it
 * `!include`s (strings of the form `"!include <path>"`, resolved relative to the including file) and each table's
 * permissions. A broken file stops start-up with the file, the line and column, and the reason.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { LineCounter, type Node, parseDocument } from 'yaml'

export type BoolExp = Record<string, unknown>
export type Columns = string[] | '*'

export interface SelectPermission {
  columns: Columns
  filter: BoolExp
  limit?: number
  allowAggregations: boolean
}
export interface InsertPermission {
  columns: Columns
  check: BoolExp
  set: Record<string, unknown>
  backendOnly: boolean
}
export interface UpdatePermission {
  columns: Columns
  filter: BoolExp
  check?: BoolExp
  set: Record<string, unknown>
  backendOnly: boolean
}
export interface DeletePermission {
  filter: BoolExp
  backendOnly: boolean
}

export interface TableMetadata {
  schema: string
  name: string
  /** The file that declares the table, for messages. */
  file: string
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
  const fail = (where: (string | number)[], reason: string): never => {
    throw new MetadataError(loaded.file, loaded.locate([...at, ...where]), reason)
  }
  const value = loaded.value
  if (!isObject(value)) return fail([], 'expected a table object with a "table" key')
  const tableRef = value.table
  if (!isObject(tableRef) || typeof tableRef.name !== 'string')
    return fail(['table'], 'expected "table: { name, schema }"')
  for (const unsupported of [
    'object_relationships',
    'array_relationships',
    'computed_fields',
    'remote_relationships',
  ]) {
    const list = value[unsupported]
    if (Array.isArray(list) && list.length > 0) {
      fail([unsupported], `${unsupported} are not supported by the local Hasura stand-in (see README)`)
    }
  }
  const table: TableMetadata = {
    schema: typeof tableRef.schema === 'string' ? tableRef.schema : 'public',
    name: tableRef.name,
    file: loaded.file,
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
    const key = `${table.schema}.${table.name}`
    if (seen.has(key)) throw new MetadataError(loaded.file, undefined, `table "${key}" is tracked twice`)
    seen.add(key)
    tables.push(table)
  })
  return { sourceName: source.name, tables }
}
