import { describe, expect, it } from 'vitest'
import { testCognito } from '../testing.ts'

describe('issuer /.well-known', () => {
  it('publishes discovery with the issuer and the hosted-UI endpoints, keys sorted', async () => {
    const { app } = await testCognito()
    const response = await app.request('/us-east-1_LocalPool/.well-known/openid-configuration')
    const body = await response.json()
    expect(Object.keys(body)).toEqual([...Object.keys(body)].sort())
    expect(body).toMatchObject({
      issuer: 'http://localhost:9229/us-east-1_LocalPool',
      jwks_uri: 'http://localhost:9229/us-east-1_LocalPool/.well-known/jwks.json',
      authorization_endpoint: 'http://localhost:9229/oauth2/authorize',
      response_types_supported: ['code', 'token'],
    })
  })

  it('serves two RSA keys with Cognito-shaped kids, readable cross-origin and cacheable', async () => {
    const { app } = await testCognito()
    const response = await app.request('/us-east-1_LocalPool/.well-known/jwks.json')
    expect(response.headers.get('cache-control')).toMatch(/max-age=\d+/)
    expect(response.headers.get('access-control-allow-origin')).toBe('*')
    const { keys } = await response.json()
    expect(keys).toHaveLength(2)
    for (const key of keys) {
      expect(Object.keys(key)).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use'])
      expect(key.kid).toMatch(/^[A-Za-z0-9+/]{43}=$/)
      expect(key).not.toHaveProperty('d')
    }
    expect(keys[0].kid).not.toBe(keys[1].kid)
  })
})
