/**
 * HASURA_GRAPHQL_DATABASE_URL: the same stand-in over a real Postgres wire connection through `pg`. PGlite behind
 * pglite-socket plays the Postgres server, so the test needs no database installed.
 */
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultConfig } from './config.ts'
import { createHasura, type HasuraStandIn } from './server.ts'

const PORT = 45432
let db: PGlite
let server: PGLiteSocketServer
let hasura: HasuraStandIn

beforeAll(async () => {
  db = await PGlite.create()
  server = new PGLiteSocketServer({ db, port: PORT, host: '127.0.0.1', maxConnections: 10 })
  await server.start()
  hasura = await createHasura({
    ...defaultConfig,
    projectDir: path.resolve(import.meta.dirname, '../../hasura'),
    adminSecrets: ['s'],
    databaseUrl: `postgres://postgres@127.0.0.1:${PORT}/postgres`,
  })
}, 30_000)

afterAll(async () => {
  await hasura?.close()
  await server?.stop()
  await db?.close()
})

describe('HASURA_GRAPHQL_DATABASE_URL (pg)', () => {
  it('applies the migrations and serves permissions over a Postgres connection', async () => {
    expect(hasura.migrations.applied).toEqual(['1700000000000_init'])
    const graphql = async (query: string, headers: Record<string, string> = {}) => {
      const init = {
        method: 'POST',
        headers: { 'x-hasura-admin-secret': 's', ...headers },
        body: JSON.stringify({ query }),
      }
      return (await hasura.app.request('/v1/graphql', init)).json()
    }
    expect(
      await graphql(
        'mutation { insert_users(objects: [{ id: "a", username: "alice" }, { id: "b", username: "bob" }]) { affected_rows } }',
      ),
    ).toEqual({
      data: { insert_users: { affected_rows: 2 } },
    })
    expect(await graphql('{ users { id } }', { 'x-hasura-role': 'user', 'x-hasura-user-id': 'b' })).toEqual({
      data: { users: [{ id: 'b' }] },
    })
    expect((await db.query('SELECT count(*)::int AS n FROM public.users')).rows).toEqual([{ n: 2 }])
  })
})
