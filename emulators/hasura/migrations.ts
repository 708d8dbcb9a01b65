/**
 * Applies `migrations/<source>/<version>_<name>/up.sql` in version order, each in its own transaction, recording
 * applied versions in `hdb_catalog.schema_migrations` as the Hasura CLI's migrate engine does. A failing migration
 * stops start-up with its folder and Postgres' reason; nothing of it is kept.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { Database, DatabaseError } from './database.ts'

export class MigrationError extends Error {
  constructor(message: string) {
    super(message)
    this.name = this.constructor.name
  }
}

export interface MigrationResult {
  applied: string[]
  skipped: string[]
}

export async function applyMigrations(db: Database, projectDir: string, source: string): Promise<MigrationResult> {
  const dir = path.join(projectDir, 'migrations', source)
  const folders = existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
    : []
  const versions = folders.map((folder) => {
    const match = /^(\d+)_/.exec(folder)
    if (!match) throw new MigrationError(`migrations/${source}/${folder}: folder name must be <version>_<name>`)
    return { folder, version: BigInt(match[1] as string) }
  })
  versions.sort((a, b) => (a.version < b.version ? -1 : a.version > b.version ? 1 : 0))

  await db.exec(`CREATE SCHEMA IF NOT EXISTS hdb_catalog;
    CREATE TABLE IF NOT EXISTS hdb_catalog.schema_migrations (version bigint PRIMARY KEY, dirty boolean NOT NULL);`)
  const { rows } = await db.query<{ version: string }>(
    'SELECT version::text AS version FROM hdb_catalog.schema_migrations',
  )
  const done = new Set(rows.map((row) => row.version))
  const result: MigrationResult = { applied: [], skipped: [] }
  for (const { folder, version } of versions) {
    if (done.has(version.toString())) {
      result.skipped.push(folder)
      continue
    }
    const file = path.join(dir, folder, 'up.sql')
    if (!existsSync(file)) continue // a down-only folder: the CLI skips it as well
    const script = readFileSync(file, 'utf8')
    try {
      await db.transaction(async (tx) => {
        await tx.exec(script)
        await tx.query('INSERT INTO hdb_catalog.schema_migrations (version, dirty) VALUES ($1, false)', [
          version.toString(),
        ])
      })
    } catch (error) {
      const pgError = error as DatabaseError
      throw new MigrationError(`migrations/${source}/${folder}/up.sql: ${pgError.message}`)
    }
    result.applied.push(folder)
  }
  return result
}
