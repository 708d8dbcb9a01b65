/**
 * The Hasura stand-in under hostile input and at its limits (issue 8), each answer asserted exactly. The real
 * stand-in runs in-process over the `public-notes` fixture: public notes (owner NULL), owned notes, and a trigger that keeps
 * the `hasura.user` session a mutation sets.
 */
import { once } from 'node:events'
import { get as httpGet } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { serve } from '@hono/node-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BoundedCache, hashKey } from './bounded-cache.ts'
import { defaultConfig, loadConfig } from './config.ts'
import { type Database, openPglite } from './database.ts'
import { DEFAULT_LIMITS } from './limits.ts'
import { createPacer } from './pacer.ts'
import { createHasura, type HasuraStandIn } from './server.ts'

const project = path.join(import.meta.dirname, 'fixtures/public-notes')
let db: Database
let hasura: HasuraStandIn
let collapsing: HasuraStandIn

beforeAll(async () => {
  db = await openPglite(undefined)
  const config = { ...defaultConfig, projectDir: project, adminSecrets: ['s'] }
  hasura = await createHasura(config, { db })
  collapsing = await createHasura({ ...config, booleanNullCollapse: true }, { db })
}, 30_000)
afterAll(() => db.close())

type Headers = Record<string, string>
const role = (name: string, userId?: string): Headers => ({
  'x-hasura-role': name,
  ...(userId ? { 'x-hasura-user-id': userId } : {}),
})

