import { describe, expect, it } from 'vitest'
import { readSettings } from './settings.ts'

describe('readSettings', () => {
  it('defaults to the local stack, with URIs on the page origin', () => {
    const result = readSettings({}, 'http://localhost:3333')
    expect(result).toEqual({
      ok: true,
      settings: {
        cognitoDomain: 'http://localhost:9229',
        clientId: 'localdemoclient00000000000',
        issuer: 'http://localhost:9229/us-east-1_LocalPool',
        hasuraGraphqlUrl: 'http://localhost:8080/v1/graphql',
        redirectUri: 'http://localhost:3333/cognito-callback',
        logoutUri: 'http://localhost:3333/',
        responseType: 'token',
        scopes: ['openid', 'email', 'profile'],
        hasuraToken: 'id',
      },
    })
  })

  it('accepts a real AWS setup', () => {
    const result = readSettings(
      {
        VITE_COGNITO_DOMAIN: 'https://my-app.auth.eu-west-1.amazoncognito.com/',
        VITE_COGNITO_CLIENT_ID: '1h57kf5cpq17m0eml12example',
        VITE_COGNITO_ISSUER: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123xyz',
        VITE_HASURA_GRAPHQL_URL: 'https://my-project.hasura.app/v1/graphql',
        VITE_OAUTH_RESPONSE_TYPE: 'code',
      },
      'https://demo.example.com',
    )
    expect(result.ok && result.settings.cognitoDomain).toBe('https://my-app.auth.eu-west-1.amazoncognito.com')
    expect(result.ok && result.settings.redirectUri).toBe('https://demo.example.com/cognito-callback')
    expect(readSettings({ VITE_HASURA_TOKEN: 'access' }, 'https://x.example')).toMatchObject({
      ok: true,
      settings: { hasuraToken: 'access' },
    })
  })

  it('names every bad setting with an example of a good one', () => {
    const result = readSettings(
      {
        VITE_COGNITO_DOMAIN: 'my-app.auth.eu-west-1.amazoncognito.com',
        VITE_COGNITO_ISSUER: 'http://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123xyz',
        VITE_HASURA_GRAPHQL_URL: 'https://x.hasura.app/v1/graphql',
        VITE_REDIRECT_URI: 'https://demo.example.com/cb#x',
        VITE_OAUTH_RESPONSE_TYPE: 'id_token',
        VITE_COGNITO_CLIENT_ID: 'has spaces',
        VITE_HASURA_TOKEN: 'id_token',
      },
      'https://demo.example.com',
    )
    expect(result.ok).toBe(false)
    if (result.ok) return
    const byName = Object.fromEntries(result.problems.map((p) => [p.name, p.problem]))
    expect(byName).toEqual({
      VITE_COGNITO_DOMAIN: 'is not an absolute http(s) URL',
      VITE_COGNITO_ISSUER: 'must use https (plain http is allowed for localhost only)',
      VITE_REDIRECT_URI: 'must not contain a #fragment',
      VITE_COGNITO_CLIENT_ID: 'is not an app client id (letters and digits)',
      VITE_OAUTH_RESPONSE_TYPE: 'must be "token" or "code"',
      VITE_HASURA_TOKEN: 'must be "id" or "access"',
    })
    expect(result.problems.every((p) => p.example.length > 0)).toBe(true)
  })

  it('refuses a domain with a path and an issuer with a trailing slash', () => {
    const result = readSettings(
      {
        VITE_COGNITO_DOMAIN: 'https://a.auth.us-east-1.amazoncognito.com/login',
        VITE_COGNITO_ISSUER: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_X/',
      },
      'https://x.example',
    )
    expect(result.ok ? [] : result.problems.map((p) => p.name)).toEqual(['VITE_COGNITO_DOMAIN', 'VITE_COGNITO_ISSUER'])
  })
})
