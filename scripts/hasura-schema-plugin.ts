/**
 * The Vite plugin that tells the SPA's isolation proof the schema it proves: `import schema from
 * 'virtual:hasura-schema'` is the Hasura project's tracked tables, permissions and relationships, read at build (or
 * dev-server) time with the Hasura stand-in's own loader, so the metadata format is parsed in one place
 * (docs/decisions/013-schema-for-the-proof-at-build-time.md). A broken project stops the build naming the file.
 */
import { readdirSync } from 'node:fs'
import path from 'node:path'
import type { Plugin } from 'vite'
import {
  loadMetadata,
  type Metadata,
  type RelationshipMetadata,
  type TableMetadata,
} from '../emulators/hasura/metadata.ts'
import {
  type HasuraSchema,
  type RelationshipSchema,
  sameColumns,
  sameTable,
  type TableSchema,
} from '../lib/hasura-schema.ts'

export const VIRTUAL_ID = 'virtual:hasura-schema'
const RESOLVED_ID = `\0${VIRTUAL_ID}`

/**
 * What metadata alone says of a relationship. A foreign key on this table's columns names neither the remote table
 * nor its columns (only the database does); when the other table declares the inverse relationship on the same
 * columns (`foreign_key_constraint_on: { table: <this>, column: <the same> }`, as Hasura's console suggests both
 * ways), that table is the remote one.
 */
function describeRelationship(owner: TableMetadata, r: RelationshipMetadata, tables: TableMetadata[]) {
  const using = r.using
  const described: RelationshipSchema = { name: r.name, kind: r.kind }
  if ('manual' in using) {
    described.remoteTable = using.manual.remoteTable
    described.columnMapping = using.manual.columnMapping
  } else if (using.foreignKey.on === 'remote') {
    described.remoteTable = using.foreignKey.table
  } else {
    const columns = using.foreignKey.columns
    described.columns = columns
    const inverse = tables.find((t) =>
      t.relationships.some(
        (other) =>
          'foreignKey' in other.using &&
          other.using.foreignKey.on === 'remote' &&
          sameTable(other.using.foreignKey.table, owner) &&
          sameColumns(other.using.foreignKey.columns, columns),
      ),
    )
    if (inverse) described.remoteTable = { schema: inverse.schema, name: inverse.name }
  }
  return described
}

const byRole = <P, D>(permissions: Map<string, P>, keep: (p: P) => boolean, shape: (p: P) => D) =>
  Object.fromEntries([...permissions].filter(([, p]) => keep(p)).map(([role, p]) => [role, shape(p)]))

const browserUsable = (p: { backendOnly: boolean }) => !p.backendOnly

/** Only what the proof needs: never a connection string or anything else from `databases.yaml`. */
function describeSchema(metadata: Metadata, project: string): HasuraSchema {
  return {
    project,
    tables: metadata.tables.map(
      (t): TableSchema => ({
        schema: t.schema,
        name: t.name,
        relationships: t.relationships.map((r) => describeRelationship(t, r, metadata.tables)),
        select: byRole(
          t.select,
          () => true,
          (p) => ({ columns: p.columns, filter: p.filter, ...(p.limit === undefined ? {} : { limit: p.limit }) }),
        ),
        insert: byRole(t.insert, browserUsable, (p) => ({ columns: p.columns, check: p.check, set: p.set })),
        update: byRole(t.update, browserUsable, (p) => ({
          columns: p.columns,
          filter: p.filter,
          ...(p.check ? { check: p.check } : {}),
          set: p.set,
        })),
        delete: byRole(t.delete, browserUsable, (p) => ({ filter: p.filter })),
      }),
    ),
  }
}

export class HasuraProjectError extends Error {
  constructor(message: string) {
    super(message)
    this.name = this.constructor.name
  }
}

/** Reads the project; a broken one throws with the project folder, the file (line, column) and the reason. */
export function readHasuraSchema(projectDir: string): HasuraSchema {
  const relative = path.relative(process.cwd(), path.resolve(projectDir)) || '.'
  const shown = relative.startsWith('..') ? path.resolve(projectDir) : relative
  try {
    return describeSchema(loadMetadata(projectDir), shown)
  } catch (error) {
    throw new HasuraProjectError(
      `the isolation proof cannot read the Hasura project (HASURA_PROJECT_DIR=${projectDir}): ${shown}/${(error as Error).message}`,
    )
  }
}

/** Every file of the project's metadata: a change to any of them reloads the schema in the dev server. */
function metadataFiles(projectDir: string): string[] {
  const root = path.resolve(projectDir)
  let files: string[] = []
  try {
    files = readdirSync(path.join(root, 'metadata'), { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.ya?ml$/.test(f))
      .map((f) => path.join(root, 'metadata', f))
  } catch {
    // A missing folder is reported by the loader, naming the file it needed.
  }
  return [path.join(root, 'config.yaml'), ...files]
}

export function hasuraSchemaPlugin(projectDir: string): Plugin {
  return {
    name: 'hasura-schema',
    resolveId(id) {
      return id === VIRTUAL_ID ? RESOLVED_ID : undefined
    },
    load(id) {
      if (id !== RESOLVED_ID) return undefined
      for (const file of metadataFiles(projectDir)) this.addWatchFile(file)
      return `export default ${JSON.stringify(readHasuraSchema(projectDir))}`
    },
    // The dev server: a change anywhere in the project (a permission edited, a table added) reloads the page with the
    // schema read afresh — or with the error overlay naming the broken file.
    configureServer(server) {
      const root = path.resolve(projectDir)
      server.watcher.add(root)
      const reload = (file: string) => {
        if (!path.resolve(file).startsWith(`${root}${path.sep}`)) return
        const module = server.moduleGraph.getModuleById(RESOLVED_ID)
        if (!module) return
        server.moduleGraph.invalidateModule(module)
        server.ws.send({ type: 'full-reload' })
      }
      for (const event of ['add', 'change', 'unlink'] as const) server.watcher.on(event, reload)
    },
  }
}
