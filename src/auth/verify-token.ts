/**
 * What every Cognito JWT must pass before anything uses it: the format, RS256, the signature against the pool's
 * JWKS (jose; cached, and refetched once when a `kid` is unknown), `iss`, `exp` and `iat`. The ID and access token
 * verifiers add their own claims (verify-id-token.ts, verify-access-token.ts). Every check is reported; the first
 * failure is the verdict.
 */
import {
  compactVerify,
  createRemoteJWKSet,
  customFetch,
  errors,
  type JWTPayload,
  type JWTVerifyGetKey,
  type ProtectedHeaderParameters,
  type RemoteJWKSet,
} from 'jose'
import { jwtDecode } from 'jwt-decode'

export type CheckId =
  | 'format'
  | 'alg'
  | 'signature'
  | 'iss'
  | 'aud'
  | 'client_id'
  | 'token_use'
  | 'exp'
  | 'iat'
  | 'nonce'
  | 'at_hash'

export interface Check {
  id: CheckId
  ok: boolean
  detail: string
}

export interface Verification {
  verdict: 'verified' | 'rejected'
  reason?: string
  checks: Check[]
  header?: ProtectedHeaderParameters
  payload?: JWTPayload
  /** Browser clock minus the issuer's `iat`, in seconds (positive: this browser is ahead). */
  skewSeconds?: number
}

export interface KeyExpectations {
  issuer: string
  /** The app client id: `aud` of an ID token, `client_id` of an access token. */
  clientId: string
  now?: number
  keys?: JWTVerifyGetKey
}

/** Tolerated future `iat` (clock drift) before a token counts as issued in the future. */
export const IAT_LEEWAY_SECONDS = 300

const keySets = new Map<string, RemoteJWKSet>()

/**
 * One cached JWKS per issuer. An unknown `kid` makes jose refetch once — unless it fetched less than
 * `cooldownMs` ago (aws-jwt-verify's 10 s "penalty box"), so a stream of forged kids cannot hammer the issuer.
 */
export function jwksFor(issuer: string, fetchImpl?: typeof fetch, cooldownMs = 10_000): RemoteJWKSet {
  const url = `${issuer}/.well-known/jwks.json`
  let keys = keySets.get(url)
  if (!keys) {
    keys = createRemoteJWKSet(new URL(url), {
      cooldownDuration: cooldownMs,
      timeoutDuration: 5000,
      ...(fetchImpl ? { [customFetch]: fetchImpl } : {}),
    })
    if (!fetchImpl) keySets.set(url, keys)
  }
  return keys
}

/**
 * Fetches the pool's keys now, and imports its RS256 keys into WebCrypto, ahead of the verification that will need
 * them — the callback's, while its `state` is checked. Only the configured issuer's keys, whatever a token says; a
 * failure is reported by that verification.
 */
export function prefetchJwks(issuer: string): void {
  const keys = jwksFor(issuer)
  if (keys.fresh || keys.reloading) return
  keys
    .reload()
    .then(() => {
      const kids = (keys.jwks()?.keys ?? []).filter((k) => k.alg === 'RS256' && k.kid).map((k) => k.kid)
      return Promise.all(kids.map((kid) => keys({ alg: 'RS256', kid })))
    })
    .catch(() => {})
}

export function decodeToken(token: string): { header: ProtectedHeaderParameters; payload: JWTPayload } {
  const parts = token.split('.').length
  if (parts === 5)
    throw new Error('this is a 5-part JWE (an encrypted token, like a Cognito refresh token), not a signed JWT')
  if (parts !== 3) throw new Error(`a JWT has 3 dot-separated parts, this has ${parts}`)
  // jwt-decode reads without verifying — the claims view must show what a rejected token claims, too.
  return {
    header: jwtDecode<ProtectedHeaderParameters>(token, { header: true }),
    payload: jwtDecode<JWTPayload>(token),
  }
}

