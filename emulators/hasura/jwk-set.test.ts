import { describe, expect, it } from 'vitest'
import { FakeClock } from '../clock.ts'
import { createKeySet, jwkExpiry } from './jwk-set.ts'
import { parseJwtSecret } from './jwt-secret.ts'

const secret = parseJwtSecret('{"jwk_url":"http://issuer.test/.well-known/jwks.json"}')

describe('JWKS refresh (determineJwkExpiryLifetime)', () => {
  it('reads Cache-Control first, then Expires', () => {
    const at = (headers: Record<string, string>) => jwkExpiry(new Headers(headers), 0)
    expect(at({ 'cache-control': 'public, max-age=300' })).toBe(300_000)
    expect(at({ 'cache-control': 's-maxage=60, max-age=300' })).toBe(60_000)
    expect(at({ 'cache-control': 'no-cache' })).toBe(0)
    expect(at({ 'cache-control': 'must-revalidate' })).toBe(0)
    expect(at({ expires: 'Thu, 01 Jan 1970 00:01:00 GMT' })).toBe(60_000)
    expect(at({})).toBeUndefined()
  })

  it('refetches after max-age and keeps the old keys when a refetch fails', async () => {
    const clock = new FakeClock(0)
    const answers = [
      () =>
        new Response(JSON.stringify({ keys: [{ kid: 'k1', kty: 'RSA' }] }), {
          headers: { 'cache-control': 'max-age=60' },
        }),
      () => new Response('boom', { status: 500 }),
      () =>
        new Response(JSON.stringify({ keys: [{ kid: 'k2', kty: 'RSA' }] }), {
          headers: { 'cache-control': 'max-age=60' },
        }),
    ]
    let calls = 0
    const logs: string[] = []
    const keys = await createKeySet(secret, {
      clock,
      fetch: async () => (answers[calls++] as () => Response)(),
      log: (m) => logs.push(m),
    })
    const kids = async () => (await keys.candidates(undefined)).map((k) => k.kid)
    expect(await kids()).toEqual(['k1'])
    clock.advanceBy(59_000)
    expect(await kids()).toEqual(['k1'])
    expect(calls).toBe(1)
    clock.advanceBy(1_000)
    expect(await kids()).toEqual(['k1']) // the refetch failed: old keys stay
    expect(logs).toEqual(['Non-2xx response on fetching JWK from: http://issuer.test/.well-known/jwks.json'])
    expect(await kids()).toEqual(['k2'])
    expect(calls).toBe(3)
  })

  it('refuses to start when the JWKS cannot be fetched', async () => {
    await expect(
      createKeySet(secret, { clock: new FakeClock(), fetch: async () => new Response('{}') }),
    ).rejects.toThrow('Error parsing JWK from url: http://issuer.test/.well-known/jwks.json')
  })
})
