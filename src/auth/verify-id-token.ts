/**
 * Proves an ID token genuine: what every Cognito JWT must pass (verify-token.ts), then `aud`, `token_use: id`,
 * `exp`/`iat`, `nonce` and `at_hash` (OIDC Core §3.2.2.11; specs/cognito.md §8.4).
 */
import { base64url } from './random.ts'
import { checkTimes, expectClaim, type KeyExpectations, type Verification, verifyJwt } from './verify-token.ts'

export interface Expectations extends KeyExpectations {
  nonce?: string
  accessToken?: string
  /** OIDC implicit flow: `at_hash` is REQUIRED when an access token comes with the ID token. */
  requireAtHash?: boolean
}

export async function atHashOf(accessToken: string): Promise<string> {
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(accessToken)))
  return base64url(hash.subarray(0, 16))
}

export function verifyIdToken(token: string, expect: Expectations): Promise<Verification> {
  // Hashed while the signature is checked: both are WebCrypto round trips, neither needs the other.
  const atHash = expect.accessToken === undefined ? undefined : atHashOf(expect.accessToken)
  atHash?.catch(() => {}) // unused when the token fails before at_hash; awaited (and thrown) below otherwise
  return verifyJwt(token, expect, async (payload, add, now) => {
    const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud]
    add(
      'aud',
      audiences.includes(expect.clientId),
      audiences.includes(expect.clientId)
        ? expect.clientId
        : `is ${JSON.stringify(payload.aud)}, expected the app client id ${expect.clientId}`,
    )
    expectClaim(add, 'token_use', payload.token_use, 'id', 'only an ID token proves who signed in')
    checkTimes(add, payload, now)
    if (expect.nonce !== undefined) {
      add(
        'nonce',
        payload.nonce === expect.nonce,
        payload.nonce === expect.nonce
          ? 'matches this sign-in'
          : payload.nonce === undefined
            ? 'missing, but this sign-in sent one'
            : 'does not match this sign-in (a replayed or injected token)',
      )
    }
    if (atHash) {
      if (typeof payload.at_hash !== 'string') add('at_hash', !expect.requireAtHash, 'missing')
      else {
        const expected = await atHash
        add(
          'at_hash',
          payload.at_hash === expected,
          payload.at_hash === expected ? 'binds the access token' : 'does not match the access token (a swapped token)',
        )
      }
    }
  })
}
