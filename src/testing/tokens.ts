/** Test support: an in-memory Storage and Cognito-shaped ID and access tokens signed by a local key. */
import { createLocalJWKSet, exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose'
import { LOCAL_POOL, localUrls } from '../../lib/local-pool.ts'
import type { Identity } from '../auth/session-store.ts'
import { atHashOf } from '../auth/verify-id-token.ts'

export class MemoryStorage implements Storage {
  #items = new Map<string, string>()
  get length() {
    return this.#items.size
  }
  clear() {
    this.#items.clear()
  }
  getItem(key: string) {
    return this.#items.get(key) ?? null
  }
  key(index: number) {
    return [...this.#items.keys()][index] ?? null
  }
  removeItem(key: string) {
    this.#items.delete(key)
  }
  setItem(key: string, value: string) {
    this.#items.set(key, String(value))
  }
}

/** A signed-in identity as the session store holds it, with placeholder tokens (for pages and stores, not Hasura). */
export function testIdentity(overrides: Partial<Identity> = {}): Identity {
  return {
    sub: 's1',
    username: 'alice',
    idToken: 'x.y.z',
    accessToken: 'a.b.c',
    hasuraToken: 'id',
    expiresAt: Date.now() + 60_000,
    flow: 'token',
    verification: { verdict: 'verified', checks: [], payload: { sub: 's1', token_use: 'id' } },
    ...overrides,
  }
}

export const ISSUER = localUrls(LOCAL_POOL).issuer
export const CLIENT_ID = LOCAL_POOL.clientId

/** The recipe's Hasura claims for `sub`, stringified as the project's trigger writes them. */
const hasuraClaimsFor = (sub: string) => ({
  'https://hasura.io/jwt/claims': JSON.stringify({
    'x-hasura-user-id': sub,
    'x-hasura-default-role': 'user',
    'x-hasura-allowed-roles': ['user'],
  }),
})

export const HASURA_CLAIMS = hasuraClaimsFor('sub-1')

/** A Hasura stand-in trusting `HS256_KEY` (`hs256Secret`) and a recipe token for `sub`: the proof's tests. */
export const HS256_KEY = 'a-shared-secret-that-is-at-least-32-characters-long'
export const hs256Secret = (key = HS256_KEY) =>
  JSON.stringify({ type: 'HS256', key, claims_format: 'stringified_json' })
export const hs256Token = (sub: string) =>
  new SignJWT({ sub, ...hasuraClaimsFor(sub) })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(HS256_KEY))

export async function localPool() {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true })
  const kid = 'test-kid'
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }] }
  const keys = createLocalJWKSet(jwks)
  const sign = (payload: JWTPayload, header: Record<string, unknown> = {}) =>
    new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid, ...header }).sign(privateKey)

  /**
   * An implicit-grant pair like Cognito's: the ID token's at_hash binds the access token. With Pre Token Generation
   * V1 only the ID token carries the Hasura claims; `access` overrides the access token's claims (e.g. a V2 trigger's
   * `HASURA_CLAIMS`).
   */
  async function tokens(overrides: JWTPayload = {}, now = Date.now(), access: JWTPayload = {}) {
    const iat = Math.floor(now / 1000)
    const accessToken = await sign({
      sub: 'sub-1',
      token_use: 'access',
      scope: 'openid email profile',
      auth_time: iat,
      client_id: CLIENT_ID,
      iss: ISSUER,
      iat,
      exp: iat + 3600,
      ...access,
    })
    const idToken = await sign({
      at_hash: await atHashOf(accessToken),
      sub: 'sub-1',
      iss: ISSUER,
      'cognito:username': 'alice',
      aud: CLIENT_ID,
      token_use: 'id',
      auth_time: iat,
      nonce: 'nonce-1',
      iat,
      exp: iat + 3600,
      ...HASURA_CLAIMS,
      ...overrides,
    })
    return { idToken, accessToken }
  }
  return { keys, jwks, sign, tokens, privateKey }
}
