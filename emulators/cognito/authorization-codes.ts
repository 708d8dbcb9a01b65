/**
 * Authorization codes (specs/cognito.md §2.3, §5): a UUID per sign-in, valid 5 minutes, single use — spent by any
 * redemption attempt, failed ones included (RFC 6749 §4.1.2) — and bound to its client, its `redirect_uri` and,
 * when the request carried one, its PKCE challenge (RFC 7636 §4.6); a code issued without a challenge is refused
 * with a verifier (no PKCE downgrade, RFC 9700 §2.1.1). In memory only, swept when expired and capped.
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import type { AuthorizeRequest } from './authorize-request.ts'
import type { Deps } from './deps.ts'
import { InvalidGrant, UnauthorizedClient } from './errors.ts'
import { ExpiringMap } from './expiring-map.ts'
import type { TokenCustomization } from './pre-token-generation.ts'

/** What a code stands for: who signed in, when, for which request, with which Pre Token Generation result. */
export interface AuthorizationGrant {
  request: AuthorizeRequest
  username: string
  authTime: number
  customization: TokenCustomization
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
function pkceMatches(verifier: string, challenge: string): boolean {
  const computed = Buffer.from(createHash('sha256').update(verifier, 'ascii').digest('base64url'))
  const expected = Buffer.from(challenge)
  return computed.length === expected.length && timingSafeEqual(computed, expected)
}

/** Codes live 5 minutes: far more than any local burst of sign-ins issues in that time. */
const CAPACITY = 10_000

/** RFC 7636 §4.1: 43 to 128 unreserved characters. */
const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/

export function createAuthorizationCodes(deps: Pick<Deps, 'clock' | 'random' | 'config'>): AuthorizationCodes {
  const { clock, random, config } = deps
  const codes = new ExpiringMap<AuthorizationGrant>(clock, CAPACITY)
  return {
    issue(grant) {
      const code = random.uuid()
      codes.set(code, grant, clock.now().getTime() + config.validity.authCode * 1000)
      return code
    },
    redeem(code, { clientId, redirectUri, codeVerifier }) {
      const grant = codes.get(code)
      codes.delete(code)
      if (!grant || grant.request.clientId !== clientId) throw InvalidGrant()
      if (redirectUri !== grant.request.redirectUri) throw UnauthorizedClient('invalid_redirect')
      const challenge = grant.request.codeChallenge
      if (challenge) {
        if (!codeVerifier || !VERIFIER.test(codeVerifier) || !pkceMatches(codeVerifier, challenge)) throw InvalidGrant()
      } else if (codeVerifier !== null) {
        throw InvalidGrant()
      }
      return grant
    },
  }
}