async function post(body: unknown, headers: Headers = {}, stand = hasura) {
  return stand.app.request('/v1/graphql', {
    method: 'POST',
    headers: { 'x-hasura-admin-secret': 's', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

async function graphql(body: unknown, headers: Headers = {}, stand = hasura) {
  const response = await post(body, headers, stand)
  expect(response.status).toBe(200)
  return response.json()
}

const error = (message: string, path: string, code = 'validation-failed') => ({
  errors: [{ message, extensions: { path, code } }],
})

const aliases = (count: number, field: string) => Array.from({ length: count }, (_, i) => `f${i}: ${field}`).join(' ')

describe('an explicit null in a where', () => {
  const rename =
    'mutation ($owner: String) { update_notes(where: { owner: { _eq: $owner } }, _set: { body: "x" }) { affected_rows } }'

  it("is refused in Hasura v2's words at its path, and nothing is changed", async () => {
    expect(await graphql({ query: rename, variables: { owner: null } })).toEqual(
      error("unexpected null value for type 'String'", '$.selectionSet.update_notes.args.where.owner._eq'),
    )
    expect(
      await graphql({ query: '{ notes_aggregate(where: { body: { _eq: "x" } }) { aggregate { count } } }' }),
    ).toEqual({ data: { notes_aggregate: { aggregate: { count: 0 } } } })
  })

  it('drops the condition with HASURA_GRAPHQL_V1_BOOLEAN_NULL_COLLAPSE=true, as Hasura v1 did', async () => {
    expect(loadConfig({ HASURA_GRAPHQL_V1_BOOLEAN_NULL_COLLAPSE: 'true' }).booleanNullCollapse).toBe(true)
    expect(loadConfig({}).booleanNullCollapse).toBe(false)
    const all = { data: { notes: [{ id: 1 }, { id: 2 }, { id: 3 }] } }
    for (const where of ['{ owner: { _eq: null } }', '{ owner: { _in: null } }', '{ owner: null }', '{ _and: null }']) {
      expect(
        await graphql({ query: `{ notes(where: ${where}, order_by: { id: asc }) { id } }` }, {}, collapsing),
      ).toEqual(all)
    }
  })

  it('in a permission compares with IS NULL / IS NOT NULL (_eq: null, _neq: null)', async () => {
    const query = { query: '{ notes(order_by: { id: asc }) { id owner } }' }
    expect(await graphql(query, role('reader'))).toEqual({ data: { notes: [{ id: 1, owner: null }] } })
    expect(await graphql(query, role('lister'))).toEqual({
      data: {
        notes: [
          { id: 2, owner: 'alice' },
          { id: 3, owner: 'bob' },
        ],
      },
    })
  })
})

describe('the session of a mutation', () => {
  it("is what triggers read from hasura.user, as Hasura's setHeadersTx sets it", async () => {
    const insert = { query: 'mutation { insert_notes_one(object: { body: "hi" }) { owner written_by } }' }
    expect(await graphql(insert, role('user', 'carol'))).toEqual({
      data: {
        insert_notes_one: { owner: 'carol', written_by: { 'x-hasura-role': 'user', 'x-hasura-user-id': 'carol' } },
      },
    })
  })
})

describe('any number of selected fields', () => {
  it.each([60, 120, 999])('answers %i aliased columns, keys in selection order', async (count) => {
    const result = await graphql({ query: `{ notes(where: { id: { _eq: 2 } }) { ${aliases(count, 'body')} } }` })
    const row = result.data.notes[0]
    expect(Object.keys(row)).toEqual(Array.from({ length: count }, (_, i) => `f${i}`))
    expect(new Set(Object.values(row))).toEqual(new Set(['alice note']))
  })

  it('in a mutation response and an aggregate too', async () => {
    const update = `mutation { update_notes(where: { id: { _eq: 3 } }, _set: { body: "bob note" }) { returning { ${aliases(60, 'id')} } } }`
    const { data } = await graphql({ query: update }, { 'x-hasura-role': 'admin' })
    expect(Object.keys(data.update_notes.returning[0])).toHaveLength(60)
    const aggregate = `{ notes_aggregate { aggregate { ${aliases(60, 'count')} } } }`
    expect(Object.values((await graphql({ query: aggregate })).data.notes_aggregate.aggregate)).toEqual(
      Array.from({ length: 60 }, () => expect.any(Number)),
    )
  })
})

describe('request bounds', () => {
  const limits = DEFAULT_LIMITS
  const tooBig = {
    errors: [
      {
        message: "request body is larger than the stand-in's limit of 1048576 bytes",
        extensions: { path: '$', code: 'bad-request' },
      },
    ],
  }

  it('answers a body over 1 MB with HTTP 413 before reading it, with or without a Content-Length', async () => {
    const body = JSON.stringify({ query: `{ notes { id } }${' '.repeat(limits.bodyBytes)}` })
    const declared = await post(body, { 'content-length': String(body.length) })
    expect(declared.status).toBe(413)
    expect(await declared.json()).toEqual(tooBig)
    const streamed = await hasura.app.request('/v1/graphql', {
      method: 'POST',
      headers: { 'x-hasura-admin-secret': 's' },
      body: new Blob([body]).stream(),
      duplex: 'half',
    } as RequestInit)
    expect(streamed.status).toBe(413)
    expect(await streamed.json()).toEqual(tooBig)
  })

  it('serves a body of exactly 1 MB, with or without a Content-Length', async () => {
    const query = '{ notes(where: { id: { _eq: 1 } }) { id } }'
    const body = `{"query":"${query}"}`.padEnd(limits.bodyBytes, ' ')
    expect(await graphql(body)).toEqual({ data: { notes: [{ id: 1 }] } })
    expect(await graphql(body, { 'content-length': String(body.length) })).toEqual({ data: { notes: [{ id: 1 }] } })
  })

  it('bounds the query text: characters and nesting', async () => {
    const padded = (length: number) => `{ notes(where: { id: { _eq: 1 } }) { id } }#`.padEnd(length, 'x')
    expect(await graphql({ query: padded(limits.queryCharacters) })).toEqual({ data: { notes: [{ id: 1 }] } })
    expect(await graphql({ query: padded(limits.queryCharacters + 1) })).toEqual(
      error("query too long, in characters: 65537 (the stand-in's limit is 65536)", '$.query'),
    )
    // `{ notes(where: ` opens 3 levels; each `{ _not: ` one more.
    const nested = (levels: number) =>
      `{ notes(where: ${'{ _not: '.repeat(levels - 4)}{ id: { _eq: 1 } }${' }'.repeat(levels - 4)}) { id } }`
    // 60 `_not`s cancel out.
    expect(await graphql({ query: nested(64) })).toEqual({ data: { notes: [{ id: 1 }] } })
    expect(await graphql({ query: nested(65) })).toEqual(
      error("query nested too deeply, in levels: 65 (the stand-in's limit is 64)", '$.query'),
    )
  })

  it('bounds the fields and fragments written in the document', async () => {
    expect(await graphql({ query: `{ notes(limit: 1) { ${aliases(999, 'id')} } }` })).toMatchObject({ data: {} })
    expect(await graphql({ query: `{ notes(limit: 1) { ${aliases(1000, 'id')} } }` })).toEqual(
      error("too many fields and fragments in the query: 1001 (the stand-in's limit is 1000)", '$.query'),
    )
  })

  it('bounds the root fields, counted after fragments', async () => {
    const roots = (count: number) => `{ ...R } fragment R on query_root { ${aliases(count, 'notes(limit: 1) { id }')} }`
    expect(Object.keys((await graphql({ query: roots(100) })).data)).toHaveLength(100)
    expect(await graphql({ query: roots(101) })).toEqual(
      error("too many root fields in the operation: 101 (the stand-in's limit is 100)", '$'),
    )
  })

  it('refuses what graphql-js gives up validating, in a sentence', async () => {
    expect(await graphql({ query: `{ notes(limit: 1) { ${Array(999).fill('a: id').join(' ')} } }` })).toEqual(
      error('query too complex to validate: too many fields with the same name to compare with one another', '$'),
    )
  })

  it('bounds the values in the variables, and their nesting', async () => {
    const insert = 'mutation ($rows: [notes_insert_input!]!) { insert_notes(objects: $rows) { affected_rows } }'
    const rows = (count: number) => Array.from({ length: count }, (_, i) => ({ body: `n${i}` }))
    // The list, 4,999 objects and their 4,999 bodies: 9,999 values.
    expect(await graphql({ query: insert, variables: { rows: rows(4999) } }, role('user', 'dave'))).toEqual({
      data: { insert_notes: { affected_rows: 4999 } },
    })
    expect(await graphql({ query: insert, variables: { rows: rows(5000) } }, role('user', 'dave'))).toEqual(
      error("too many values in the variables: 10001 (the stand-in's limit is 10000)", '$.variableValues'),
    )
    const deep = `{"query":"query ($w: notes_bool_exp) { notes(where: $w) { id } }","variables":{"w":${'{"_not":'.repeat(64)}{}${'}'.repeat(64)}}}`
    expect(await graphql(deep)).toEqual(
      error("variables nested too deeply, in levels: 65 (the stand-in's limit is 64)", '$.variableValues'),
    )
  })

  it('bounds the operations of a batch', async () => {
    const one = { query: '{ notes(where: { id: { _eq: 1 } }) { id } }' }
    expect(await graphql(Array(20).fill(one))).toHaveLength(20)
    expect(await graphql(Array(21).fill(one))).toEqual(
      error("too many operations in the batch: 21 (the stand-in's limit is 20)", '$', 'bad-request'),
    )
  })
})

describe('a large request', () => {
  it('gives the event loop a turn between root fields, so a timer fires before it ends', async () => {
    const session = { role: 'admin', variables: { 'x-hasura-role': 'admin' }, isAdmin: true }
    let settled = false
    let timerSawItRunning = false
    setTimeout(() => {
      timerSawItRunning = !settled
    }, 0)
    // A zero-length slice yields at every checkpoint, which makes the ordering exact.
    const query = `{ ${aliases(100, 'notes(limit: 1) { id }')} }`
    const result = await hasura.engine.run({ query }, session, false, createPacer(0))
    settled = true
    expect(Object.keys((result as { data: object }).data)).toHaveLength(100)
    expect(timerSawItRunning).toBe(true)
  })
})

describe('caches', () => {
  it('are keyed by a fixed-size hash of the query, not the text', () => {
    expect(hashKey('x'.repeat(100_000))).toMatch(/^[\w-]{43}$/)
    expect(hashKey('a', 'bc')).not.toBe(hashKey('ab', 'c'))
  })

  it('evict the least recently used entries beyond their bytes or entries, and never keep an oversized one', () => {
    const cache = new BoundedCache<string>(100, 3)
    const put = (key: string, value: string) =>
      cache.remember(
        key,
        () => value,
        (v) => v.length,
      )
    put('a', 'x'.repeat(40))
    put('b', 'x'.repeat(40))
    put('a', 'ignored')
    put('c', 'x'.repeat(40))
    expect(cache.bytes).toBeLessThanOrEqual(100)
    expect(put('a', 'fresh')).toBe('x'.repeat(40))
    expect(put('b', 'fresh')).toBe('fresh')
    expect(put('huge', 'x'.repeat(200))).toHaveLength(200)
    expect(cache.size).toBeLessThanOrEqual(3)
    expect(put('huge', 'again')).toBe('again')
  })

  it("hold the engine's parsed documents within their byte bound, however many distinct queries arrive", async () => {
    for (let i = 0; i < 40; i++) {
      await graphql({ query: `{ notes(limit: 1) { id } }#${i}`.padEnd(DEFAULT_LIMITS.queryCharacters, 'x') })
    }
    const { documents } = hasura.engine.caches()
    expect(documents.bytes).toBeLessThanOrEqual(32 * 1024 * 1024)
    expect(documents.size).toBeLessThan(40)
  })
})

describe('Host (DNS rebinding)', () => {
  /** A request as the Node server hands it in: with the `incoming` message its Host came in. */
  const fromNetwork = (url: string, init?: RequestInit) => hasura.app.request(url, init, { incoming: {} })

  it("refuses a Host that is not this machine's, even with the admin secret", async () => {
    const graphqlRefused = await fromNetwork('http://rebind.evil.example/v1/graphql', {
      method: 'POST',
      headers: { 'x-hasura-admin-secret': 's' },
      body: JSON.stringify({ query: '{ notes { id } }' }),
    })
    expect(graphqlRefused.status).toBe(403)
    expect(await graphqlRefused.json()).toEqual(
      error('host "rebind.evil.example" is not served here', '$', 'access-denied'),
    )
    const health = await fromNetwork('http://rebind.evil.example:8080/healthz')
    expect(health.status).toBe(403)
    expect(await health.json()).toEqual({
      path: '$',
      error: 'host "rebind.evil.example" is not served here',
      code: 'access-denied',
    })
  })

  it.each(['localhost', '127.0.0.1', '[::1]'])('serves %s', async (host) => {
    expect(await (await fromNetwork(`http://${host}:8080/healthz`)).text()).toBe('OK')
  })

  it('checks the Host a real socket received', async () => {
    const server = serve({ fetch: hasura.app.fetch, port: 0, hostname: '127.0.0.1' })
    await once(server, 'listening')
    const { port } = server.address() as AddressInfo
    const get = (host: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        httpGet({ host: '127.0.0.1', port, path: '/healthz', headers: { host } }, (response) => {
          let body = ''
          response.on('data', (chunk) => {
            body += chunk
          })
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body }))
        }).on('error', reject)
      })
    try {
      expect(await get(`localhost:${port}`)).toEqual({ status: 200, body: 'OK' })
      expect(await get('rebind.evil.example')).toEqual({
        status: 403,
        body: '{"path":"$","error":"host \\"rebind.evil.example\\" is not served here","code":"access-denied"}',
      })
    } finally {
      server.close()
    }
  })

  it('serves the hosts of HASURA_ALLOWED_HOSTS too', () => {
    expect(loadConfig({ HASURA_ALLOWED_HOSTS: 'demo.example.com, other.test' }).allowedHosts).toEqual([
      'demo.example.com',
      'other.test',
    ])
  })
})
