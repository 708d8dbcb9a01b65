import { describe, expect, it } from 'vitest'
import { contentSecurityPolicy } from '../lib/content-security-policy.ts'
import { fetchConfigJson, mergeConfigJson, settingsFrom } from './runtime-config.ts'

const ORIGIN = 'http://localhost:3333'
const AWS = {
  VITE_COGNITO_DOMAIN: 'https://my-app.auth.eu-west-1.amazoncognito.com',
  VITE_COGNITO_CLIENT_ID: '1h57kf5cpq17m0eml12example',
  VITE_COGNITO_ISSUER: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123xyz',
  VITE_HASURA_GRAPHQL_URL: 'https://my-project.hasura.app/v1/graphql',
}
const serving =
  (body: string, init: ResponseInit = {}): typeof fetch =>
  async () =>
    new Response(body, init)

describe('fetchConfigJson', () => {
  it('reads a served object', async () => {
    expect(await fetchConfigJson(serving('{"VITE_OAUTH_RESPONSE_TYPE":"code"}'))).toEqual({
      kind: 'present',
      values: { VITE_OAUTH_RESPONSE_TYPE: 'code' },
    })
  })

  it("takes a 404, or the host's SPA fallback page, as no /config.json", async () => {
    expect(await fetchConfigJson(serving('Not found', { status: 404 }))).toEqual({ kind: 'absent' })
    const fallback = serving('<!doctype html><html></html>', {
      headers: { 'content-type': 'text/html; charset=utf-8' },
    })
    expect(await fetchConfigJson(fallback)).toEqual({ kind: 'absent' })
  })

  it('reports malformed JSON, an HTTP error, a network failure and a timeout in words', async () => {
    expect(await fetchConfigJson(serving('{"VITE_COGNITO_DOMAIN": '))).toMatchObject({
      kind: 'unusable',
      problem: expect.stringMatching(/^is not valid JSON \(.+\)$/),
      value: '{"VITE_COGNITO_DOMAIN": ',
    })
    expect(await fetchConfigJson(serving('', { status: 503 }))).toEqual({
      kind: 'unusable',
      problem: 'answered HTTP 503',
    })
    const offline: typeof fetch = async () => {
      throw new TypeError('Failed to fetch')
    }
    expect(await fetchConfigJson(offline)).toEqual({
      kind: 'unusable',
      problem: 'could not be fetched (Failed to fetch)',
    })
    const hanging: typeof fetch = (_, init) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)))
    expect(await fetchConfigJson(hanging, 20)).toEqual({ kind: 'unusable', problem: 'did not answer within 0.02 s' })
  })
})

describe('mergeConfigJson', () => {
  it("puts the file's values over the build's and remembers which came from it", () => {
    const merged = mergeConfigJson(
      { VITE_COGNITO_CLIENT_ID: 'buildclient', VITE_OAUTH_SCOPES: 'openid' },
      { VITE_COGNITO_CLIENT_ID: 'runtimeclient', VITE_OAUTH_SCOPES: '' },
    )
    expect(merged.env).toEqual({ VITE_COGNITO_CLIENT_ID: 'runtimeclient', VITE_OAUTH_SCOPES: 'openid' })
    expect([...merged.fromConfigJson]).toEqual(['VITE_COGNITO_CLIENT_ID'])
    expect(merged.problems).toEqual([])
  })

  it('names what it cannot use: not an object, an unknown name, a build-time-only name, a non-string value', () => {
    expect(mergeConfigJson({}, ['x']).problems.map((p) => [p.name, p.problem])).toEqual([
      ['/config.json', 'must be a JSON object of VITE_* settings'],
    ])
    const merged = mergeConfigJson(
      {},
      { VITE_COGNITO_DOMIAN: 'https://x.example', VITE_CSP_META: 'false', VITE_OAUTH_SCOPES: ['openid'] },
    )
    expect(merged.problems.map((p) => [p.name, p.problem, p.value, p.source])).toEqual([
      ['/config.json', 'names no known setting: "VITE_COGNITO_DOMIAN"', 'VITE_COGNITO_DOMIAN', '/config.json'],
      [
        '/config.json',
        'names VITE_CSP_META, a build-time setting: it shapes index.html and cannot change at run time',
        undefined,
        '/config.json',
      ],
      ['VITE_OAUTH_SCOPES', 'must be a string', '["openid"]', '/config.json'],
    ])
  })
})

