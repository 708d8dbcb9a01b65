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

export async function openPglite(dataDir: string | undefined): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite')
  if (dataDir) mkdirSync(dataDir, { recursive: true })
  const db = await PGlite.create(dataDir)
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
