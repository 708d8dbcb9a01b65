/**
 * Predicts Hasura's verdict on a token before any request is sent, in Hasura's own words (specs/hasura.md §1–2,
 * client-anchors.md §2 P1–P8), and derives the HASURA_GRAPHQL_JWT_SECRET that would accept it.
 */
import { type ClaimsFormat, DEFAULT_CLAIMS_NAMESPACE, extractHasuraClaims } from '../../lib/hasura-claims.ts'
import { jwtSecretFor } from '../../lib/local-pool.ts'
import type { HasuraTokenUse } from '../settings.ts'

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

/** What Hasura answers a token without its claims. */
const CLAIMS_NOT_FOUND = invalid(`claims key: '${DEFAULT_CLAIMS_NAMESPACE}' not found`)

/**
 * The fix when access tokens go to Hasura but carry no claims: a V1_0 trigger can touch the ID token only
 * (Cognito's Pre Token Generation V2_0 event, on the Essentials or Plus feature plan, reaches the access token).
 */
const ACCESS_TOKEN_WITHOUT_CLAIMS =
  'This access token has no Hasura claims: a Pre Token Generation trigger of event version V1_0 (Basic features) adds claims to the ID token only. ' +
  'To send access tokens, put the user pool on the Essentials or Plus feature plan, set the trigger to event version V2_0, and have it add the claims to the access token ' +
  '(response.claimsAndScopeOverrideDetails.accessTokenGeneration.claimsToAddOrOverride) — or set VITE_HASURA_TOKEN=id.'

/**
 * `expected` is the token this app sends to Hasura (VITE_HASURA_TOKEN): the other kind is diagnosed as sent by
 * mistake, against the Hasura JWT secret that goes with `expected`.
 */
export function diagnose(
  payload: Record<string, unknown>,
  now: number = Date.now(),
  expected: HasuraTokenUse = 'id',
): ClaimsReport {
  const diagnostics: Diagnostic[] = []
  const seconds = now / 1000
  const tokenUse = payload.token_use
  if (tokenUse === 'id' && expected === 'access') {
    diagnostics.push({
      level: 'warning',
      title: 'ID token where the access token belongs',
      detail:
        "VITE_HASURA_TOKEN=access, but this is an ID token. Hasura's secret for access tokens names no audience, so it accepts an ID token that carries the claims too — but an ID token says who signed in; the API should be sent the access token.",
    })
  }

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
    const accessExpected = tokenUse === 'access' && expected === 'access'
    diagnostics.push({
      level: 'error',
      title: accessExpected ? 'No Hasura claims in the access token' : 'No Hasura claims',
      detail: accessExpected
        ? ACCESS_TOKEN_WITHOUT_CLAIMS
        : tokenUse === 'access'
          ? 'This is an access token. A V1 Pre Token Generation trigger adds claims to the ID token only: send the ID token to Hasura.'
          : misses.length
            ? `Found ${misses.map((m) => JSON.stringify(m)).join(', ')} but not "${DEFAULT_CLAIMS_NAMESPACE}": check the namespace spelling.`
            : 'The Pre Token Generation trigger did not add them: is it attached to the pool, and did it run?',
      hasura: CLAIMS_NOT_FOUND,
    })
    // The secret Hasura will need once the trigger adds the claims (the project's trigger stringifies them).
    return { diagnostics, suggestedSecret: accessExpected ? suggestSecret(payload, 'stringified_json') : undefined }
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
  if (tokenUse === 'access' && expected === 'id') {
    // Hasura checks `aud` only when the token has one (jose's validateAudClaim): the audience does not stop it.
    diagnostics.push({
      level: 'warning',
      title: 'Access token where the ID token belongs',
      detail:
        "VITE_HASURA_TOKEN=id, but this is an access token. Hasura's audience check passes a token without aud, so it accepts this one too. To send access tokens on purpose, set VITE_HASURA_TOKEN=access.",
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
