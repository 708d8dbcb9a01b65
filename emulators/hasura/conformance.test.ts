/**
 * Table-driven cases in the shape of Hasura's own YAML tests (headers, query, expected response), run against the
 * stand-in serving the project's real `hasura/` folder and a second fixture project. Tokens are minted here with a
 * local RSA key served as a JWKS; the fake clock makes expiry cases exact.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { jwtSecretFor, LOCAL_POOL, localUrls } from '../../lib/local-pool.ts'
import { FakeClock } from '../clock.ts'
import { defaultConfig, type HasuraConfig } from './config.ts'
import type { Database } from './database.ts'
import { openPglite } from './database.ts'
import { parseJwtSecret } from './jwt-secret.ts'
import { createHasura, type HasuraStandIn } from './server.ts'

interface Case {
  description: string
  headers?: Record<string, string>
  query: unknown
  response: unknown
}

const ISSUER = localUrls(LOCAL_POOL).issuer
const AUDIENCE = LOCAL_POOL.clientId
const NOW = Date.UTC(2026, 10, 27, 12) / 1000
const clock = new FakeClock(NOW * 1000)

async function signingKeys() {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true })
  const foreign = await generateKeyPair('RS256')
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' }
  const fetchJwks: typeof fetch = async () =>
    new Response(JSON.stringify({ keys: [jwk] }), { headers: { 'cache-control': 'max-age=300' } })
  return { privateKey, foreign: foreign.privateKey, jwk, fetchJwks }
}

type Keys = Awaited<ReturnType<typeof signingKeys>>

function sign(keys: Keys, payload: JWTPayload, key = keys.privateKey): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: 'test-key' }).sign(key)
}

const unsigned = (header: object, payload: object) =>
  `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`

function idToken(sub: string, claims: unknown, extra: JWTPayload = {}): JWTPayload {
  return {
    sub,
    aud: AUDIENCE,
    iss: ISSUER,
    token_use: 'id',
    iat: NOW - 10,
    exp: NOW + 3600,
    'https://hasura.io/jwt/claims': typeof claims === 'string' ? claims : JSON.stringify(claims),
    ...extra,
  }
}

const userClaims = (sub: string) => ({
  'x-hasura-user-id': sub,
  'x-hasura-default-role': 'user',
  'x-hasura-allowed-roles': ['user'],
})

async function usersTokens(keys: Keys): Promise<Record<string, string>> {
  const alice = idToken('alice-sub', userClaims('alice-sub'), { 'cognito:username': 'alice' })
  const good = await sign(keys, alice)
  const [h, , s] = good.split('.')
  const tampered = `${h}.${Buffer.from(JSON.stringify({ ...alice, 'https://hasura.io/jwt/claims': JSON.stringify(userClaims('bob-sub')) })).toString('base64url')}.${s}`
  const { createHmac } = await import('node:crypto')
  const confusionInput = unsigned({ alg: 'HS256', kid: 'test-key' }, alice)
  const confusion = `${confusionInput}.${createHmac('sha256', JSON.stringify(keys.jwk)).update(confusionInput).digest('base64url')}`
  const claims = (c: Record<string, unknown>) => idToken('alice-sub', { ...userClaims('alice-sub'), ...c })
  return {
    alice: good,
    bob: await sign(keys, idToken('bob-sub', userClaims('bob-sub'), { 'cognito:username': 'bob' })),
    carol: await sign(keys, idToken('carol-sub', userClaims('carol-sub'), { 'cognito:username': 'carol' })),
    tampered,
    'foreign-key': await sign(keys, alice, keys.foreign),
    'alg-none': `${unsigned({ alg: 'none' }, alice)}.`,
    'hs256-confusion': confusion,
    expired: await sign(keys, { ...alice, iat: NOW - 7200, exp: NOW - 3600 }),
    'future-iat': await sign(keys, { ...alice, iat: NOW + 60 }),
    'future-nbf': await sign(keys, { ...alice, nbf: NOW + 60 }),
    'wrong-issuer': await sign(keys, { ...alice, iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other' }),
    'wrong-audience': await sign(keys, { ...alice, aud: 'someoneelse000000000000000' }),
    'access-token': await sign(keys, {
      sub: 'alice-sub',
      iss: ISSUER,
      client_id: AUDIENCE,
      token_use: 'access',
      iat: NOW,
      exp: NOW + 3600,
    }),
    'object-claims': await sign(keys, { ...alice, 'https://hasura.io/jwt/claims': userClaims('alice-sub') }),
    'broken-json-claims': await sign(keys, idToken('alice-sub', '{not json')),
    'no-allowed-roles': await sign(keys, idToken('alice-sub', { 'x-hasura-default-role': 'user' })),
    'allowed-roles-string': await sign(keys, claims({ 'x-hasura-allowed-roles': 'user' })),
    'no-default-role': await sign(keys, idToken('alice-sub', { 'x-hasura-allowed-roles': ['user'] })),
    'numeric-user-id': await sign(keys, claims({ 'x-hasura-user-id': 42 })),
    'default-not-allowed': await sign(keys, claims({ 'x-hasura-default-role': 'admin' })),
    'two-roles': await sign(
      keys,
      claims({ 'x-hasura-allowed-roles': ['user', 'manager'], 'x-hasura-default-role': 'manager' }),
    ),
    'injection-user-id': await sign(keys, claims({ 'x-hasura-user-id': "x' OR '1'='1" })),
  }
}

async function blogTokens(keys: Keys): Promise<Record<string, string>> {
  const author = (id: string) => ({
    'x-hasura-user-id': id,
    'x-hasura-default-role': 'author',
    'x-hasura-allowed-roles': ['author'],
  })
  return {
    ada: await sign(keys, idToken('ada', author('1'))),
    'not-an-integer': await sign(keys, idToken('ada', author('ada'))),
    'reviewer-2': await sign(
      keys,
      idToken('grace', { ...author('2'), 'x-hasura-default-role': 'reviewer', 'x-hasura-allowed-roles': ['reviewer'] }),
    ),
    'reviewer-9': await sign(
      keys,
      idToken('nobody', {
        ...author('9'),
        'x-hasura-default-role': 'reviewer',
        'x-hasura-allowed-roles': ['reviewer'],
      }),
    ),
  }
}

function loadCases(file: string): Case[] {
  return parse(readFileSync(file, 'utf8')) as Case[]
}

async function send(hasura: HasuraStandIn, c: Case, tokens: Record<string, string>) {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  for (const [name, value] of Object.entries(c.headers ?? {})) {
    headers[name] = String(value).replace(/\{\{token:([\w-]+)\}\}/g, (_, t: string) => {
      const token = tokens[t]
      if (!token) throw new Error(`unknown token ${t} in "${c.description}"`)
      return token
    })
  }
  const response = await hasura.app.request('/v1/graphql', { method: 'POST', headers, body: JSON.stringify(c.query) })
  expect(response.status).toBe(200)
  return response.json()
}

/** The recipe's two users, as the Cognito triggers would have synced them. */
const RECIPE_USERS = "INSERT INTO public.users (id, username) VALUES ('alice-sub', 'alice'), ('bob-sub', 'bob')"

