/**
 * ID and access tokens with Cognito's claim sets (specs/cognito.md §8.3–8.5): header `{kid, alg}` only, ID tokens
 * signed by one key and access tokens by the other, `at_hash` binding the access token, the echoed `nonce`, and
 * `origin_jti` / `event_id` only where a refresh token anchors them (code grant, refresh), never on implicit.
 */
import { createHash } from 'node:crypto'
import { type JWTPayload, SignJWT } from 'jose'
import type { Clock } from '../clock.ts'
import { type CognitoConfig, issuerOf } from './config.ts'
import type { PoolKeys, SigningKey } from './keys.ts'
import type { User } from './pool.ts'
import type { ClaimsOverride } from './triggers.ts'

/** Claims a Pre Token Generation trigger can neither add, change nor suppress (§9.5); attempts are ignored. */
const PROTECTED = new Set([
  'acr',
  'amr',
  'aud',
  'at_hash',
  'auth_time',
  'azp',
  'client_id',
  'device_key',
  'event_id',
  'exp',
  'iat',
  'identities',
  'iss',
  'jti',
  'nbf',
  'nonce',
  'origin_jti',
  'sub',
  'token_use',
  'username',
  'version',
])
const isProtected = (claim: string) =>
  PROTECTED.has(claim) ||
  (claim.startsWith('cognito:') && !['cognito:groups', 'cognito:roles', 'cognito:preferred_role'].includes(claim))

export interface TokenRequest {
  user: User
  clientId: string
  scopes: string[]
  nonce?: string
  authTime: number
  overrides: ClaimsOverride
  /** Present for code and refresh grants: shared by the tokens of one authentication. */
  originJti?: string
}

export interface IssuedTokens {
  access_token: string
  id_token?: string
  token_type: 'Bearer'
  expires_in: number
}

/** OIDC Core §3.2.2.9: base64url of the left half of SHA-256 of the access token's ASCII. */
export function atHash(accessToken: string): string {
  return createHash('sha256').update(accessToken, 'ascii').digest().subarray(0, 16).toString('base64url')
}

function sign(payload: JWTPayload, key: SigningKey): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ kid: key.kid, alg: 'RS256' }).sign(key.privateKey)
}

export function createTokenMinter(
  config: CognitoConfig,
  keys: PoolKeys,
  clock: Clock,
  uuid: () => string = () => crypto.randomUUID(),
) {
  const issuer = issuerOf(config)
  return async function mint(request: TokenRequest): Promise<IssuedTokens> {
    const iat = Math.floor(clock.now().getTime() / 1000)
    const { user, originJti } = request
    const anchored = originJti ? { origin_jti: originJti, event_id: uuid() } : {}
    const access: JWTPayload = {
      sub: user.sub,
      iss: issuer,
      version: 2,
      client_id: request.clientId,
      ...(originJti ? { origin_jti: originJti, event_id: anchored.event_id } : {}),
      token_use: 'access',
      scope: request.scopes.join(' '),
      auth_time: request.authTime,
      exp: iat + config.validity.accessToken,
      iat,
      jti: uuid(),
      username: user.username,
    }
    const access_token = await sign(access, keys.access)
    const result: IssuedTokens = { access_token, token_type: 'Bearer', expires_in: config.validity.accessToken }
    if (!request.scopes.includes('openid')) return result

    let id: Record<string, unknown> = {
      at_hash: atHash(access_token),
      sub: user.sub,
      email_verified: user.emailVerified,
      iss: issuer,
      'cognito:username': user.username,
      ...(originJti ? { origin_jti: originJti } : {}),
      aud: request.clientId,
      ...(originJti ? { event_id: anchored.event_id } : {}),
      token_use: 'id',
      auth_time: request.authTime,
      ...(request.nonce ? { nonce: request.nonce } : {}),
      exp: iat + config.validity.idToken,
      iat,
      jti: uuid(),
      email: user.email,
    }
    for (const [claim, value] of Object.entries(request.overrides.claimsToAddOrOverride ?? {})) {
      if (!isProtected(claim)) id[claim] = value
    }
    const suppress = new Set((request.overrides.claimsToSuppress ?? []).filter((claim) => !isProtected(claim)))
    id = Object.fromEntries(Object.entries(id).filter(([claim]) => !suppress.has(claim)))
    result.id_token = await sign(id, keys.id)
    return result
  }
}

export type TokenMinter = ReturnType<typeof createTokenMinter>
