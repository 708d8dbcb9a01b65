/**
 * JWT verification in Hasura's order, with its messages (`verifyJwt` in JWT.hs and the Haskell jose library's
 * `validateClaimsSet`; specs/hasura.md §1.3). The first failing check wins; all are `invalid-jwt` at path `$`.
 */
import { compactVerify } from 'jose'
import { aesonType } from '../../lib/hasura-claims.ts'
import type { Clock } from '../clock.ts'
import { HasuraError } from './errors.ts'
import type { KeySet } from './jwk-set.ts'
import type { JwtSecret } from './jwt-secret.ts'

const invalid = (detail: string) => new HasuraError('invalid-jwt', `Could not verify JWT: ${detail}`)

function decodeSegment(segment: string): unknown {
  return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'))
}

/** Claim types that jose's `ClaimsSet` parser insists on (`JWTClaimsSetDecodeError`). */
function claimsSetDecodeError(payload: Record<string, unknown>): string | undefined {
  for (const claim of ['iss', 'sub'] as const) {
    const value = payload[claim]
    if (value !== undefined && typeof value !== 'string') {
      return `JWTClaimsSetDecodeError "Error in $.${claim}: parsing StringOrURI failed, expected String, but encountered ${aesonType(value)}"`
    }
  }
  const aud = payload.aud
  if (
    aud !== undefined &&
    typeof aud !== 'string' &&
    !(Array.isArray(aud) && aud.every((a) => typeof a === 'string'))
  ) {
    return `JWTClaimsSetDecodeError "Error in $.aud: parsing Audience failed, expected String or Array, but encountered ${aesonType(aud)}"`
  }
  for (const claim of ['exp', 'iat', 'nbf'] as const) {
    const value = payload[claim]
    if (value !== undefined && typeof value !== 'number') {
      return `JWTClaimsSetDecodeError "Error in $.${claim}: parsing NumericDate failed, expected Number, but encountered ${aesonType(value)}"`
    }
  }
  return undefined
}

/**
 * Verifies tokens as Hasura does. A token string whose signature already verified against the current key set is
 * remembered (the outcome cannot differ), so a client that sends the same ID token on every request pays for RSA
 * once; its claims and times are still checked on every request.
 */
export function createJwtVerifier(secret: JwtSecret, keys: KeySet, clock: Clock) {
  const verified = new Map<string, Record<string, unknown>>()
  let generation = keys.generation()
  return async (token: string): Promise<Record<string, unknown>> => {
    await keys.refreshIfDue()
    if (keys.generation() !== generation) {
      verified.clear()
      generation = keys.generation()
    }
    let payload = verified.get(token)
    if (!payload) {
      payload = await verifySignature(token, secret, keys)
      if (verified.size >= 10_000) verified.delete(verified.keys().next().value as string)
      verified.set(token, payload)
    }
    checkClaims(payload, secret, clock)
    return payload
  }
}

/** Everything up to and including the signature (and the claims set's shape), in Hasura's order. */
async function verifySignature(token: string, secret: JwtSecret, keys: KeySet): Promise<Record<string, unknown>> {
  const parts = token.split('.')
  // Current Hasura compares an unverified `iss` before anything else when an issuer is configured.
  if (secret.issuer !== undefined && parts.length === 3) {
    try {
      const iss = (decodeSegment(parts[1] as string) as Record<string, unknown>).iss
      if (typeof iss === 'string' && iss !== secret.issuer) throw invalid('JWTNotInIssuer')
    } catch (error) {
      if (error instanceof HasuraError) throw error
    }
  }
  if (parts.length !== 3) {
    throw invalid(`JWSError (CompactDecodeError Invalid number of parts: Expected 3 parts; got ${parts.length})`)
  }
  let header: Record<string, unknown>
  let payload: Record<string, unknown>
  try {
    header = decodeSegment(parts[0] as string) as Record<string, unknown>
    payload = decodeSegment(parts[1] as string) as Record<string, unknown>
    if (typeof header !== 'object' || header === null || typeof payload !== 'object' || payload === null) {
      throw new Error('not an object')
    }
  } catch {
    throw invalid('JWSError (CompactDecodeError Base64DecodeError "invalid JOSE header or payload")')
  }

  const alg = header.alg
  let verified = false
  if (typeof alg === 'string' && alg !== 'none') {
    for (const candidate of await keys.candidates(typeof header.kid === 'string' ? header.kid : undefined)) {
      try {
        await compactVerify(token, await keys.importFor(candidate, alg), { algorithms: [alg] })
        verified = true
        break
      } catch {
        // A key of another type or a bad signature: try the next key, as jose tries every key of a JWKSet.
      }
    }
  }
  if (!verified) throw invalid('JWSError JWSInvalidSignature')

  const decodeError = claimsSetDecodeError(payload)
  if (decodeError) throw invalid(decodeError)
  return payload
}

/** The time, issuer and audience checks, against the current time. */
function checkClaims(payload: Record<string, unknown>, secret: JwtSecret, clock: Clock): void {
  const now = clock.now().getTime() / 1000
  const skew = secret.allowedSkew
  const { exp, iat, nbf, iss, aud } = payload as {
    exp?: number
    iat?: number
    nbf?: number
    iss?: string
    aud?: unknown
  }
  if (exp !== undefined && now >= exp + skew) throw invalid('JWTExpired')
  if (iat !== undefined && iat > now + skew) throw invalid('JWTIssuedAtFuture')
  if (nbf !== undefined && now < nbf - skew) throw invalid('JWTNotYetValid')
  if (secret.issuer !== undefined && iss !== undefined && iss !== secret.issuer) throw invalid('JWTNotInIssuer')
  if (secret.audience !== undefined && aud !== undefined) {
    const audiences = Array.isArray(aud) ? aud : [aud]
    if (!audiences.some((a) => secret.audience?.includes(a as string))) throw invalid('JWTNotInAudience')
  }
}
