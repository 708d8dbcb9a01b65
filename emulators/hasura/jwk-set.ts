/**
 * The keys Hasura verifies tokens with: a static `key`, or a JWKS at `jwk_url` fetched at start-up (failure is fatal)
 * and refetched when the expiry derived from the response's `Cache-Control` / `Expires` passes
 * (`fetchJwk` / `determineJwkExpiryLifetime` in `server/src-lib/Hasura/Server/Auth/JWT.hs`, specs/hasura.md §1.7).
 */
import { createPublicKey, type KeyObject } from 'node:crypto'
import { importJWK, type JWK } from 'jose'
import type { Clock } from '../clock.ts'
import type { JwtSecret } from './jwt-secret.ts'

export type VerificationKey = { kid?: string; key: KeyObject | Uint8Array } | { kid?: string; jwk: JWK }

export interface KeySet {
  /** Keys to try for a token with this `kid`: the matching ones first, then the rest. */
  candidates(kid: string | undefined): Promise<VerificationKey[]>
  importFor(candidate: VerificationKey, alg: string): Promise<KeyObject | Uint8Array | CryptoKey>
  /** Refetches the JWKS when its expiry has passed (Hasura's poller does this every second). */
  refreshIfDue(): Promise<void>
  /** Changes whenever the keys are replaced by a refetch. */
  generation(): number
}

/** Seconds until refetch, or `undefined` when the headers say nothing (then Hasura never refetches). */
export function jwkExpiry(headers: Headers, nowMs: number): number | undefined {
  const cacheControl = headers.get('cache-control')
  if (cacheControl) {
    const directives = new Map(
      cacheControl.split(',').map((part) => {
        const [name = '', value] = part.trim().toLowerCase().split('=')
        return [name, value] as const
      }),
    )
    const maxAge = Number(directives.get('s-maxage') ?? directives.get('max-age'))
    if (directives.has('must-revalidate')) return Number.isFinite(maxAge) ? nowMs + maxAge * 1000 : nowMs
    if (directives.has('no-cache') || directives.has('no-store')) return nowMs
    if (Number.isFinite(maxAge)) return nowMs + maxAge * 1000
  }
  const expires = headers.get('expires')
  if (expires) {
    const at = Date.parse(expires)
    if (Number.isFinite(at)) return at
  }
  return undefined
}

export class JwkFetchError extends Error {
  constructor(message: string) {
    super(message)
    this.name = this.constructor.name
  }
}

async function fetchJwks(url: string, fetchImpl: typeof fetch): Promise<{ keys: JWK[]; headers: Headers }> {
  let response: Response
  try {
    response = await fetchImpl(url, { signal: AbortSignal.timeout(5000) })
  } catch (error) {
    throw new JwkFetchError(`Error fetching JWK from url: ${url} (${(error as Error).message})`)
  }
  if (!response.ok) throw new JwkFetchError(`Non-2xx response on fetching JWK from: ${url}`)
  try {
    const body = (await response.json()) as { keys?: unknown }
    if (!Array.isArray(body.keys)) throw new Error('no keys array')
    return { keys: body.keys as JWK[], headers: response.headers }
  } catch {
    throw new JwkFetchError(`Error parsing JWK from url: ${url}`)
  }
}

export async function createKeySet(
  secret: JwtSecret,
  {
    clock,
    fetch: fetchImpl = fetch,
    log = () => {},
  }: { clock: Clock; fetch?: typeof fetch; log?: (m: string) => void },
): Promise<KeySet> {
  const imported = new Map<string, KeyObject | Uint8Array | CryptoKey>()
  const importFor = async (candidate: VerificationKey, alg: string) => {
    if ('key' in candidate) return candidate.key
    const cacheKey = `${candidate.kid ?? JSON.stringify(candidate.jwk)}|${alg}`
    let key = imported.get(cacheKey)
    if (!key) {
      key = await importJWK(candidate.jwk, alg)
      imported.set(cacheKey, key)
    }
    return key
  }
  const order = (keys: VerificationKey[], kid: string | undefined) =>
    kid === undefined ? keys : [...keys.filter((k) => k.kid === kid), ...keys.filter((k) => k.kid !== kid)]

  if (secret.key !== undefined) {
    const key = secret.type?.startsWith('HS')
      ? new TextEncoder().encode(secret.key)
      : createPublicKey(secret.key.replace(/\\n/g, '\n'))
    const keys: VerificationKey[] = [{ key }]
    return { candidates: async () => keys, importFor, refreshIfDue: async () => {}, generation: () => 0 }
  }

  const url = secret.jwkUrl as string
  const first = await fetchJwks(url, fetchImpl)
  let keys = first.keys.map((jwk) => ({ kid: jwk.kid, jwk }))
  let expiresAt = jwkExpiry(first.headers, clock.now().getTime())
  let refreshing: Promise<void> | undefined
  let generation = 0
  const refresh = () => {
    refreshing ??= fetchJwks(url, fetchImpl)
      .then((next) => {
        keys = next.keys.map((jwk) => ({ kid: jwk.kid, jwk }))
        imported.clear()
        generation += 1
        expiresAt = jwkExpiry(next.headers, clock.now().getTime()) ?? expiresAt
      })
      // Hasura logs refresh failures and keeps the old keys until the next attempt.
      .catch((error: Error) => log(error.message))
      .finally(() => {
        refreshing = undefined
      })
    return refreshing
  }
  const refreshIfDue = async () => {
    if (expiresAt !== undefined && clock.now().getTime() >= expiresAt) await refresh()
  }
  return {
    async candidates(kid) {
      await refreshIfDue()
      return order(keys, kid)
    },
    refreshIfDue,
    importFor,
    generation: () => generation,
  }
}
