import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import { FakeClock } from '../clock.ts'
import { createKeySet } from './jwk-set.ts'
import { parseJwtSecret } from './jwt-secret.ts'
import { createJwtVerifier } from './jwt-verify.ts'

describe('createJwtVerifier', () => {
  it('checks the times of a remembered token on every request, and forgets tokens when the keys change', async () => {
    const clock = new FakeClock(Date.UTC(2026, 0, 1))
    const first = await generateKeyPair('RS256')
    const second = await generateKeyPair('RS256')
    const jwks = async (key: CryptoKey) => ({ keys: [{ ...(await exportJWK(key)), kid: 'k', alg: 'RS256' }] })
    let current = await jwks(first.publicKey)
    let fetches = 0
    const secret = parseJwtSecret('{"jwk_url":"http://issuer.test/jwks.json"}')
    const keys = await createKeySet(secret, {
      clock,
      fetch: async () => {
        fetches += 1
        return new Response(JSON.stringify(current), { headers: { 'cache-control': 'max-age=60' } })
      },
    })
    const verify = createJwtVerifier(secret, keys, clock)
    const iat = clock.now().getTime() / 1000
    const token = await new SignJWT({ sub: 'a' })
      .setProtectedHeader({ alg: 'RS256', kid: 'k' })
      .setIssuedAt(iat)
      .setExpirationTime(iat + 120)
      .sign(first.privateKey)
    expect(await verify(token)).toMatchObject({ sub: 'a' })
    expect(await verify(token)).toMatchObject({ sub: 'a' })
    current = await jwks(second.publicKey) // the issuer rotated its key
    clock.advanceBy(61_000)
    await expect(verify(token)).rejects.toThrow('Could not verify JWT: JWSError JWSInvalidSignature')
    expect(fetches).toBe(2)
    clock.advanceBy(60_000)
    const fresh = await new SignJWT({ sub: 'b' })
      .setProtectedHeader({ alg: 'RS256', kid: 'k' })
      .setIssuedAt(iat)
      .setExpirationTime(iat + 150)
      .sign(second.privateKey)
    expect(await verify(fresh)).toMatchObject({ sub: 'b' })
    clock.advanceBy(30_000)
    await expect(verify(fresh)).rejects.toThrow('Could not verify JWT: JWTExpired')
  })
})