function suite(
  name: string,
  project: string,
  casesFile: string,
  extra: Partial<HasuraConfig>,
  makeTokens: (k: Keys) => Promise<Record<string, string>>,
  seed?: string,
) {
  describe(name, () => {
    let hasura: HasuraStandIn
    let db: Database
    let tokens: Record<string, string>
    beforeAll(async () => {
      const keys = await signingKeys()
      tokens = await makeTokens(keys)
      db = await openPglite(undefined)
      const config: HasuraConfig = {
        ...defaultConfig,
        projectDir: project,
        adminSecrets: ['test-admin-secret'],
        jwtSecret: parseJwtSecret(JSON.stringify(jwtSecretFor(ISSUER, { tokenUse: 'id', audience: AUDIENCE }))),
        ...extra,
      }
      hasura = await createHasura(config, { db, clock, fetch: keys.fetchJwks })
      if (seed) await db.exec(seed)
    }, 30_000)
    afterAll(() => db.close())

    // Cases run in file order: later ones may observe earlier mutations, as in Hasura's own suites.
    for (const c of loadCases(casesFile)) {
      it(c.description, async () => {
        expect(await send(hasura, c, tokens)).toEqual(c.response)
      })
    }
  })
}

const here = import.meta.dirname
suite(
  'project hasura/: JWT catalogue',
  path.resolve(here, '../../hasura'),
  path.join(here, 'cases/jwt.yaml'),
  {},
  usersTokens,
  RECIPE_USERS,
)
suite(
  'project hasura/: permissions and schema',
  path.resolve(here, '../../hasura'),
  path.join(here, 'cases/users.yaml'),
  {},
  usersTokens,
  RECIPE_USERS,
)
suite(
  'project examples/notes/: a table of their own for each user, through relationships',
  path.resolve(here, '../../examples/notes'),
  path.join(here, 'cases/notes.yaml'),
  {},
  usersTokens,
  `${RECIPE_USERS};
   INSERT INTO public.users (id, username) VALUES ('carol-sub', 'carol');
   INSERT INTO public.notes (id, user_id, body, created_at) VALUES
     ('00000000-0000-4000-8000-00000000a001', 'alice-sub', 'alice 1', '2026-01-01T10:00:00Z'),
     ('00000000-0000-4000-8000-00000000a002', 'alice-sub', 'alice 2', '2026-01-02T10:00:00Z'),
     ('00000000-0000-4000-8000-00000000b001', 'bob-sub', 'bob 1', '2026-01-03T10:00:00Z')`,
)
suite(
  'fixture blog/: driven by metadata alone',
  path.join(here, 'fixtures/blog'),
  path.join(here, 'fixtures/blog/cases.yaml'),
  { unauthorizedRole: 'anonymous' },
  blogTokens,
)
suite(
  'fixture relationships/: from Hasura relationship, permission and nested-insert suites',
  path.join(here, 'fixtures/relationships'),
  path.join(here, 'fixtures/relationships/cases.yaml'),
  { unauthorizedRole: 'anonymous' },
  async () => ({}),
)
