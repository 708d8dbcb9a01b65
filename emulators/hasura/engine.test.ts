/**
 * What the engine keeps between requests, and what it must not carry from one session to another: the plan of an
 * operation without variables is compiled once per role and set of session variable names, and every request binds
 * its own session's values into it. Over the `public-notes` fixture (notes owned by alice and bob, a public one).
 */
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultConfig } from './config.ts'
import { type Database, openPglite } from './database.ts'
import { createHasura, type HasuraStandIn } from './server.ts'

let db: Database
let hasura: HasuraStandIn
beforeAll(async () => {
  db = await openPglite(undefined)
  const config = { ...defaultConfig, projectDir: path.join(import.meta.dirname, 'fixtures/public-notes') }
  hasura = await createHasura({ ...config, adminSecrets: ['s'] }, { db })
}, 30_000)
afterAll(() => db.close())

const as = (userId?: string): Record<string, string> => ({
  'x-hasura-admin-secret': 's',
  'x-hasura-role': 'user',
  ...(userId ? { 'x-hasura-user-id': userId } : {}),
})

const post = (query: string, headers: Record<string, string>, variables?: object) =>
  hasura.app.request('/v1/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables }) })

const graphql = async (query: string, headers: Record<string, string>, variables?: object) =>
  (await post(query, headers, variables)).json()

const plans = () => hasura.engine.caches().plans.size

describe('kept plans', () => {
  it("compile an operation without variables once, and bind each session's own values into it", async () => {
    const before = plans()
    const query = '{ notes { owner body } }'
    expect(await graphql(query, as('alice'))).toEqual({ data: { notes: [{ owner: 'alice', body: 'alice note' }] } })
    expect(await graphql(query, as('bob'))).toEqual({ data: { notes: [{ owner: 'bob', body: 'bob note' }] } })
    expect(await graphql(query, as('carol'))).toEqual({ data: { notes: [] } })
    expect(plans() - before).toBe(1)
  })

  it("never answer a session that lacks a variable with another session's value", async () => {
    const query = '{ notes { body } }'
    expect(await graphql(query, as('alice'))).toEqual({ data: { notes: [{ body: 'alice note' }] } })
    expect(await graphql(query, as())).toEqual({
      errors: [
        { message: 'missing session variable: "x-hasura-user-id"', extensions: { path: '$', code: 'not-found' } },
      ],
    })
  })

  it("bind each session's values into a kept mutation's presets", async () => {
    const insert = 'mutation { insert_notes_one(object: { body: "kept" }) { owner body } }'
    expect(await graphql(insert, as('carol'))).toEqual({ data: { insert_notes_one: { owner: 'carol', body: 'kept' } } })
    expect(await graphql(insert, as('dave'))).toEqual({ data: { insert_notes_one: { owner: 'dave', body: 'kept' } } })
  })

  it('are not kept for an operation with variables, which may shape its statement', async () => {
    const before = plans()
    const query = 'query ($limit: Int) { notes(limit: $limit) { body } }'
    expect(await graphql(query, as('alice'), { limit: 1 })).toEqual({ data: { notes: [{ body: 'alice note' }] } })
    expect(plans()).toBe(before)
  })
})

describe('the answer', () => {
  it('carries the JSON Postgres wrote, its number text included, as Hasura sends it', async () => {
    const query = '{ notes_aggregate(where: { id: { _in: [1, 2, 3] } }) { aggregate { avg { id } } } }'
    const response = await post(query, { 'x-hasura-admin-secret': 's' })
    expect(response.headers.get('content-type')).toBe('application/json')
    expect(await response.text()).toBe(
      '{"data":{"notes_aggregate":{"aggregate" : {"avg" : {"id" : 2.0000000000000000}}}}}',
    )
  })
})
