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
import { customizeClaims, customizeScopes, type TokenCustomization } from './pre-token-generation.ts'

export interface TokenRequest {
  user: User
  clientId: string
  scopes: string[]
  nonce?: string
  authTime: number
  /** The Pre Token Generation answer for this issue. */
  customization: TokenCustomization
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
    const { user, originJti, customization, clientId } = request
    const anchored = originJti ? { origin_jti: originJti, event_id: uuid() } : {}
    const accessChanges = customization.accessToken
    const scopes = accessChanges ? customizeScopes(request.scopes, accessChanges) : request.scopes
    let access: JWTPayload = {
      sub: user.sub,
      iss: issuer,
      version: 2,
      client_id: clientId,
      ...(originJti ? { origin_jti: originJti, event_id: anchored.event_id } : {}),
      token_use: 'access',
      // A trigger that suppresses every scope leaves no `scope` claim (ADR 015).
      ...(scopes.length ? { scope: scopes.join(' ') } : {}),
      auth_time: request.authTime,
      exp: iat + config.validity.accessToken,
      iat,
      jti: uuid(),
      username: user.username,
    }
    if (accessChanges) access = customizeClaims(access, accessChanges, 'access', clientId)
    const access_token = await sign(access, keys.access)
    const result: IssuedTokens = { access_token, token_type: 'Bearer', expires_in: config.validity.accessToken }
    if (!request.scopes.includes('openid')) return result

    // Whether there is an ID token depends on the scopes asked for, not on those a trigger leaves (ADR 015).
    const id: Record<string, unknown> = {
      at_hash: atHash(access_token),
      sub: user.sub,
      email_verified: user.emailVerified,
      iss: issuer,
      'cognito:username': user.username,
      ...(originJti ? { origin_jti: originJti } : {}),
      aud: clientId,
      ...(originJti ? { event_id: anchored.event_id } : {}),
      token_use: 'id',
      auth_time: request.authTime,
      ...(request.nonce ? { nonce: request.nonce } : {}),
      exp: iat + config.validity.idToken,
      iat,
      jti: uuid(),
      email: user.email,
    }
    result.id_token = await sign(customizeClaims(id, customization.idToken, 'id', clientId), keys.id)
    return result
  }
}

export type TokenMinter = ReturnType<typeof createTokenMinter>
