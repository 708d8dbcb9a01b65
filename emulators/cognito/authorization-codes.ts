/**
 * Authorization codes (specs/cognito.md §2.3, §5): a UUID per sign-in, valid 5 minutes, single use — spent by any
 * redemption attempt, failed ones included (RFC 6749 §4.1.2) — and bound to its client, its `redirect_uri` and,
 * when the request carried one, its PKCE challenge (RFC 7636 §4.6). In memory only, like the real codes' short life.
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import type { Clock } from '../clock.ts'
import type { AuthorizeRequest } from './authorize-request.ts'
import type { CognitoConfig } from './config.ts'
import type { Random } from './deps.ts'
import { InvalidGrant, UnauthorizedClient } from './errors.ts'
import type { ClaimsOverride } from './triggers.ts'

/** What a code stands for: who signed in, when, for which request, with which Pre Token Generation result. */
export interface AuthorizationGrant {
  request: AuthorizeRequest
  username: string
  authTime: number
  overrides: ClaimsOverride
}

export interface Redemption {
  clientId: string
  redirectUri: string | null
  codeVerifier: string | null
}

export interface AuthorizationCodes {
  issue(grant: AuthorizationGrant): string
  /** The grant behind `code` if this redemption is bound to it; throws the token endpoint's error otherwise. */
  redeem(code: string, redemption: Redemption): AuthorizationGrant
}

/** RFC 7636 §4.6: BASE64URL(SHA256(code_verifier)) == code_challenge. */
export function pkceMatches(verifier: string, challenge: string): boolean {
  const computed = Buffer.from(createHash('sha256').update(verifier, 'ascii').digest('base64url'))
  const expected = Buffer.from(challenge)
  return computed.length === expected.length && timingSafeEqual(computed, expected)
}

/** RFC 7636 §4.1: 43 to 128 unreserved characters. */
const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/

export function createAuthorizationCodes(deps: {
  clock: Clock
  random: Random
  config: Pick<CognitoConfig, 'validity'>
}): AuthorizationCodes {
  const { clock, random, config } = deps
  const codes = new Map<string, AuthorizationGrant & { expiresAt: number }>()
  return {
    issue(grant) {
      const code = random.uuid()
      codes.set(code, { ...grant, expiresAt: clock.now().getTime() + config.validity.authCode * 1000 })
      return code
    },
    redeem(code, { clientId, redirectUri, codeVerifier }) {
      const grant = codes.get(code)
      codes.delete(code)
      if (!grant || grant.expiresAt <= clock.now().getTime() || grant.request.clientId !== clientId)
        throw InvalidGrant()
      if (redirectUri !== grant.request.redirectUri) throw UnauthorizedClient('invalid_redirect')
      const challenge = grant.request.codeChallenge
      if (challenge && (!codeVerifier || !VERIFIER.test(codeVerifier) || !pkceMatches(codeVerifier, challenge)))
        throw InvalidGrant()
      const { expiresAt: _, ...rest } = grant
      return rest
    },
  }
}
