/**
 * One small interface over the two databases the stand-in can run on: embedded PGlite (default, data under
 * HASURA_DATA_DIR) or a real Postgres via `pg` when HASURA_GRAPHQL_DATABASE_URL is set.
 */
import { mkdirSync } from 'node:fs'

export interface Sql {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: T[] }>
  /** A script of several statements, no parameters (simple query protocol). */
  exec(script: string): Promise<void>
}

export interface Database extends Sql {
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>
  close(): Promise<void>
}

export interface DatabaseError extends Error {
  code?: string
  detail?: string
}

/**
 * Postgres's `shared_buffers` for PGlite. PGlite runs initdb's default, 128MB, which Postgres allocates and touches
 * at start: ~110 MB of resident memory in a process that holds a few kilobytes of users. 16MB (2,048 pages) still
 * holds the 100,000-user benchmark's table and index with no measurable change in query time
 * (docs/decisions/008p-npm-start-memory-and-start-up.md). PGlite's own `initialMemory` cannot go below the 128 MB
 * its WebAssembly module declares, so this is the setting that counts.
 */
const SHARED_BUFFERS = '16MB'

export async function openPglite(dataDir: string | undefined): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite')
  if (dataDir) mkdirSync(dataDir, { recursive: true })
  const db = await PGlite.create(dataDir, {
    startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${SHARED_BUFFERS}`],
  })
  return {
    query: (text, params) => db.query(text, params),
    transaction: (fn) =>
      db.transaction((tx) =>
        fn({
          query: (text, params) => tx.query(text, params),
          exec: async (script) => {
            await tx.exec(script)
          },
        }),
      ),
    exec: async (script) => {
      await db.exec(script)
    },
    close: () => db.close(),
  }
}

export async function openPostgres(url: string): Promise<Database> {
  const { default: pg } = await import('pg')
  const pool = new pg.Pool({ connectionString: url, max: 10 })
  await pool.query('select 1')
  return {
    query: async (text, params) => ({ rows: (await pool.query(text, params as unknown[])).rows }),
    async transaction(fn) {
      const client = await pool.connect()
      try {
        await client.query('BEGIN')
        const result = await fn({
          query: async (text, params) => ({ rows: (await client.query(text, params as unknown[])).rows }),
          exec: async (script) => {
            await client.query(script)
          },
        })
        await client.query('COMMIT')
        return result
      } catch (error) {
        await client.query('ROLLBACK')
        throw error
      } finally {
        client.release()
      }
    },
    exec: async (script) => {
      await pool.query(script)
    },
    close: () => pool.end(),
  }
}
