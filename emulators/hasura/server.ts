/**
 * Assembles the Hasura stand-in from its configuration: database → migrations → metadata → catalog → keys →
 * engine → HTTP app. Anything wrong with the project stops here, before a port is opened.
 */
import type { Hono } from 'hono'
import { type Clock, systemClock } from '../clock.ts'
import { createApp } from './app.ts'
import { readCatalog, type Table } from './catalog.ts'
import type { HasuraConfig } from './config.ts'
import { type Database, openPglite, openPostgres } from './database.ts'
import { createEngine, type Engine } from './engine.ts'
import { createKeySet } from './jwk-set.ts'
import { loadMetadata } from './metadata.ts'
import { applyMigrations, type MigrationResult } from './migrations.ts'

export interface HasuraStandIn {
  app: Hono
  db: Database
  engine: Engine
  tables: Table[]
  migrations: MigrationResult
  close(): Promise<void>
}

export interface HasuraOptions {
  clock?: Clock
  fetch?: typeof fetch
  /** An already open database (tests pass a shared PGlite); otherwise one is opened from the config. */
  db?: Database
  log?: (message: string) => void
}

export async function createHasura(config: HasuraConfig, options: HasuraOptions = {}): Promise<HasuraStandIn> {
  const clock = options.clock ?? systemClock
  // Metadata first: a broken file should fail fast, before the database is even opened.
  const metadata = loadMetadata(config.projectDir)
  const db =
    options.db ?? (config.databaseUrl ? await openPostgres(config.databaseUrl) : await openPglite(config.dataDir))
  try {
    const migrations = await applyMigrations(db, config.projectDir, metadata.sourceName)
    const tables = await readCatalog(db, metadata)
    const keys = config.jwtSecret
      ? await createKeySet(config.jwtSecret, { clock, fetch: options.fetch, log: options.log })
      : undefined
    const engine = createEngine(db, tables, { collapseNulls: config.booleanNullCollapse, limits: config.limits })
    const app = createApp({ config, engine, keys, clock })
    return { app, db, engine, tables, migrations, close: () => (options.db ? Promise.resolve() : db.close()) }
  } catch (error) {
    if (!options.db) await db.close()
    throw error
  }
}
