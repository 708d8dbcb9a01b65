/**
 * One small interface over the two databases the stand-in can run on: embedded PGlite (default, data under
 * HASURA_DATA_DIR) or a real Postgres via `pg` when HASURA_GRAPHQL_DATABASE_URL is set.
 */
import { mkdirSync } from 'node:fs'
import type { CustomTypesConfig, Pool, PoolClient } from 'pg'

export interface Sql {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: T[] }>
  /** A script of several statements, no parameters (simple query protocol). */
  exec(script: string): Promise<void>
  /**
   * One of the engine's statements: as `query`, but its json and jsonb columns are answered as the text Postgres
   * wrote, for the engine to splice into its response as Hasura does. On PGlite a prepared statement, parsed and
   * planned once per text (`pglite-statements.ts`).
   */
  statement<T = Record<string, unknown>>(text: string, params: unknown[]): Promise<{ rows: T[] }>
}

export interface Database extends Sql {
  /**
   * Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. `settings` hold for the
   * transaction (`set_config(name, value, true)`) from its start.
   */
  transaction<T>(fn: (tx: Sql) => Promise<T>, settings?: Record<string, string>): Promise<T>
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
 * (docs/decisions/016-npm-start-memory-and-start-up.md). PGlite's own `initialMemory` cannot go below the 128 MB
 * its WebAssembly module declares, so this is the setting that counts.
 */
const SHARED_BUFFERS = '16MB'

/** Runs each call once every call before it has settled. */
function oneAtATime(): <T>(fn: () => Promise<T>) => Promise<T> {
  let last: Promise<unknown> = Promise.resolve()
  return (fn) => {
    const run = last.then(fn)
    last = run.catch(() => {})
    return run
  }
}

export async function openPglite(dataDir: string | undefined): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite')
  const { pgliteStatements } = await import('./pglite-statements.ts')
  if (dataDir) mkdirSync(dataDir, { recursive: true })
  const db = await PGlite.create(dataDir, {
    startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${SHARED_BUFFERS}`],
  })
  const statements = pgliteStatements(db)
  // One connection: every call below runs alone, a transaction from its BEGIN to its COMMIT (PGlite's protocol calls,
  // which the prepared statements use, take no lock of their own).
  const alone = oneAtATime()
  const inOrder: Sql = {
    query: async (text, params) => {
      await statements.flush()
      return db.query(text, params)
    },
    exec: async (script) => {
      await statements.flush()
      await db.exec(script)
    },
    statement: (text, params) => statements.run(text, params),
  }
  return {
    query: (text, params) => alone(() => inOrder.query(text, params)),
    exec: (script) => alone(() => inOrder.exec(script)),
    statement: (text, params) => alone(() => inOrder.statement(text, params)),
    // BEGIN and the settings travel with the transaction's first statement, COMMIT on its own: a one-statement
    // mutation is two calls into Postgres (plus one to prepare a statement the first time).
    transaction: (fn, settings = {}) =>
      alone(async () => {
        statements.begin(settings)
        let result: Awaited<ReturnType<typeof fn>>
        try {
          result = await fn(inOrder)
        } catch (error) {
          await statements.end('ROLLBACK')
          throw error
        }
        await statements.end('COMMIT')
        return result
      }),
    close: () => alone(() => db.close()),
  }
}

export async function openPostgres(url: string): Promise<Database> {
  const { default: pg } = await import('pg')
  const pool = new pg.Pool({ connectionString: url, max: 10 })
  await pool.query('select 1')
  // json and jsonb as text (`Sql.statement`); every other type as `pg` parses it.
  const jsonAsText = {
    getTypeParser: (oid: number, format?: 'text' | 'binary') =>
      oid === pg.types.builtins.JSON || oid === pg.types.builtins.JSONB
        ? (text: string) => text
        : pg.types.getTypeParser(oid, format),
  } as CustomTypesConfig
  /** The pool, or one client of it (a transaction's), as `Sql`. */
  const sqlOf = (client: Pool | PoolClient): Sql => ({
    query: async (text, params) => ({ rows: (await client.query(text, params as unknown[])).rows }),
    exec: async (script) => {
      await client.query(script)
    },
    statement: async (text, params) => ({
      rows: (await client.query({ text, values: params, types: jsonAsText })).rows,
    }),
  })
  return {
    ...sqlOf(pool),
    async transaction(fn, settings = {}) {
      const client = await pool.connect()
      try {
        await client.query('BEGIN')
        for (const [name, value] of Object.entries(settings)) {
          await client.query('SELECT set_config($1, $2, true)', [name, value])
        }
        const result = await fn(sqlOf(client))
        await client.query('COMMIT')
        return result
      } catch (error) {
        await client.query('ROLLBACK')
        throw error
      } finally {
        client.release()
      }
    },
    close: () => pool.end(),
  }
}
