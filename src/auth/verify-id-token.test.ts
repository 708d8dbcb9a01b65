import { createHash, createHmac } from 'node:crypto'
import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { CLIENT_ID, ISSUER, localPool } from '../testing/tokens.ts'
import { atHashOf, verifyIdToken } from './verify-id-token.ts'
import { jwksFor, prefetchJwks } from './verify-token.ts'

let pool: Awaited<ReturnType<typeof localPool>>
beforeAll(async () => {
  pool = await localPool()
})

const expectations = (extra = {}) => ({
  issuer: ISSUER,
  clientId: CLIENT_ID,
  nonce: 'nonce-1',
  keys: pool.keys,
  requireAtHash: true,
  ...extra,
})
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')

describe('verifyIdToken', () => {
  it('verifies a genuine token and reports every check and the clock skew', async () => {
    const { idToken, accessToken } = await pool.tokens()
    const result = await verifyIdToken(idToken, expectations({ accessToken }))
    expect(result.verdict).toBe('verified')
    expect(result.checks.map((c) => [c.id, c.ok])).toEqual([
      ['alg', true],
      ['signature', true],
      ['iss', true],
      ['aud', true],
      ['token_use', true],
      ['exp', true],
      ['iat', true],
      ['nonce', true],
      ['at_hash', true],
    ])
    expect(Math.abs(result.skewSeconds ?? 99)).toBeLessThanOrEqual(1)
  })

  it('computes at_hash as the left half of SHA-256, base64url', async () => {
    expect(await atHashOf('abc')).toBe(
      createHash('sha256').update('abc').digest().subarray(0, 16).toString('base64url'),
    )
  })

  it.each([
    ['another issuer', { iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other' }, 'iss'],
    ['another audience', { aud: 'someoneelse' }, 'aud'],
    ['an access token', { token_use: 'access' }, 'token_use'],
    ['an expired token', { exp: Math.floor(Date.now() / 1000) - 1 }, 'exp'],
    ['a token issued in the future', { iat: Math.floor(Date.now() / 1000) + 3600 }, 'iat'],
    ['another nonce', { nonce: 'replayed' }, 'nonce'],
    ['a swapped access token', { at_hash: 'AAAAAAAAAAAAAAAAAAAAAA' }, 'at_hash'],
  ])('rejects %s', async (_, overrides, failing) => {
    const { idToken, accessToken } = await pool.tokens(overrides)
    const result = await verifyIdToken(idToken, expectations({ accessToken }))
    expect(result.verdict).toBe('rejected')
    expect(result.reason?.startsWith(`${failing}:`)).toBe(true)
  })

  it('rejects alg none and HS256 before looking at any key', async () => {
    const { idToken } = await pool.tokens()
    const [, payload] = idToken.split('.')
    const none = `${b64({ alg: 'none' })}.${payload}.`
    expect((await verifyIdToken(none, expectations())).reason).toBe(
      'alg: alg "none": an unsigned token is never accepted',
    )
    const input = `${b64({ alg: 'HS256', kid: 'test-kid' })}.${payload}`
    const hs = `${input}.${createHmac('sha256', JSON.stringify(pool.jwks.keys[0])).update(input).digest('base64url')}`
    expect((await verifyIdToken(hs, expectations())).reason).toMatch(/^alg: alg "HS256"/)
  })

  it('rejects a payload altered under a kept signature', async () => {
    const { idToken } = await pool.tokens()
    const [header, payload, signature] = idToken.split('.')
    const claims = JSON.parse(Buffer.from(payload as string, 'base64url').toString())
    const forged = `${header}.${b64({ ...claims, sub: 'someone-else' })}.${signature}`
    expect((await verifyIdToken(forged, expectations())).reason).toBe(
      'signature: the signature does not match the signing key: the token was altered',
    )
  })

  it('refetches the JWKS once on an unknown kid, then names the kid it could not find', async () => {
    const other = await generateKeyPair('RS256')
    const unknownKid = await new SignJWT({ sub: 'x' })
      .setProtectedHeader({ alg: 'RS256', kid: 'rotated' })
      .sign(other.privateKey)
    let fetches = 0
    const keys = jwksFor(
      ISSUER,
      async () => {
        fetches += 1
        return new Response(JSON.stringify(pool.jwks))
      },
      0,
    )
    const { idToken } = await pool.tokens()
    expect((await verifyIdToken(idToken, expectations({ keys }))).checks.find((c) => c.id === 'signature')?.ok).toBe(
      true,
    )
    expect(fetches).toBe(1) // cached
    const result = await verifyIdToken(unknownKid, expectations({ keys }))
    expect(result.reason).toBe(
      `signature: no key with kid "rotated" in ${ISSUER}/.well-known/jwks.json — a token of another pool or region`,
    )
    expect(fetches).toBe(2)
    // A rotated key that has been published is found by that one refetch.
    const rotated = { ...(await exportJWK(other.publicKey)), kid: 'rotated', alg: 'RS256' }
    let published = false
    const rotating = jwksFor(
      ISSUER,
      async () => new Response(JSON.stringify({ keys: published ? [...pool.jwks.keys, rotated] : pool.jwks.keys })),
      0,
    )
    await verifyIdToken(idToken, expectations({ keys: rotating }))
    published = true
    const signedByRotated = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid: 'rotated' })
      .sign(other.privateKey)
    expect(
      (await verifyIdToken(signedByRotated, expectations({ keys: rotating }))).checks.find((c) => c.id === 'signature')
        ?.ok,
    ).toBe(true)
  })

  it('says plainly that garbage is not a JWT, and what a 5-part token is', async () => {
    expect((await verifyIdToken('garbage', expectations())).reason).toBe(
      'format: not a JWT: a JWT has 3 dot-separated parts, this has 1',
    )
    expect((await verifyIdToken('a.b.c.d.e', expectations())).reason).toMatch(/5-part JWE/)
    expect((await verifyIdToken('a.b.c', expectations())).reason).toMatch(/^format: not a JWT/)
  })
})

describe('prefetchJwks', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it("fetches the pool's keys once, ahead of the verification that then uses them", async () => {
    const issuer = 'http://localhost:9229/us-east-1_Prefetch' // a key set of its own: jwksFor caches per issuer
    const fetched: string[] = []
    vi.stubGlobal('fetch', async (url: string) => {
      fetched.push(String(url))
      return new Response(JSON.stringify(pool.jwks))
    })
    prefetchJwks(issuer)
    prefetchJwks(issuer) // already on its way
    expect(fetched).toEqual([`${issuer}/.well-known/jwks.json`])
    const { idToken } = await pool.tokens({ iss: issuer })
    const result = await verifyIdToken(idToken, expectations({ issuer, keys: undefined }))
    expect(result.checks.find((c) => c.id === 'signature')?.ok).toBe(true)
    expect(fetched).toHaveLength(1)
    prefetchJwks(issuer) // fresh: nothing to do
    expect(fetched).toHaveLength(1)
  })
})
