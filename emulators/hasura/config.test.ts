import { describe, expect, it } from 'vitest'
import { loadConfig } from './config.ts'
import { parseJwtSecret } from './jwt-secret.ts'

describe('HASURA_GRAPHQL_JWT_SECRET', () => {
  it("reads the recipe's Cognito configuration", () => {
    expect(
      parseJwtSecret(
        '{"type":"RS256","jwk_url":"https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_X/.well-known/jwks.json","claims_format":"stringified_json","audience":"abc","issuer":"https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_X"}',
      ),
    ).toMatchObject({
      claims: { claimsFormat: 'stringified_json', claimsNamespace: 'https://hasura.io/jwt/claims' },
      audience: ['abc'],
      allowedSkew: 0,
      header: { type: 'Authorization' },
    })
  })

  it.each([
    ['{"type":"RS256"}', 'key and jwk_url both cannot be empty'],
    ['{"type":"RS256","key":"x","jwk_url":"https://x"}', 'key, jwk_url both cannot be present'],
    ['{"type":"HS256","key":"short"}', 'Invalid JWK: Key size too small; should be atleast 32 characters'],
    ['{"type":"PS256","key":"x"}', 'Invalid JWK: Key type: PS256 is not supported'],
    [
      '{"jwk_url":"https://x","claims_namespace":"a","claims_namespace_path":"$.b"}',
      'claims_namespace and claims_namespace_path both cannot be set',
    ],
    ['{"jwk_url":"https://x","claims_namespace_path":"hasura"}', 'invalid JSON path claims_namespace_path error'],
    [
      '{"jwk_url":"https://x","header":{"type":"Query"}}',
      "expected 'type' is 'Authorization' or 'Cookie' or 'CustomHeader'",
    ],
    ['{"jwk_url":"https://x","claims_map":{}}', "'claims_map' is not supported by the local Hasura stand-in"],
    ['not json', 'not valid JSON'],
  ])('refuses %s', (secret, message) => {
    expect(() => parseJwtSecret(secret)).toThrow(message)
  })
})

describe('loadConfig', () => {
  it('refuses JWT mode without an admin secret, as Hasura does', () => {
    expect(() => loadConfig({ HASURA_GRAPHQL_JWT_SECRET: '{"jwk_url":"https://x"}' })).toThrow(
      '--jwt-secret (HASURA_GRAPHQL_JWT_SECRET) requires --admin-secret',
    )
  })

  it('reads ports, CORS domains and directories', () => {
    const config = loadConfig({
      HASURA_GRAPHQL_SERVER_PORT: '9000',
      HASURA_GRAPHQL_CORS_DOMAIN: 'http://localhost:3333, https://*.example.com',
      HASURA_GRAPHQL_ADMIN_SECRET: 'x',
      HASURA_GRAPHQL_UNAUTHORIZED_ROLE: 'anonymous',
      HASURA_PROJECT_DIR: 'somewhere',
    })
    expect(config).toMatchObject({
      port: 9000,
      corsDomains: ['http://localhost:3333', 'https://*.example.com'],
      unauthorizedRole: 'anonymous',
    })
    expect(config.projectDir.endsWith('/somewhere')).toBe(true)
    expect(() => loadConfig({ HASURA_GRAPHQL_SERVER_PORT: 'eighty' })).toThrow(
      'HASURA_GRAPHQL_SERVER_PORT must be a port number',
    )
  })
})