describe('settingsFrom', () => {
  it('uses the build alone when there is no /config.json', () => {
    const result = settingsFrom({ VITE_OAUTH_RESPONSE_TYPE: 'code' }, { kind: 'absent' }, ORIGIN)
    expect(result.ok && result.settings.responseType).toBe('code')
  })

  it('lets /config.json point a local build at a real pool', () => {
    const result = settingsFrom({}, { kind: 'present', values: AWS }, 'https://demo.example.com')
    expect(result).toMatchObject({
      ok: true,
      settings: {
        cognitoDomain: AWS.VITE_COGNITO_DOMAIN,
        clientId: AWS.VITE_COGNITO_CLIENT_ID,
        issuer: AWS.VITE_COGNITO_ISSUER,
        hasuraGraphqlUrl: AWS.VITE_HASURA_GRAPHQL_URL,
        redirectUri: 'https://demo.example.com/cognito-callback',
      },
    })
  })

  it('takes VITE_HASURA_TOKEN from /config.json', () => {
    const result = settingsFrom({}, { kind: 'present', values: { VITE_HASURA_TOKEN: 'access' } }, ORIGIN)
    expect(result.ok && result.settings.hasuraToken).toBe('access')
    const bad = settingsFrom({}, { kind: 'present', values: { VITE_HASURA_TOKEN: 'refresh' } }, ORIGIN)
    expect(bad.ok ? [] : bad.problems.map((p) => [p.name, p.problem, p.source])).toEqual([
      ['VITE_HASURA_TOKEN', 'must be "id" or "access"', '/config.json'],
    ])
  })

  it('tags a bad value from /config.json with its source, and a bad build value without', () => {
    const result = settingsFrom(
      { VITE_OAUTH_RESPONSE_TYPE: 'implicit' },
      { kind: 'present', values: { VITE_COGNITO_ISSUER: 'https://cognito-idp.eu-west-1.amazonaws.com/x/' } },
      ORIGIN,
    )
    expect(result.ok ? [] : result.problems.map((p) => [p.name, p.source])).toEqual([
      ['VITE_COGNITO_ISSUER', '/config.json'],
      ['VITE_OAUTH_RESPONSE_TYPE', undefined],
    ])
  })

  it('refuses a run-time origin that the build’s <meta> Content-Security-Policy would block', () => {
    const meta = contentSecurityPolicy({
      cognitoDomain: 'http://localhost:9229',
      issuer: 'http://localhost:9229/us-east-1_LocalPool',
      hasuraGraphqlUrl: 'http://localhost:8080/v1/graphql',
    })
    const same = settingsFrom(
      {},
      { kind: 'present', values: { VITE_HASURA_GRAPHQL_URL: 'http://localhost:8080/v1/graphql' } },
      ORIGIN,
      meta,
    )
    expect(same.ok).toBe(true)
    const other = settingsFrom({}, { kind: 'present', values: AWS }, ORIGIN, meta)
    expect(other.ok ? [] : other.problems.map((p) => [p.name, p.source])).toEqual([
      ['VITE_COGNITO_DOMAIN', '/config.json'],
      ['VITE_COGNITO_ISSUER', '/config.json'],
      ['VITE_HASURA_GRAPHQL_URL', '/config.json'],
    ])
    expect(other.ok ? '' : other.problems[0]?.problem).toBe(
      "is outside this build's Content-Security-Policy <meta> tag (connect-src http://localhost:3333 http://localhost:9229 http://localhost:8080): build with VITE_CSP_META=false and send the policy as a response header, or build with this value",
    )
    // Without the meta tag (VITE_CSP_META=false), the hosting's header is the policy: nothing to contradict.
    expect(settingsFrom({}, { kind: 'present', values: AWS }, 'https://demo.example.com').ok).toBe(true)
  })

  it('names /config.json when the file is unusable', () => {
    expect(settingsFrom({}, { kind: 'unusable', problem: 'answered HTTP 403' }, ORIGIN)).toMatchObject({
      ok: false,
      problems: [{ name: '/config.json', problem: 'answered HTTP 403', source: '/config.json' }],
    })
  })
})
