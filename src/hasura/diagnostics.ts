/**
 * Predicts Hasura's verdict on a token before any request is sent, in Hasura's own words (specs/hasura.md §1–2,
 * client-anchors.md §2 P1–P8), and derives the HASURA_GRAPHQL_JWT_SECRET that would accept it.
 */
import { type ClaimsFormat, DEFAULT_CLAIMS_NAMESPACE, extractHasuraClaims } from '../../lib/hasura-claims.ts'
import { jwtSecretFor } from '../../lib/local-pool.ts'

export interface Diagnostic {
  level: 'error' | 'warning' | 'ok'
  title: string
  detail: string
  /** What Hasura answers, when this problem reaches it. */
  hasura?: { message: string; code: string }
}

export interface ClaimsReport {
  /** The parsed `https://hasura.io/jwt/claims` object, when one could be read. */
  claims?: Record<string, unknown>
  format?: ClaimsFormat
  diagnostics: Diagnostic[]
  suggestedSecret?: Record<string, unknown>
}

const invalid = (message: string) => ({ message, code: 'jwt-invalid-claims' })
const invalidJwt = (detail: string) => ({ message: `Could not verify JWT: ${detail}`, code: 'invalid-jwt' })

/** Claims whose key looks like a mistyped Hasura namespace. */
function nearMisses(payload: Record<string, unknown>): string[] {
  return Object.keys(payload).filter((key) => key !== DEFAULT_CLAIMS_NAMESPACE && /hasura/i.test(key))
}

export function diagnose(payload: Record<string, unknown>, now: number = Date.now()): ClaimsReport {
  const diagnostics: Diagnostic[] = []
  const seconds = now / 1000
  const tokenUse = payload.token_use

  if (typeof payload.exp === 'number' && seconds >= payload.exp) {
    diagnostics.push({
      level: 'error',
      title: 'Expired',
      detail: `exp passed ${Math.round(seconds - payload.exp)} s ago; sign in again (the implicit grant has no refresh).`,
      hasura: invalidJwt('JWTExpired'),
    })
  }
  if (typeof payload.iat === 'number' && payload.iat > seconds) {
    diagnostics.push({
      level: 'error',
      title: 'Issued in the future',
      detail: `iat is ${Math.ceil(payload.iat - seconds)} s ahead of this clock. Hasura's allowed_skew is 0 by default; fix the clock or set allowed_skew.`,
      hasura: invalidJwt('JWTIssuedAtFuture'),
    })
  }

  const raw = payload[DEFAULT_CLAIMS_NAMESPACE]
  if (raw === undefined) {
    const misses = nearMisses(payload)
    diagnostics.push({
      level: 'error',
      title: 'No Hasura claims',
      detail:
        tokenUse === 'access'
          ? 'This is an access token. A V1 Pre Token Generation trigger adds claims to the ID token only: send the ID token to Hasura.'
          : misses.length
            ? `Found ${misses.map((m) => JSON.stringify(m)).join(', ')} but not "${DEFAULT_CLAIMS_NAMESPACE}": check the namespace spelling.`
            : 'The Pre Token Generation trigger did not add them: is it attached to the pool, and did it run?',
      hasura: invalid(`claims key: '${DEFAULT_CLAIMS_NAMESPACE}' not found`),
    })
    return { diagnostics }
  }

  const format: ClaimsFormat = typeof raw === 'string' ? 'stringified_json' : 'json'
  const other: ClaimsFormat = format === 'json' ? 'stringified_json' : 'json'
  const result = extractHasuraClaims(payload, { claimsNamespace: DEFAULT_CLAIMS_NAMESPACE, claimsFormat: format })
  diagnostics.push({
    level: 'warning',
    title: `Claims are ${format === 'json' ? 'a JSON object' : 'stringified JSON'}`,
    detail: `Hasura must be configured with claims_format: ${format}. With ${other} it refuses the token.`,
    hasura: invalid(
      format === 'json'
        ? 'expecting a string when claims_format is stringified_json'
        : 'expecting a json object when claims_format is json',
    ),
  })
  if (!result.ok) {
    diagnostics.push({
      level: 'error',
      title: 'Hasura will refuse these claims',
      detail: result.message,
      hasura: { message: result.message, code: result.code },
    })
    const claims =
      typeof result.raw === 'object' && result.raw !== null ? (result.raw as Record<string, unknown>) : undefined
    return { claims, format, diagnostics, suggestedSecret: suggestSecret(payload, format) }
  }

  const { allowedRoles, defaultRole, sessionVariables } = result.claims
  if (allowedRoles.length === 0) {
    diagnostics.push({
      level: 'error',
      title: 'No allowed roles',
      detail: 'x-hasura-allowed-roles is empty: every request is refused.',
      hasura: { message: 'Your requested role is not in allowed roles', code: 'access-denied' },
    })
  } else if (!allowedRoles.includes(defaultRole)) {
    diagnostics.push({
      level: 'error',
      title: 'Default role not allowed',
      detail: `x-hasura-default-role "${defaultRole}" is not in x-hasura-allowed-roles ${JSON.stringify(allowedRoles)}.`,
      hasura: { message: 'Your requested role is not in allowed roles', code: 'access-denied' },
    })
  }
  const userId = sessionVariables['x-hasura-user-id']
  if (userId === undefined) {
    diagnostics.push({
      level: 'warning',
      title: 'No x-hasura-user-id',
      detail: 'A permission filtering on X-Hasura-User-Id will fail.',
      hasura: { message: 'missing session variable: "x-hasura-user-id"', code: 'not-found' },
    })
  } else if (userId !== payload.sub) {
    diagnostics.push({
      level: 'warning',
      title: 'x-hasura-user-id ≠ sub',
      detail: `x-hasura-user-id is "${userId}" but sub is "${String(payload.sub)}"; the recipe keys users by sub.`,
    })
  }
  if (tokenUse === 'access') {
    diagnostics.push({
      level: 'warning',
      title: 'Access token',
      detail: 'Cognito access tokens have no aud: a Hasura audience setting refuses them.',
      hasura: invalidJwt('JWTNotInAudience'),
    })
  }
  if (!diagnostics.some((d) => d.level === 'error')) {
    diagnostics.unshift({
      level: 'ok',
      title: 'Hasura will accept these claims',
      detail: `role "${defaultRole}" by default; allowed: ${allowedRoles.join(', ')}`,
    })
  }
  return { claims: result.raw, format, diagnostics, suggestedSecret: suggestSecret(payload, format) }
}

/** The HASURA_GRAPHQL_JWT_SECRET that accepts this token: keys from its issuer, its format, its audience. */
export function suggestSecret(
  payload: Record<string, unknown>,
  format: ClaimsFormat,
): Record<string, unknown> | undefined {
  if (typeof payload.iss !== 'string') return undefined
  const audience = typeof payload.aud === 'string' || Array.isArray(payload.aud) ? payload.aud : undefined
  return jwtSecretFor(payload.iss, {
    tokenUse: payload.token_use === 'access' ? 'access' : 'id',
    audience: audience as string | string[] | undefined,
    claimsFormat: format,
  })
}
