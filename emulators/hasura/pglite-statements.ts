/**
 * The engine's statements on PGlite, over Postgres' extended query protocol. PGlite runs Postgres on this thread;
 * its `query` sends Parse, Describe, Bind, Describe, Execute and Sync as six calls into it, and Postgres parses and
 * plans the text every time. Here each distinct text becomes a named prepared statement — parsed, described and
 * planned once — and is then only bound and executed: one call into Postgres, carrying whatever must go before it
 * (a transaction's BEGIN, the Close of statements the cache let go). Postgres keeps a statement's plan once a generic
 * one is as good as the custom ones (`plan_cache_mode` auto), so a repeated statement is not planned again either.
 *
 * A prepared statement holds SQL text only: every value, the session's included, is bound anew on each execution.
 */
import { type PGlite, protocol, types } from '@electric-sql/pglite'
import { BoundedCache } from './bounded-cache.ts'

/** json and jsonb columns are answered as Postgres wrote them, for the engine to splice into its response. */
const JSON_TYPES = new Set<number>([types.JSON, types.JSONB])

/**
 * How many statements, and how much of their text (UTF-16 bytes), stay prepared: Postgres holds each one's parse
 * tree and plan in PGlite's heap (about 12 KB for a one-table select, measured; more through relationships). A text
 * longer than `maxKeptText` characters (a large insert's rows) runs as the unnamed statement, which the next replaces.
 */
export const STATEMENT_LIMITS = { maxStatements: 256, maxTextBytes: 4 * 1024 * 1024, maxKeptText: 64 * 1024 }

/** Statement names are unique in the process: two sets of statements on one PGlite never clash. */
let named = 0

interface Prepared {
  name: string
  paramTypes: number[]
  fields: { name: string; dataTypeID: number }[]
}

export interface PgliteStatements {
  /** Runs `text` with `params` as PGlite's `query` would bind them; json columns answered as text. */
  run<T = Record<string, unknown>>(text: string, params: unknown[]): Promise<{ rows: T[] }>
  /**
   * Opens a transaction and sets `settings` for it (`set_config(name, value, true)`): BEGIN and the settings go with
   * the next statement, in the same call into Postgres.
   */
  begin(settings: Record<string, string>): void
  /** Ends the transaction opened by `begin`. */
  end(command: 'COMMIT' | 'ROLLBACK'): Promise<void>
  /** Sends whatever waits to go first on its own, before PGlite's own `query`/`exec` run. */
  flush(): Promise<void>
  /** How many statements are kept prepared. */
  size(): number
}

/**
 * Prepared statements of one PGlite instance. The caller runs every call, and PGlite's own `query`/`exec` on the
 * same instance, one at a time (`openPglite` holds a lock around them): PGlite's protocol calls take none.
 */
export function pgliteStatements(db: PGlite, limits = STATEMENT_LIMITS): PgliteStatements {
  const { serialize } = protocol
  const BEGIN = serialize.query('BEGIN')
  // Prepared with the first transaction that has settings; both parameters typed text, so nothing to describe.
  const setConfig = `hasura_${++named}`
  let setConfigPrepared = false
  const EXECUTE = serialize.execute({})
  const SYNC = serialize.sync()
  let waiting: Uint8Array[] = []
  const prepared = new BoundedCache<Prepared>(limits.maxTextBytes, limits.maxStatements, (evicted) =>
    waiting.push(serialize.close({ type: 'S', name: evicted.name })),
  )

  async function exchange(...messages: Uint8Array[]) {
    const all = waiting.length > 0 ? [...waiting, ...messages] : messages
    waiting = []
    // `openPglite` opens NodeFS (a data dir) or the memory file system: NodeFS writes through to the files, so a
    // committed transaction is in them as soon as Postgres has written its WAL, and neither has a `syncToFs` step.
    return db.execProtocolStream(Buffer.concat(all), { syncToFs: false })
  }

  async function prepare(text: string): Promise<Prepared> {
    const hit = prepared.get(text)
    if (hit) return hit
    const keep = text.length <= limits.maxKeptText
    const name = keep ? `hasura_${++named}` : ''
    const replies = await exchange(serialize.parse({ name, text }), serialize.describe({ type: 'S', name }), SYNC)
    const statement: Prepared = { name, paramTypes: [], fields: [] }
    for (const reply of replies) {
      if (reply instanceof protocol.messages.ParameterDescriptionMessage) statement.paramTypes = reply.dataTypeIDs
      if (reply instanceof protocol.messages.RowDescriptionMessage) {
        statement.fields = reply.fields.map(({ name, dataTypeID }) => ({ name, dataTypeID }))
      }
    }
    // The text is the key: it holds SQL the compiler wrote and no value, and counts against the byte bound.
    if (keep) prepared.set(text, statement, () => text.length * 2)
    return statement
  }

  return {
    async run<T>(text: string, params: unknown[]) {
      const statement = await prepare(text)
      // As PGlite's `query` serializes a parameter: by the type Postgres inferred for it.
      const values = params.map((param, i) => {
        if (param === null || param === undefined) return null
        const serializer = db.serializers[statement.paramTypes[i] as number]
        return serializer ? serializer(param) : String(param)
      })
      const replies = await exchange(serialize.bind({ statement: statement.name, values }), EXECUTE, SYNC)
      let rows: Record<string, unknown>[] = []
      for (const reply of replies) {
        // Rows of what went before it in the same call (a transaction's settings) are not this statement's.
        if (reply.name === 'bindComplete') rows = []
        if (!(reply instanceof protocol.messages.DataRowMessage)) continue
        const row: Record<string, unknown> = {}
        statement.fields.forEach(({ name, dataTypeID }, i) => {
          const text = reply.fields[i] ?? null
          row[name] = JSON_TYPES.has(dataTypeID) ? text : types.parseType(text, dataTypeID, db.parsers)
        })
        rows.push(row)
      }
      return { rows: rows as T[] }
    },
    begin(settings) {
      waiting.push(BEGIN)
      for (const [name, value] of Object.entries(settings)) {
        if (!setConfigPrepared) {
          // A prepared statement outlives the transaction it was made in, rolled back or not.
          const text = 'SELECT set_config($1, $2, true)'
          waiting.push(serialize.parse({ name: setConfig, text, types: [types.TEXT, types.TEXT] }))
          setConfigPrepared = true
        }
        waiting.push(serialize.bind({ statement: setConfig, values: [name, value] }), EXECUTE)
      }
    },
    async end(command) {
      await exchange(serialize.query(command))
    },
    async flush() {
      if (waiting.length > 0) await exchange()
    },
    size: () => prepared.size,
  }
}
