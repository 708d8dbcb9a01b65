import { describe, expect, it } from 'vitest'
import { contentSecurityPolicy } from './content-security-policy.ts'

const sources = {
  cognitoDomain: 'https://demo.auth.eu-west-1.amazoncognito.com',
  issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123',
  hasuraGraphqlUrl: 'https://demo.hasura.app/v1/graphql',
}

describe('contentSecurityPolicy', () => {
  it('allows connections to the hosted UI, the issuer and Hasura only, and scripts from this origin only', () => {
    const policy = contentSecurityPolicy(sources)
    expect(policy).toContain(
      "connect-src 'self' https://demo.auth.eu-west-1.amazoncognito.com https://cognito-idp.eu-west-1.amazonaws.com https://demo.hasura.app",
    )
    expect(policy).toContain("script-src 'self';")
    expect(policy).not.toContain('frame-ancestors')
  })

  it('adds frame-ancestors only to the header form, where browsers honour it', () => {
    expect(contentSecurityPolicy(sources, { header: true })).toMatch(/; frame-ancestors 'none'$/)
  })

  it('lists an origin once when services share it', () => {
    const local = contentSecurityPolicy({
      cognitoDomain: 'http://localhost:9229',
      issuer: 'http://localhost:9229/us-east-1_LocalPool',
      hasuraGraphqlUrl: 'http://localhost:8080/v1/graphql',
    })
    expect(local).toContain("connect-src 'self' http://localhost:9229 http://localhost:8080;")
  })
})
