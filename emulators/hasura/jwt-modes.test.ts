/**
 * The other ways HASURA_GRAPHQL_JWT_SECRET can be written: a static `key` (HMAC secret or PEM), the token in a
 * cookie or a custom header, claims under `claims_namespace_path`, and `allowed_skew`.
 */
import path from 'node:path'
import { exportSPKI, generateKeyPair, type JWTPayload, SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FakeClock } from '../clock.ts'
import { defaultConfig } from './config.ts'
import { type Database, openPglite } from './database.ts'
import { parseJwtSecret } from './jwt-secret.ts'
import { createHasura } from './server.ts'

const project = path.resolve(import.meta.dirname, '../../hasura')
const NOW = Date.UTC(2026, 5, 1) / 1000
const clock = new FakeClock(NOW * 1000)
const HMAC = 'a-shared-secret-that-is-at-least-32-characters-long'
const claims = { 'x-hasura-user-id': 'u1', 'x-hasura-default-role': 'user', 'x-hasura-allowed-roles': ['user'] }
let db: Database

beforeAll(async () => {
  db = await openPglite(undefined)
  await createHasura({ ...defaultConfig, projectDir: project }, { db })
  await db.query("INSERT INTO public.users VALUES ('u1', 'one'), ('u2', 'two')")
}, 30_000)
afterAll(() => db.close())

async function standIn(secret: object) {
  const hasura = await createHasura(
    { ...defaultConfig, projectDir: project, adminSecrets: ['s'], jwtSecret: parseJwtSecret(JSON.stringify(secret)) },
    { db, clock },
  )
  return async (headers: Record<string, string>) =>
    (
      await hasura.app.request('/v1/graphql', {
        method: 'POST',
        headers,
        body: JSON.stringify({ query: '{ users { id } }' }),
      })
    ).json()
}

const hs256 = (payload: JWTPayload) =>
  new SignJWT(payload)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt(NOW)
    .setExpirationTime(NOW + 60)
    .sign(new TextEncoder().encode(HMAC))
const own = { data: { users: [{ id: 'u1' }] } }

describe('JWT modes', () => {
  it('verifies HS256 with a shared key', async () => {
    const send = await standIn({ type: 'HS256', key: HMAC })
    expect(await send({ authorization: `Bearer ${await hs256({ 'https://hasura.io/jwt/claims': claims })}` })).toEqual(
      own,
    )
    const forged = await new SignJWT({ 'https://hasura.io/jwt/claims': claims })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode('another-secret-another-secret-another'))
    expect((await send({ authorization: `Bearer ${forged}` })).errors[0].message).toBe(
      'Could not verify JWT: JWSError JWSInvalidSignature',
    )
  })

  it('verifies RS256 with a PEM public key, and refuses an HS256 token signed with that PEM as secret', async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256')
    const pem = await exportSPKI(publicKey)
    const send = await standIn({ type: 'RS256', key: pem })
    const token = await new SignJWT({ 'https://hasura.io/jwt/claims': claims })
      .setProtectedHeader({ alg: 'RS256' })
      .sign(privateKey)
    expect(await send({ authorization: `Bearer ${token}` })).toEqual(own)
    const confused = await new SignJWT({ 'https://hasura.io/jwt/claims': claims })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode(pem))
    expect((await send({ authorization: `Bearer ${confused}` })).errors[0].message).toBe(
      'Could not verify JWT: JWSError JWSInvalidSignature',
    )
  })

  it('reads the token from a cookie or a custom header when told to', async () => {
    const token = await hs256({ 'https://hasura.io/jwt/claims': claims })
    const cookie = await standIn({ type: 'HS256', key: HMAC, header: { type: 'Cookie', name: 'hasura_user' } })
    expect(await cookie({ cookie: `other=1; hasura_user=${token}` })).toEqual(own)
    expect((await cookie({ authorization: `Bearer ${token}` })).errors[0].message).toBe(
      "Missing 'Authorization' or 'Cookie' header in JWT authentication mode",
    )
    const custom = await standIn({ type: 'HS256', key: HMAC, header: { type: 'CustomHeader', name: 'X-Auth-Token' } })
    expect(await custom({ 'x-auth-token': token })).toEqual(own)
  })

  it('finds claims at claims_namespace_path', async () => {
    const send = await standIn({ type: 'HS256', key: HMAC, claims_namespace_path: '$.hasura.claims' })
    expect(await send({ authorization: `Bearer ${await hs256({ hasura: { claims } })}` })).toEqual(own)
    expect((await send({ authorization: `Bearer ${await hs256({ claims })}` })).errors[0]).toEqual({
      message: "claims not found at claims_namespace_path: '$.hasura.claims'",
      extensions: { path: '$', code: 'jwt-invalid-claims' },
    })
  })

  it('accepts a token expired 30 s ago with allowed_skew 60, not without', async () => {
    const token = await new SignJWT({ 'https://hasura.io/jwt/claims': claims })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt(NOW - 120)
      .setExpirationTime(NOW - 30)
      .sign(new TextEncoder().encode(HMAC))
    expect(
      await (await standIn({ type: 'HS256', key: HMAC, allowed_skew: 60 }))({ authorization: `Bearer ${token}` }),
    ).toEqual(own)
    expect(
      (await (await standIn({ type: 'HS256', key: HMAC }))({ authorization: `Bearer ${token}` })).errors[0].message,
    ).toBe('Could not verify JWT: JWTExpired')
  })
})