export function signatureProblem(error: unknown, header: ProtectedHeaderParameters, issuer: string): string {
  if (error instanceof errors.JWKSNoMatchingKey) {
    return `no key with kid "${header.kid}" in ${issuer}/.well-known/jwks.json — a token of another pool or region`
  }
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return 'the signature does not match the signing key: the token was altered'
  if (error instanceof errors.JWKSTimeout) return `the JWKS at ${issuer}/.well-known/jwks.json did not answer in time`
  if (error instanceof errors.JOSEAlgNotAllowed) return `alg ${header.alg} is not allowed`
  if (error instanceof errors.JOSEError) return `${error.code}: ${error.message}`
  return `the JWKS at ${issuer}/.well-known/jwks.json could not be fetched (${(error as Error).message})`
}

export type AddCheck = (id: CheckId, ok: boolean, detail: string) => void

/** A claim that must have one value: ok with the value, else what it is and what was expected. */
export function expectClaim(add: AddCheck, id: CheckId, actual: unknown, expected: string, why: string): void {
  const what = actual === undefined ? 'missing' : `is ${JSON.stringify(actual)}`
  add(id, actual === expected, actual === expected ? expected : `${what}, ${why}`)
}

/** `exp` and `iat` against this browser's clock (seconds). */
export function checkTimes(add: AddCheck, payload: Record<string, unknown>, now: number): void {
  const exp = typeof payload.exp === 'number' ? payload.exp : undefined
  const iat = typeof payload.iat === 'number' ? payload.iat : undefined
  add(
    'exp',
    exp !== undefined && now < exp,
    exp === undefined
      ? 'missing'
      : now < exp
        ? `valid for ${Math.round(exp - now)} s more`
        : `expired ${Math.round(now - exp)} s ago`,
  )
  add(
    'iat',
    iat !== undefined && iat <= now + IAT_LEEWAY_SECONDS,
    iat === undefined
      ? 'missing'
      : iat <= now + IAT_LEEWAY_SECONDS
        ? `issued ${Math.round(now - iat)} s ago`
        : `issued ${Math.round(iat - now)} s in the future`,
  )
}

/**
 * Format, alg and signature; then `claims` adds the token kind's own checks in the order they are shown. The
 * verdict is the first failed check.
 */
export async function verifyJwt(
  token: string,
  expect: KeyExpectations,
  claims: (payload: JWTPayload, add: AddCheck, now: number) => Promise<void> | void,
): Promise<Verification> {
  const checks: Check[] = []
  const add: AddCheck = (id, ok, detail) => checks.push({ id, ok, detail })
  const result = (extra: Partial<Verification> = {}): Verification => {
    const failed = checks.find((c) => !c.ok)
    return {
      verdict: failed ? 'rejected' : 'verified',
      reason: failed ? `${failed.id}: ${failed.detail}` : undefined,
      checks,
      ...extra,
    }
  }

  let decoded: ReturnType<typeof decodeToken>
  try {
    decoded = decodeToken(token)
  } catch (error) {
    add('format', false, `not a JWT: ${(error as Error).message}`)
    return result()
  }
  const { header, payload } = decoded
  const now = (expect.now ?? Date.now()) / 1000

  if (header.alg !== 'RS256') {
    add(
      'alg',
      false,
      header.alg === 'none'
        ? 'alg "none": an unsigned token is never accepted'
        : `alg "${header.alg}": Cognito signs its tokens with RS256, nothing else is accepted`,
    )
    return result({ header, payload })
  }
  add('alg', true, 'RS256')
  try {
    await compactVerify(token, expect.keys ?? jwksFor(expect.issuer), { algorithms: ['RS256'] })
    add('signature', true, `valid, key ${header.kid}`)
  } catch (error) {
    add('signature', false, signatureProblem(error, header, expect.issuer))
    return result({ header, payload })
  }
  expectClaim(add, 'iss', payload.iss, expect.issuer, `expected ${expect.issuer}`)
  await claims(payload, add, now)
  const iat = typeof payload.iat === 'number' ? payload.iat : undefined
  return result({ header, payload, skewSeconds: iat === undefined ? undefined : Math.round(now - iat) })
}
