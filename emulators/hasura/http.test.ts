/** The HTTP surface around the engine: health, version, Hasura's answers to bad requests, CORS. */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { defaultConfig } from './config.ts'
import { openPglite } from './database.ts'
import { createHasura, type HasuraStandIn } from './server.ts'

let hasura: HasuraStandIn
beforeAll(async () => {
  hasura = await createHasura(
    {
      ...defaultConfig,
      projectDir: path.resolve(import.meta.dirname, '../../hasura'),
      adminSecrets: ['s'],
      // HASURA_GRAPHQL_CORS_DOMAIN of hasura/graphql-engine server/tests-py/test_cors.py
      corsDomains: ['http://*.localhost', 'http://localhost:3000', 'https://*.foo.bar.com'],
    },
    { db: await openPglite(undefined) },
  )
}, 30_000)
afterAll(() => hasura.db.close())

const post = (body: string, headers: Record<string, string> = {}) =>
  hasura.app.request('/v1/graphql', { method: 'POST', headers: { 'x-hasura-admin-secret': 's', ...headers }, body })

describe('HTTP', () => {
  it('answers /healthz with OK and /v1/version with a version', async () => {
    expect(await (await hasura.app.request('/healthz')).text()).toBe('OK')
    expect(await (await hasura.app.request('/v1/version')).json()).toMatchObject({ server_type: 'ce' })
  })

  it('answers a GET on /v1/graphql as current Hasura does', async () => {
    const response = await hasura.app.request('/v1/graphql')
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({
      errors: [{ message: 'PersistedQueryNotSupported', extensions: { path: '$', code: 'not-supported' } }],
    })
  })

  it("answers bad JSON and a body without query with HTTP 200 and Hasura's codes", async () => {
    const bad = await post('{oops')
    expect(bad.status).toBe(200)
    expect((await bad.json()).errors[0].extensions).toEqual({ path: '$', code: 'invalid-json' })
    expect((await (await post('{"variables":{}}')).json()).errors[0]).toEqual({
      message: 'Error in $: key "query" not found',
      extensions: { path: '$', code: 'parse-failed' },
    })
  })

  it('answers an unknown path with 404 in the non-GraphQL shape', async () => {
    const response = await hasura.app.request('/v2/nothing')
    expect(response.status).toBe(404)
    expect(await response.json()).toEqual({ path: '$', error: 'resource does not exist', code: 'not-found' })
  })

  it('echoes an allowed origin (never *), serves a disallowed one without CORS headers, and answers preflights', async () => {
    const allowed = await post('{"query":"{ __typename }"}', { origin: 'http://localhost:3000' })
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:3000')
    const denied = await post('{"query":"{ __typename }"}', { origin: 'https://evil.test' })
    expect(denied.headers.get('access-control-allow-origin')).toBeNull()
    expect((await denied.json()).data).toEqual({ __typename: 'query_root' })
    const preflight = await hasura.app.request('/v1/graphql', {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:3000', 'access-control-request-headers': 'authorization,content-type' },
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-headers')).toBe('authorization,content-type')
    expect(preflight.headers.get('access-control-max-age')).toBe('1728000')
  })

  it('echoes x-request-id', async () => {
    const response = await post('{"query":"{ __typename }"}', { 'x-request-id': 'abc-123' })
    expect(response.headers.get('x-request-id')).toBe('abc-123')
  })
})

interface CorsCase {
  description: string
  url: string
  headers: Record<string, string>
  resp_headers: Record<string, string | null>
}

describe('CORS, as test_cors.py', () => {
  const cases = parse(readFileSync(path.join(import.meta.dirname, 'cases/cors.yaml'), 'utf8')) as CorsCase[]
  for (const c of cases) {
    it(c.description, async () => {
      const response = await hasura.app.request(c.url, { headers: c.headers })
      expect(response.status).toBe(200)
      for (const [name, value] of Object.entries(c.resp_headers)) expect(response.headers.get(name)).toBe(value)
    })
  }
})
